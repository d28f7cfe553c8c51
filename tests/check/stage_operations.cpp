#include "stage_operations.hpp"

#include <cstring>
#include <numeric>
#include <span>

#include "ffikit/stage1_raw/helpers.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit::check::testing_support {
namespace {

std::size_t checksum(std::span<const std::byte> bytes) {
  return std::accumulate(bytes.begin(), bytes.end(), std::size_t{0},
                         [](std::size_t sum, std::byte b) {
                           return sum + std::to_integer<std::size_t>(b);
                         });
}

// Accepts a message only if it is exactly what the stages promise.
Outcome from_message(const std::string& message, const std::string& path,
                     const std::error_code& code) {
  const std::string operation = message.substr(0, message.find('('));
  if (message != stage3::describe(operation, path, code)) {
    return {"malformed: " + message, code.value()};
  }
  return {operation, code.value()};
}

}  // namespace

Outcome run_stage2(const std::string& path) {
  std::error_code error;
  stage2::FileDescriptor fd = stage2::open_read_only(path, error);
  if (error) {
    return {"open", error.value()};
  }
  const struct stat status = stage2::status_of(fd, error);
  if (error) {
    return {"fstat", error.value()};
  }
  stage2::MappedRegion region = stage2::map_read_only(
      fd, static_cast<std::size_t>(status.st_size), error);
  if (error) {
    return {"mmap", error.value()};
  }
  static_cast<void>(checksum(region.bytes()));
  if (const std::error_code unmapped = region.unmap()) {
    return {"munmap", unmapped.value()};
  }
  if (const std::error_code closed = fd.close()) {
    return {"close", closed.value()};
  }
  return {};
}

Outcome run_stage3(const std::string& path) {
  try {
    static_cast<void>(stage3::with_mmap_file_contents(path, checksum));
    return {};
  } catch (const std::system_error& e) {
    return from_message(e.what(), path, e.code());
  }
}

Outcome run_stage4(const std::string& path) {
  const auto result = stage4::try_with_mmap_file_contents(path, checksum);
  if (result) {
    return {};
  }
  const Error& error = result.error();
  if (error.path() != path) {
    return {"malformed: wrong path", error.code().value()};
  }
  return from_message(error.message(), path, error.code());
}

Outcome run_stage1(const std::string& path) {
  std::size_t sum = 0;
  stage1::with_mmap_file_contents(
      path.c_str(),
      [](const std::byte* bytes, std::size_t size, void* total) {
        *static_cast<std::size_t*>(total) += checksum({bytes, size});
      },
      &sum);
  return {};
}

}  // namespace ffikit::check::testing_support
