// The price of safety: one open-fstat-map-scan-unmap-close cycle through
// each stage, on page-cached files of 4 KiB, 1 MiB and 64 MiB. Every stage
// runs the same scan over the same bytes, so the differences between the
// stages are what their safety costs.
//
// Benchmarks: cycle/STAGE/SIZE, STAGE one of stage1_raw, stage2_owners,
// stage3_callback, stage4_result. Run with --benchmark_repetitions and
// --benchmark_enable_random_interleaving=true so that slow drift of the
// machine spreads over all stages alike.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>

#include "ffikit/bench/cycles.hpp"
#include "ffikit/bench/files.hpp"
#include "ffikit/bench/runner.hpp"

namespace {

using ffikit::bench::kib;
using ffikit::bench::mib;

void cycle(benchmark::State& state, ffikit::bench::Stage stage,
           std::size_t size) {
  const std::string path = ffikit::bench::page_cached_file(size);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ffikit::bench::run_cycle(stage, path.c_str()));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
  state.SetLabel(ffikit::bench::size_name(size));
}

}  // namespace

int main(int argc, char** argv) {
  for (const std::size_t size :
       ffikit::bench::sizes_up_to_limit({4 * kib, mib, 64 * mib})) {
    for (const ffikit::bench::Stage stage : ffikit::bench::all_stages) {
      const std::string name = "cycle/" +
                               std::string(ffikit::bench::stage_name(stage)) +
                               "/" + std::to_string(size);
      benchmark::RegisterBenchmark(name.c_str(), cycle, stage, size)
          ->UseRealTime();
    }
  }
  return ffikit::bench::run_registered_benchmarks(argc, argv);
}
