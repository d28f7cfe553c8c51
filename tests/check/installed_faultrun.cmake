# Installs ffikit-faultrun (install component "faultrun") into a fresh prefix and runs the installed
# ffikit-faultrun on a planted double close: it must find its preload
# library by itself and report the violation.
#   -DBUILD_DIR=... -DPLANTED=... -DWORK_DIR=...
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
    --component faultrun
  RESULT_VARIABLE status OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${status}")
endif()
file(WRITE ${WORK_DIR}/sample "installed faultrun sample\n")
execute_process(
  COMMAND ${WORK_DIR}/prefix/bin/ffikit-faultrun --trace -- ${PLANTED} double-close ${WORK_DIR}/sample
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(REMOVE_RECURSE ${WORK_DIR})
if(NOT status EQUAL 1 OR NOT out MATCHES "violation: double close at #5")
  message(FATAL_ERROR "installed ffikit-faultrun: status ${status}\n${out}\n${err}")
endif()
message(STATUS "installed ffikit-faultrun found the double close")
