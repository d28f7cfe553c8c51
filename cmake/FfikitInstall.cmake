# Installs the four stage libraries and their headers, and the in-process
# checker, with a package config so that another project can write
# find_package(ffikit) and link ffikit::stage4_result (which brings stages 3
# and 2 along), or watch its own code with ffikit_link_checker(target) and
# an ffikit::check::Session (tests/check/external_project shows how).
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

# The in-process checker for other projects: ffikit::check (with its parts)
# and ffikit_link_checker(), from the same table of watched calls as the
# in-tree function. src/check is added after this file is included, so the
# install rules are made once the top-level directory is complete.
function(ffikit_install_checker)
  set(checker_targets
    ffikit_check ffikit_check_model ffikit_check_child ffikit_check_wrap)
  foreach(target IN LISTS checker_targets)
    if(NOT TARGET ${target})
      return()
    endif()
    string(REPLACE "ffikit_" "" export_name ${target})
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  endforeach()
  install(TARGETS ${checker_targets}
    EXPORT ffikitTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/ffikit/objects)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/check/include/
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  list(JOIN FFIKIT_CHECK_WRAPPED_SYMBOLS " " wrapped)
  file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/ffikitChecker.cmake
    CONTENT [=[# Generated from src/check/include/ffikit/check/watched_calls.def.
# ffikit_link_checker(<target>): watch every call of the checker's table made
# by the objects and static libraries linked into <target>, with
# -Wl,--wrap; calls count only while an ffikit::check::Session is armed.
set_property(GLOBAL PROPERTY FFIKIT_CHECK_WRAPPED_SYMBOLS @wrapped@)
function(ffikit_link_checker target)
  get_property(symbols GLOBAL PROPERTY FFIKIT_CHECK_WRAPPED_SYMBOLS)
  set(wraps "")
  foreach(symbol IN LISTS symbols)
    list(APPEND wraps "LINKER:--wrap=${symbol}")
  endforeach()
  target_link_libraries(${target} PRIVATE ffikit::check_wrap ffikit::check)
  target_link_options(${target} PRIVATE ${wraps})
endfunction()
]=] @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/ffikitChecker.cmake DESTINATION ${config_dir})
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL ffikit_install_checker)
