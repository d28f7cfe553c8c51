# A fuzz verdict, run by CTest: builds a libFuzzer binary with ASan+UBSan
# from SOURCES and runs it with a fixed seed and bounds.
#   EXPECT=crash  the run must stop on a crash whose report matches PATTERN
#                 (the planted bug was found), and running the crashing
#                 input alone must crash the same way: a target that keeps
#                 state between inputs finds crashes nobody can reproduce;
#   EXPECT=clean  the run must finish RUNS inputs without any crash.
# Leak detection stays on: a target that leaks fails either way.
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
  string(REGEX MATCH "[^\n]*error:[^\n]*" first_error "${out}")
  message(FATAL_ERROR "fuzz check: the fuzz target does not build:\n${first_error}")
endif()

# The first line of a sanitizer's or libFuzzer's report in @p text.
function(crash_line out text)
  string(REGEX MATCH "==[0-9]+== ?ERROR[^\n]*|runtime error[^\n]*|deadly signal"
    line "${text}")
  set(${out} "${line}" PARENT_SCOPE)
endfunction()

set(artifacts ${OUTPUT}-artifacts/)
file(REMOVE_RECURSE ${artifacts})
file(MAKE_DIRECTORY ${artifacts})
set(ENV{ASAN_OPTIONS} "detect_leaks=1:handle_sigbus=0")
execute_process(COMMAND ${OUTPUT} -seed=1 -runs=${RUNS}
    -max_total_time=${SECONDS} -artifact_prefix=${artifacts}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
crash_line(found "${out}")
if(EXPECT STREQUAL "crash")
  if(status EQUAL 0 OR NOT found)
    string(REGEX MATCH "Done [0-9]+ runs[^\n]*" done "${out}")
    message(FATAL_ERROR "fuzz check: the fuzz target found nothing (seed 1, "
      "at most ${RUNS} runs or ${SECONDS} s; ${done}). It must drive the code "
      "into the planted bug.")
  endif()
  if(NOT out MATCHES "${PATTERN}")
    message(FATAL_ERROR "fuzz check: the run crashed, but not with the "
      "planted bug (expected '${PATTERN}'): ${found}")
  endif()
  file(GLOB inputs ${artifacts}crash-* ${artifacts}leak-*)
  list(GET inputs 0 input)
  execute_process(COMMAND ${OUTPUT} ${input}
    RESULT_VARIABLE again_status OUTPUT_VARIABLE again ERROR_VARIABLE again)
  crash_line(again_found "${again}")
  if(again_status EQUAL 0 OR NOT again MATCHES "${PATTERN}")
    message(FATAL_ERROR "fuzz check: the crash does not reproduce: run alone, "
      "the input that crashed (${found}) does not crash again"
      "${again_found}. A fuzz target must give the same answer for the "
      "same input: no state kept between calls.")
  endif()
  message(STATUS "fuzz check: found the planted bug, and its input "
    "reproduces it: ${found}")
else()
  if(NOT status EQUAL 0)
    file(GLOB inputs ${artifacts}*)
    message(FATAL_ERROR "fuzz check: the code still crashes under the fuzz "
      "target: ${found}\nreproducer: ${inputs}")
  endif()
  string(REGEX MATCH "Done [0-9]+ runs[^\n]*" done "${out}")
  message(STATUS "fuzz check: clean, ${done}")
endif()
file(REMOVE_RECURSE ${artifacts})
