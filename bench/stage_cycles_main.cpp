// ffikit-bench-cycles STAGE FILE COUNT: runs COUNT cycles of one stage on
// FILE and prints the last scan value. scripts/bench.sh runs it under
// callgrind, which counts the instructions of the stage's cycle function
// (--toggle-collect=ffikit_bench_cycle_stageN), and the sweep benchmarks
// hand it to ffikit-faultrun and to strace as the program under test.
//
// Exit status: 0 after COUNT cycles; 1 when a cycle fails (the message names
// the call and the path); 2 on a bad command line.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "ffikit/bench/cycles.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    // A usage message that cannot be printed changes nothing: the status
    // still says the command line was wrong.
    static_cast<void>(
        std::fputs("usage: ffikit-bench-cycles STAGE FILE COUNT\n"
                   "  STAGE: stage1_raw, stage2_owners, stage3_callback or "
                   "stage4_result\n",
                   stderr));
    return 2;
  }
  const std::optional<ffikit::bench::Stage> stage =
      ffikit::bench::stage_named(argv[1]);
  char* end = nullptr;
  const unsigned long long count = std::strtoull(argv[3], &end, 10);
  if (!stage || end == argv[3] || *end != '\0') {
    static_cast<void>(std::fprintf(
        stderr, "ffikit-bench-cycles: bad stage '%s' or count '%s'\n", argv[1],
        argv[3]));
    return 2;
  }
  std::uint64_t sum = 0;
  for (unsigned long long i = 0; i < count; ++i) {
    sum = ffikit::bench::run_cycle(*stage, argv[2]);
  }
  // The sum is printed so that no cycle can be optimised away; a lost
  // stdout is an error like any other.
  return std::printf("%llu\n", static_cast<unsigned long long>(sum)) < 0 ? 1
                                                                         : 0;
}
