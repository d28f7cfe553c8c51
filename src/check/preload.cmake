# The checker's core as an LD_PRELOAD library for ffikit-faultrun. Built
# without sanitizers whatever FFIKIT_SANITIZE says: it must load into any
# program, instrumented or not (a sanitized .so would need the runtime of
# the program it is loaded into).
add_library(ffikit_check_preload SHARED ${FFIKIT_CHECK_CORE_SOURCES}
  ${CMAKE_CURRENT_SOURCE_DIR}/monitor.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/intercept/preload/fork_server.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/intercept/preload/preload.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/intercept/preload/report_files.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/intercept/preload/resolve.cpp)
set_target_properties(ffikit_check_preload PROPERTIES
  OUTPUT_NAME ffikit-check-preload
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_include_directories(ffikit_check_preload PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_options(ffikit_check_preload PRIVATE -fno-sanitize=all)
# Export the watched C names (from the one table) and nothing else, so the
# library's own C++ template instances never interpose on the program's.
set(preload_map ${CMAKE_CURRENT_BINARY_DIR}/preload.map)
list(JOIN FFIKIT_CHECK_EXPORTED_SYMBOLS ";\n    " exports)
file(CONFIGURE OUTPUT ${preload_map} CONTENT
  "/* Generated from watched_calls.def. */\n{\n  global:\n    ${exports};\n  local:\n    *;\n};\n")
target_link_options(ffikit_check_preload PRIVATE -fno-sanitize=all
  "LINKER:--version-script=${preload_map}")
set_property(TARGET ffikit_check_preload APPEND PROPERTY LINK_DEPENDS ${preload_map})
find_package(Threads REQUIRED)
target_link_libraries(ffikit_check_preload PRIVATE ${CMAKE_DL_LIBS} Threads::Threads)
ffikit_warnings(ffikit_check_preload)
install(TARGETS ffikit_check_preload
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/ffikit COMPONENT faultrun)
