// Fault sweep throughput in-process: ffikit::check::sweep() over one stage 4
// cycle on a small page-cached file, every call failed with every errno its
// man page lists, once and from then on. Each iteration is a whole sweep;
// the counter cases_per_second is the throughput.
//   sweep/in_process  each case runs in this process
//   sweep/in_child    each case runs in a forked child (SweepOptions::in_child)
// scripts/bench.sh measures the same cases through ffikit-faultrun and
// through a loop of strace fault injections, from the command line.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <span>
#include <string>

#include "ffikit/bench/files.hpp"
#include "ffikit/bench/runner.hpp"
#include "ffikit/check/sweep.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace {

ffikit::check::Outcome stage4_cycle(const std::string& path) {
  const auto sum = ffikit::stage4::try_with_mmap_file_contents(
      path, [](std::span<const std::byte> bytes) {
        return ffikit::bench::scan(bytes.data(), bytes.size());
      });
  if (sum) {
    return {};
  }
  return {sum.error().operation(), sum.error().code().value()};
}

void sweep(benchmark::State& state, bool in_child) {
  const std::string path = ffikit::bench::page_cached_file(ffikit::bench::kib);
  ffikit::check::SweepOptions options;
  options.in_child = in_child;
  std::size_t cases = 0;
  for (auto _ : state) {
    const ffikit::check::SweepReport report =
        ffikit::check::sweep([&] { return stage4_cycle(path); }, options);
    if (!report.clean.ok() || report.cases.empty()) {
      state.SkipWithError("the clean run of the sweep failed");
      return;
    }
    cases += report.cases.size();
  }
  state.counters["cases_per_sweep"] =
      static_cast<double>(cases) / static_cast<double>(state.iterations());
  state.counters["cases_per_second"] = benchmark::Counter(
      static_cast<double>(cases), benchmark::Counter::kIsRate);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::RegisterBenchmark("sweep/in_process", sweep, false)->UseRealTime();
  benchmark::RegisterBenchmark("sweep/in_child", sweep, true)->UseRealTime();
  return ffikit::bench::run_registered_benchmarks(argc, argv);
}
