// The checker's cost per watched call, on a loop of open, fstat and close
// of a small page-cached file (three watched calls per iteration):
//   watch_loop/unwatched  the calls go straight to the C library, as in a
//                         program that does not link the checker
//   watch_loop/disarmed   linked with ffikit_link_checker (-Wl,--wrap), no
//                         ffikit::check::Session alive
//   watch_loop/armed      linked and armed by a Session
// This program is linked with the checker; the unwatched loop calls the C
// library through __real_open, __real_fstat and __real_close, the names
// --wrap gives the unwrapped functions, which is exactly the call a
// program without the checker makes. scripts/bench.sh also runs
// watch_loop/unwatched with the LD_PRELOAD library and FFIKIT_CHECK_REPORT
// set: the black-box checker then watches the very same calls.
//
// Counters: heap_bytes_per_call, the growth of the heap in use (glibc's
// mallinfo2, small and mmapped blocks) per watched call during the run,
// from after the checker armed; times 10^6 it is the memory a million calls
// cost. heap_bytes_at_arming: what arming allocated (the checker's fixed
// tables).
// memory_per_million_calls/* runs each loop for exactly 10^6 calls.
#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cerrno>
#include <cstddef>
#include <optional>
#include <string>

#include "ffikit/bench/files.hpp"
#include "ffikit/bench/runner.hpp"
#include "ffikit/check/session.hpp"

extern "C" {
int __real_open(const char* path, int flags, ...);
int __real_fstat(int fd, struct stat* buffer);
int __real_close(int fd);
}

namespace {

constexpr int calls_per_iteration = 3;

enum class Watch : unsigned char { unwatched, disarmed, armed };

const char* watch_name(Watch watch) {
  switch (watch) {
    case Watch::unwatched:
      return "unwatched";
    case Watch::disarmed:
      return "disarmed";
    case Watch::armed:
      return "armed";
  }
  return "unknown";
}

std::size_t heap_in_use() {
  // SAFETY: mallinfo2 only reads the allocator's statistics.
  const struct mallinfo2 info = ::mallinfo2();
  return info.uordblks + info.hblkhd;
}

void unwatched_iteration(const char* path) {
  // SAFETY: path is NUL-terminated; these are the C library's own functions.
  const int fd = __real_open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ffikit::bench::die("open", path, errno);
  }
  struct stat status {};
  // SAFETY: fd is open; status is a live struct stat for the kernel to fill.
  if (__real_fstat(fd, &status) != 0) {
    ffikit::bench::die("fstat", path, errno);
  }
  benchmark::DoNotOptimize(status.st_size);
  // SAFETY: fd was opened above and is closed once.
  if (__real_close(fd) != 0) {
    ffikit::bench::die("close", path, errno);
  }
}

// The same calls, by their ordinary names: redirected to the checker's
// wrappers in this program.
void wrapped_iteration(const char* path) {
  // SAFETY: as in unwatched_iteration.
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    ffikit::bench::die("open", path, errno);
  }
  struct stat status {};
  // SAFETY: as in unwatched_iteration.
  if (::fstat(fd, &status) != 0) {
    ffikit::bench::die("fstat", path, errno);
  }
  benchmark::DoNotOptimize(status.st_size);
  // SAFETY: as in unwatched_iteration.
  if (::close(fd) != 0) {
    ffikit::bench::die("close", path, errno);
  }
}

void watch_loop(benchmark::State& state, Watch watch) {
  const std::string path = ffikit::bench::page_cached_file(ffikit::bench::kib);
  const std::size_t heap_unarmed = heap_in_use();
  std::optional<ffikit::check::Session> session;
  if (watch == Watch::armed) {
    session.emplace();
  }
  // The checker's tables are allocated once, when it arms: that is its
  // fixed cost (counted apart); what the calls themselves add is measured
  // from here.
  const std::size_t heap_before = heap_in_use();
  state.counters["heap_bytes_at_arming"] =
      static_cast<double>(heap_before) - static_cast<double>(heap_unarmed);
  for (auto _ : state) {
    if (watch == Watch::unwatched) {
      unwatched_iteration(path.c_str());
    } else {
      wrapped_iteration(path.c_str());
    }
  }
  const std::size_t heap_after = heap_in_use();
  const auto calls =
      static_cast<double>(state.iterations()) * calls_per_iteration;
  state.counters["heap_bytes_per_call"] =
      (static_cast<double>(heap_after) - static_cast<double>(heap_before)) /
      calls;
  state.counters["watched_calls"] = calls;
  if (session) {
    // The loop is clean; a finding here would mean the numbers measured a
    // different path than the one described.
    if (!session->report().violations.empty() ||
        !session->report().leaks.empty()) {
      state.SkipWithError("the armed checker reported a finding");
    }
    session->disarm();
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (const Watch watch : {Watch::unwatched, Watch::disarmed, Watch::armed}) {
    benchmark::RegisterBenchmark(
        (std::string("watch_loop/") + watch_name(watch)).c_str(), watch_loop,
        watch)
        ->UseRealTime();
  }
  // 10^6 calls, rounded up to whole iterations; scaled down with the sizes
  // when CI runs every benchmark once.
  const benchmark::IterationCount iterations =
      ffikit::bench::is_smoke_run()
          ? 100
          : (1'000'000 + calls_per_iteration - 1) / calls_per_iteration;
  for (const Watch watch : {Watch::unwatched, Watch::armed}) {
    benchmark::RegisterBenchmark(
        (std::string("memory_per_million_calls/") + watch_name(watch)).c_str(),
        watch_loop, watch)
        ->Iterations(iterations)
        ->UseRealTime();
  }
  return ffikit::bench::run_registered_benchmarks(argc, argv);
}
