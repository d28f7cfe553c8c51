#include "stage_runs.hpp"

#include <algorithm>
#include <span>

#include "ffikit/check/session.hpp"
#include "ffikit/stage1_raw/helpers.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit::tour {
namespace {

// What the last stage run reported, for the tour's "what a caller sees"
// section. The tour runs one stage at a time on its main thread.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
std::string message;

std::size_t count_lines(std::span<const std::byte> bytes) {
  const auto lines = static_cast<std::size_t>(
      std::count(bytes.begin(), bytes.end(), std::byte{'\n'}));
  check::note("callback: " + std::to_string(bytes.size()) + " bytes, " +
              std::to_string(lines) + " lines");
  return lines;
}

check::Outcome failed(const std::string& operation, const std::error_code& code,
                      const std::string& path) {
  message = stage3::describe(operation, path, code);
  return {operation, code.value()};
}

check::Outcome from_message(const std::string& text, const std::string& path,
                            const std::error_code& code) {
  message = text;
  const std::string operation = text.substr(0, text.find('('));
  if (text != stage3::describe(operation, path, code)) {
    return {"malformed: " + text, code.value()};
  }
  return {operation, code.value()};
}

check::Outcome stage1_run(const std::string& path) {
  stage1::with_mmap_file_contents(
      path.c_str(),
      [](const std::byte* bytes, std::size_t size, void*) {
        static_cast<void>(count_lines({bytes, size}));
      },
      nullptr);
  return {};
}

check::Outcome stage2_run(const std::string& path) {
  std::error_code error;
  stage2::FileDescriptor fd = stage2::open_read_only(path, error);
  if (error) {
    return failed("open", error, path);
  }
  const struct stat status = stage2::status_of(fd, error);
  if (error) {
    return failed("fstat", error, path);
  }
  stage2::MappedRegion region = stage2::map_read_only(
      fd, static_cast<std::size_t>(status.st_size), error);
  if (error) {
    return failed("mmap", error, path);
  }
  static_cast<void>(count_lines(region.bytes()));
  if (const std::error_code unmapped = region.unmap()) {
    return failed("munmap", unmapped, path);
  }
  if (const std::error_code closed = fd.close()) {
    return failed("close", closed, path);
  }
  return {};
}

check::Outcome stage3_run(const std::string& path) {
  try {
    static_cast<void>(stage3::with_mmap_file_contents(path, count_lines));
    return {};
  } catch (const std::system_error& e) {
    return from_message(e.what(), path, e.code());
  }
}

check::Outcome stage4_run(const std::string& path) {
  const auto result = stage4::try_with_mmap_file_contents(path, count_lines);
  if (result) {
    return {};
  }
  return from_message(result.error().message(), path, result.error().code());
}

}  // namespace

const char* stage_title(int stage) noexcept {
  switch (stage) {
    case 1:
      return "stage 1: raw declarations, die on error";
    case 2:
      return "stage 2: RAII owners, errors as error_code";
    case 3:
      return "stage 3: callback, nested lifetimes, errors thrown";
    case 4:
      return "stage 4: callback, errors returned as values";
    default:
      return "?";
  }
}

check::Outcome run_stage(int stage, const std::string& path) {
  message.clear();
  switch (stage) {
    case 1:
      return stage1_run(path);
    case 2:
      return stage2_run(path);
    case 3:
      return stage3_run(path);
    default:
      return stage4_run(path);
  }
}

const std::string& last_message() noexcept { return message; }

}  // namespace ffikit::tour
