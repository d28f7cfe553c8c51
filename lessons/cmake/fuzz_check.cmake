# A fuzz verdict, run by CTest: builds a libFuzzer binary with ASan+UBSan
# from SOURCES and runs it with a fixed seed and bounds.
#   EXPECT=crash  the run must stop on a crash whose report matches PATTERN
#                 (the planted bug was found);
#   EXPECT=clean  the run must finish RUNS inputs without any crash.
cmake_minimum_required(VERSION 3.25)
set(flags -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined
  -fno-sanitize-recover=all)
foreach(dir IN LISTS INCLUDES)
  list(APPEND flags -I${dir})
endforeach()
get_filename_component(work ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${work})
execute_process(COMMAND ${COMPILER} ${flags} ${SOURCES} -o ${OUTPUT}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 0)
  string(SUBSTRING "${out}" 0 1500 head)
  message(FATAL_ERROR "fuzz check: the fuzz target does not build:\n${head}")
endif()

set(artifacts ${OUTPUT}-artifacts/)
file(REMOVE_RECURSE ${artifacts})
file(MAKE_DIRECTORY ${artifacts})
set(ENV{ASAN_OPTIONS} "detect_leaks=0:handle_sigbus=0")
execute_process(COMMAND ${OUTPUT} -seed=1 -runs=${RUNS}
    -max_total_time=${SECONDS} -artifact_prefix=${artifacts}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX MATCH "==[0-9]+==ERROR[^\n]*|runtime error[^\n]*|deadly signal" crash_line "${out}")
if(EXPECT STREQUAL "crash")
  if(status EQUAL 0 OR NOT crash_line)
    string(REGEX MATCH "Done [0-9]+ runs[^\n]*" done "${out}")
    message(FATAL_ERROR "fuzz check: the fuzz target found nothing (seed 1, "
      "at most ${RUNS} runs or ${SECONDS} s; ${done}). It must drive the code "
      "into the planted bug.")
  endif()
  if(NOT out MATCHES "${PATTERN}")
    message(FATAL_ERROR "fuzz check: the run crashed, but not with the "
      "planted bug (expected '${PATTERN}'): ${crash_line}")
  endif()
  message(STATUS "fuzz check: found the planted bug: ${crash_line}")
else()
  if(NOT status EQUAL 0)
    file(GLOB found ${artifacts}*)
    message(FATAL_ERROR "fuzz check: the code still crashes under the fuzz "
      "target: ${crash_line}\nreproducer: ${found}")
  endif()
  string(REGEX MATCH "Done [0-9]+ runs[^\n]*" done "${out}")
  message(STATUS "fuzz check: clean, ${done}")
endif()
file(REMOVE_RECURSE ${artifacts})
