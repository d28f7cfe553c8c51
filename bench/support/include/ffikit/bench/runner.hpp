/// @file
/// What every benchmark program of bench/ shares: the sizes it may use and
/// the run itself, with the machine described in the JSON output.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <vector>

namespace ffikit::bench {

/// The sizes of @p wanted that are at most $FFIKIT_BENCH_MAX_SIZE bytes (all
/// of them when it is unset). CI sets it low to run every benchmark once on
/// small files; the page's figures come from runs without it.
std::vector<std::size_t> sizes_up_to_limit(
    std::initializer_list<std::size_t> wanted);

/// True when $FFIKIT_BENCH_MAX_SIZE is set: a run that only shows that every
/// benchmark builds and runs, so fixed iteration counts may be cut too.
bool is_smoke_run();

/// The powers of two from @p first to @p last bytes, limited as above.
std::vector<std::size_t> powers_of_two(std::size_t first, std::size_t last);

/// Runs the benchmarks registered so far with Google Benchmark's command
/// line, after adding the machine (CPU model, kernel, compiler, build type)
/// to the context of the JSON output. @return the program's exit status.
int run_registered_benchmarks(int argc, char** argv);

}  // namespace ffikit::bench
