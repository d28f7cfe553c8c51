// This machine's memory bandwidth, the yardstick for copy rates: memcpy
// between two 256 MiB buffers (both touched before timing, so no page is
// faulted in the loop), and a scan() of one, the read-only rate the other
// benchmarks' scans can reach at best.
//   memory/memcpy  bytes_per_second counts the bytes copied
//   memory/scan    bytes_per_second counts the bytes read
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstring>
#include <vector>

#include "ffikit/bench/files.hpp"
#include "ffikit/bench/runner.hpp"

namespace {

std::size_t buffer_size() {
  return ffikit::bench::is_smoke_run() ? ffikit::bench::mib
                                       : 256 * ffikit::bench::mib;
}

void copy(benchmark::State& state) {
  const std::size_t size = buffer_size();
  std::vector<std::byte> from(size, std::byte{1});
  std::vector<std::byte> to(size, std::byte{2});
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), size);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
  state.SetLabel(ffikit::bench::size_name(size));
}

void scan(benchmark::State& state) {
  const std::size_t size = buffer_size();
  std::vector<std::byte> bytes(size, std::byte{1});
  for (auto _ : state) {
    benchmark::DoNotOptimize(ffikit::bench::scan(bytes.data(), size));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
  state.SetLabel(ffikit::bench::size_name(size));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::RegisterBenchmark("memory/memcpy", copy)->UseRealTime();
  benchmark::RegisterBenchmark("memory/scan", scan)->UseRealTime();
  return ffikit::bench::run_registered_benchmarks(argc, argv);
}
