# Compiles one source for syntax only and checks the outcome.
#   -DCOMPILER=... -DSOURCE=... -DINCLUDES="a;b" -DEXPECT=fail|pass
#   -DPATTERN=<regex the diagnostic must match when EXPECT=fail>
set(args -std=c++20 -fsyntax-only)
foreach(dir IN LISTS INCLUDES)
  list(APPEND args "-I${dir}")
endforeach()
execute_process(
  COMMAND "${COMPILER}" ${args} "${SOURCE}"
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
if(EXPECT STREQUAL "pass")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "expected ${SOURCE} to compile, but:\n${out}")
  endif()
  message(STATUS "compiles, as expected")
  return()
endif()
if(status EQUAL 0)
  message(FATAL_ERROR "expected ${SOURCE} to be rejected, but it compiled")
endif()
if(NOT out MATCHES "${PATTERN}")
  message(FATAL_ERROR
    "${SOURCE} was rejected, but not for the expected reason "
    "(no match for '${PATTERN}'):\n${out}")
endif()
message(STATUS "rejected for the expected reason: ${PATTERN}")
