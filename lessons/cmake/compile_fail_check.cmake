# A compile-fail verdict, run by CTest:
#   cmake -DCOMPILER=... -DSOURCE=... -DINCLUDES=a;b -DPATTERN=regex
#         [-DSTD_HEADER=header] -P this
# STD_HEADER, when given, is included first by both compiles (the build
# precompiles it: see lesson_compile_fail_headers).
# SOURCE must compile when LESSON_CF_CONTROL is defined (proving the file is
# otherwise sound) and must fail to compile without it, with a diagnostic
# matching PATTERN (proving it fails for the reason the lesson teaches).
cmake_minimum_required(VERSION 3.25)
set(flags -std=c++20 -fsyntax-only)
if(STD_HEADER)
  list(APPEND flags -include ${STD_HEADER})
endif()
foreach(dir IN LISTS INCLUDES)
  list(APPEND flags -I${dir})
endforeach()

# The misuse first: if it compiles, the verdict is known without the control.
execute_process(COMMAND ${COMPILER} ${flags} ${SOURCE}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
get_filename_component(name ${SOURCE} NAME)
if(status EQUAL 0)
  message(FATAL_ERROR "compile-fail check: ${name} compiled, but the misuse "
    "it contains must be rejected at compile time.")
endif()
if(NOT out MATCHES "${PATTERN}")
  string(SUBSTRING "${out}" 0 1500 head)
  message(FATAL_ERROR "compile-fail check: ${name} failed to compile, but "
    "not with a diagnostic matching '${PATTERN}':\n${head}")
endif()
execute_process(COMMAND ${COMPILER} ${flags} -DLESSON_CF_CONTROL ${SOURCE}
  RESULT_VARIABLE control_status OUTPUT_VARIABLE control_out
  ERROR_VARIABLE control_out)
if(NOT control_status EQUAL 0)
  string(SUBSTRING "${control_out}" 0 1500 head)
  message(FATAL_ERROR "compile-fail check: the control case (the same file "
    "using an allowed type) does not compile, so the check proves nothing:\n${head}")
endif()

message(STATUS "compile-fail check: ${name} is rejected as it must be")
