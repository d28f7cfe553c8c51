# Runs a planted-bug fuzzer from an empty corpus with a fixed seed and time
# bound. libFuzzer's output is echoed; the CTest test passes only when it
# shows the expected broken invariant (PASS_REGULAR_EXPRESSION).
# Variables: FUZZER, WORK (scratch directory), SECONDS, FLAGS (list).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(
  COMMAND ${FUZZER} -seed=1 -max_total_time=${SECONDS} -timeout=10
          -artifact_prefix=${WORK}/ -print_final_stats=1 ${FLAGS}
  WORKING_DIRECTORY ${WORK}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
message("${out}")
if(status EQUAL 0)
  message("mutant survived ${SECONDS} s with -seed=1: the fuzzer did not find the planted bug")
else()
  file(GLOB crashes ${WORK}/crash-*)
  message("planted bug found (exit ${status}); reproduce: ${FUZZER} ${crashes}")
endif()
