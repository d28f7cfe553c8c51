#include "stage_runs.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <optional>
#include <span>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/stage1_raw/helpers.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage3_callback/policy.hpp"
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

stage3::Options mapping_every_file() {
  stage3::Options options;
  options.read_below = 0;
  return options;
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

// Releases @p region, then @p fd, explicitly; reports @p first if there was
// an earlier failure, else the first release that failed.
check::Outcome release(stage2::MappedRegion& region, stage2::FileDescriptor& fd,
                       const std::string& path,
                       std::optional<check::Outcome> first) {
  const std::error_code unmapped = region.unmap();
  const std::error_code closed = fd.close();
  if (first) {
    return *first;
  }
  if (unmapped) {
    return failed("munmap", unmapped, path);
  }
  if (closed) {
    return failed("close", closed, path);
  }
  return {};
}

check::Outcome stage2_run(const std::string& path) {
  std::error_code error;
  const struct stat seen = stage2::status_of(path, error);
  if (!error) {
    const stage3::MapPlan plan =
        stage3::plan_mapping(seen.st_mode, seen.st_size);
    if (const int refusal = stage3::refusal_errno(plan.decision)) {
      return failed(stage3::check_step, {refusal, std::system_category()},
                    path);
    }
  }
  stage2::FileDescriptor fd = stage2::open_read_only(path, error, O_NONBLOCK);
  if (error) {
    return failed("open", error, path);
  }
  stage2::MappedRegion region;
  const struct stat status = stage2::status_of(fd, error);
  if (error) {
    return release(region, fd, path, failed("fstat", error, path));
  }
  const std::optional<std::size_t> length =
      stage3::narrow_file_size(status.st_size);
  if (!length) {
    return release(
        region, fd, path,
        failed(stage3::check_step, {EOVERFLOW, std::system_category()}, path));
  }
  region = stage2::map_read_only(fd, *length, error);
  if (error) {
    return release(region, fd, path, failed("mmap", error, path));
  }
  static_cast<void>(count_lines(region.bytes()));
  return release(region, fd, path, std::nullopt);
}

check::Outcome stage3_run(const std::string& path) {
  try {
    static_cast<void>(stage3::with_mmap_file_contents(
        path, mapping_every_file(), count_lines));
    return {};
  } catch (const std::system_error& e) {
    return from_message(e.what(), path, e.code());
  }
}

check::Outcome stage4_run(const std::string& path) {
  const auto result = stage4::try_with_mmap_file_contents(
      path, mapping_every_file(), count_lines);
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

check::SweepOptions sweep_options(int stage) {
  check::SweepOptions options;
  options.in_child = stage == 1;  // stage 1 ends the process on every fault
  if (stage >= 3) {
    for (const int error : check::documented_errors(check::Function::mmap)) {
      if (stage3::read_instead_of_mapping(error)) {
        options.recoverable.emplace_back(check::Function::mmap, error);
      }
    }
    for (const int error : check::documented_errors(check::Function::close)) {
      if (stage3::close_error_loses_nothing(error)) {
        options.recoverable.emplace_back(check::Function::close, error);
      }
    }
  }
  return options;
}

std::string describe_file(const std::string& path) {
  std::error_code error;
  const struct stat status = stage2::status_of(path, error);
  if (error) {
    return "a path that cannot be looked at (" + error.message() + ")";
  }
  switch (status.st_mode & S_IFMT) {
    case S_IFREG: {
      const std::optional<std::size_t> size =
          stage3::narrow_file_size(status.st_size);
      if (!size) {
        return "a regular file whose size does not fit";
      }
      return *size == 0
                 ? "a regular file of size 0 (empty, or a /proc or "
                   "/sys file whose text has no size)"
                 : "a regular file of " + std::to_string(*size) + " bytes";
    }
    case S_IFDIR:
      return "a directory";
    case S_IFIFO:
      return "a FIFO";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFSOCK:
      return "a socket";
    default:
      return "a file of unknown type";
  }
}

const std::string& last_message() noexcept { return message; }

}  // namespace ffikit::tour
