#include "ffikit/bench/runner.hpp"

#include <sys/utsname.h>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace ffikit::bench {
namespace {

std::size_t size_limit() {
  // SAFETY: getenv returns a NUL-terminated string or NULL; nothing in
  // these programs changes the environment.
  const char* limit = std::getenv("FFIKIT_BENCH_MAX_SIZE");
  if (limit == nullptr || *limit == '\0') {
    return static_cast<std::size_t>(-1);
  }
  return static_cast<std::size_t>(std::strtoull(limit, nullptr, 10));
}

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  std::string model = "unknown";
  std::string family;
  std::string number;
  while (std::getline(cpuinfo, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon + 2 > line.size()) {
      continue;
    }
    const std::string value = line.substr(colon + 2);
    if (line.rfind("model name", 0) == 0) {
      model = value;
    } else if (line.rfind("cpu family", 0) == 0) {
      family = value;
    } else if (line.rfind("model\t", 0) == 0) {
      number = value;
    }
    if (line.empty()) {
      break;
    }
  }
  // Virtual machines often hide the marketing name; family and model still
  // say which generation it is.
  return model + " (family " + family + ", model " + number + ")";
}

std::string kernel() {
  struct utsname name {};
  // SAFETY: name is a live utsname for the kernel to fill.
  if (::uname(&name) != 0) {
    return "unknown";
  }
  return std::string(name.sysname) + " " + name.release + " " + name.machine;
}

}  // namespace

std::vector<std::size_t> sizes_up_to_limit(
    std::initializer_list<std::size_t> wanted) {
  const std::size_t limit = size_limit();
  std::vector<std::size_t> sizes;
  for (const std::size_t size : wanted) {
    if (size <= limit) {
      sizes.push_back(size);
    }
  }
  return sizes;
}

bool is_smoke_run() { return size_limit() != static_cast<std::size_t>(-1); }

std::vector<std::size_t> powers_of_two(std::size_t first, std::size_t last) {
  const std::size_t limit = size_limit();
  std::vector<std::size_t> sizes;
  for (std::size_t size = first; size <= last && size <= limit; size *= 2) {
    sizes.push_back(size);
  }
  return sizes;
}

int run_registered_benchmarks(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 2;
  }
  benchmark::AddCustomContext("ffikit_cpu_model", cpu_model());
  benchmark::AddCustomContext("ffikit_kernel", kernel());
#if defined(__clang__)
  benchmark::AddCustomContext("ffikit_compiler", "clang " __clang_version__);
#else
  benchmark::AddCustomContext("ffikit_compiler", "g++ " __VERSION__);
#endif
  benchmark::AddCustomContext("ffikit_build_type", FFIKIT_BENCH_BUILD_TYPE);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace ffikit::bench
