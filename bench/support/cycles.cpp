#include "ffikit/bench/cycles.hpp"

#include <cerrno>
#include <cstddef>
#include <span>
#include <string>
#include <system_error>

#include "ffikit/bench/files.hpp"
#include "ffikit/stage1_raw/helpers.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace {

// Stage 1 hands its bytes to a C callback with a context pointer.
void scan_into(const std::byte* bytes, std::size_t size, void* context) {
  *static_cast<std::uint64_t*>(context) = ffikit::bench::scan(bytes, size);
}

std::uint64_t scan_span(std::span<const std::byte> bytes) noexcept {
  return ffikit::bench::scan(bytes.data(), bytes.size());
}

}  // namespace

extern "C" std::uint64_t ffikit_bench_cycle_stage1(const char* path) {
  std::uint64_t sum = 0;
  ffikit::stage1::with_mmap_file_contents(path, scan_into, &sum);
  return sum;
}

// Stage 2 has no cycle of its own: this is the sequence a user writes with
// its owners, releasing the mapping before the descriptor and checking
// every explicit release.
extern "C" std::uint64_t ffikit_bench_cycle_stage2(const char* path) {
  std::error_code error;
  ffikit::stage2::FileDescriptor fd =
      ffikit::stage2::open_read_only(path, error);
  if (error) {
    ffikit::bench::die("open", path, error.value());
  }
  const struct stat status = ffikit::stage2::status_of(fd, error);
  if (error) {
    ffikit::bench::die("fstat", path, error.value());
  }
  ffikit::stage2::MappedRegion region = ffikit::stage2::map_read_only(
      fd, static_cast<std::size_t>(status.st_size), error);
  if (error) {
    ffikit::bench::die("mmap", path, error.value());
  }
  const std::uint64_t sum = scan_span(region.bytes());
  if (const std::error_code unmapped = region.unmap()) {
    ffikit::bench::die("munmap", path, unmapped.value());
  }
  if (const std::error_code closed = fd.close()) {
    ffikit::bench::die("close", path, closed.value());
  }
  return sum;
}

extern "C" std::uint64_t ffikit_bench_cycle_stage3(const char* path) {
  try {
    return ffikit::stage3::with_mmap_file_contents(path, scan_span);
  } catch (const std::system_error& failure) {
    ffikit::bench::die(failure.what());
  }
}

extern "C" std::uint64_t ffikit_bench_cycle_stage4(const char* path) {
  auto sum = ffikit::stage4::try_with_mmap_file_contents(path, scan_span);
  if (!sum) {
    ffikit::bench::die(sum.error().message());
  }
  return *sum;
}

namespace ffikit::bench {

std::string_view stage_name(Stage stage) noexcept {
  switch (stage) {
    case Stage::raw:
      return "stage1_raw";
    case Stage::owners:
      return "stage2_owners";
    case Stage::callback:
      return "stage3_callback";
    case Stage::result:
      return "stage4_result";
  }
  return "unknown";
}

std::optional<Stage> stage_named(std::string_view name) noexcept {
  for (const Stage stage : all_stages) {
    if (stage_name(stage) == name) {
      return stage;
    }
  }
  return std::nullopt;
}

std::uint64_t run_cycle(Stage stage, const char* path) {
  switch (stage) {
    case Stage::raw:
      return ffikit_bench_cycle_stage1(path);
    case Stage::owners:
      return ffikit_bench_cycle_stage2(path);
    case Stage::callback:
      return ffikit_bench_cycle_stage3(path);
    case Stage::result:
      return ffikit_bench_cycle_stage4(path);
  }
  return 0;
}

}  // namespace ffikit::bench
