# Installs the four stage libraries and their headers, with a package config
# so that another project can write find_package(ffikit) and link
# ffikit::stage4_result (which brings stages 3 and 2 along).
include(CMakePackageConfigHelpers)

set(ffikit_stage_targets
  ffikit_stage1_raw ffikit_stage2_raii ffikit_stage3_callback ffikit_stage4_result)
foreach(target IN LISTS ffikit_stage_targets)
  string(REPLACE "ffikit_" "" export_name ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
endforeach()

install(TARGETS ${ffikit_stage_targets}
  EXPORT ffikitTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
foreach(stage stage1_raw stage2_raii stage3_callback stage4_result)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/${stage}/include/
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/ffikit)
install(EXPORT ffikitTargets NAMESPACE ffikit:: DESTINATION ${config_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ffikitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ffikitConfig.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ffikitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ffikitConfig.cmake
              ${PROJECT_BINARY_DIR}/ffikitConfigVersion.cmake
        DESTINATION ${config_dir})
