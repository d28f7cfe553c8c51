#include "ffikit/cat/cat.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/opened_file.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit::cat {
namespace {

std::error_code system_error_code(int number) noexcept {
  return {number, std::system_category()};
}

// The tool's own errors, for what no errno says.
class CatCategory final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override {
    return "ffikit-cat";
  }
  [[nodiscard]] std::string message(int /*value*/) const override {
    return "input file is output file";
  }
};

// ffikit::Error copies its path into a std::string; when that allocation
// fails, keep the operation and say ENOMEM instead of throwing out of a
// noexcept function (the same fallback stage4::to_error uses).
Error make_error(std::string_view operation, std::error_code code,
                 std::string_view path) noexcept {
  try {
    return Error(operation, code, std::string(path));
  } catch (const std::bad_alloc&) {
    return Error(operation, system_error_code(ENOMEM), {});
  }
}

CopyError input_error(std::string_view operation, std::error_code code,
                      std::string_view path) noexcept {
  return {Side::input, make_error(operation, code, path)};
}

CopyError output_error(std::error_code code) noexcept {
  return {Side::output, make_error("write", code, output_name)};
}

// write_all() that also says how many bytes went out before an error.
std::error_code write_counting(int fd, std::span<const std::byte> bytes,
                               WriteFunction write,
                               std::size_t& written) noexcept {
  written = 0;
  while (written < bytes.size()) {
    // SAFETY: bytes is a live, readable range for the whole call (for a
    // mapping, a page the kernel cannot read makes write fail with EFAULT
    // instead of faulting here); write(2) only reads from it.
    const ssize_t done =
        write(fd, bytes.data() + written, bytes.size() - written);
    if (done < 0) {
      if (errno == EINTR) {
        continue;  // Interrupted before anything was written: ask again.
      }
      return system_error_code(errno);
    }
    if (done == 0) {
      // No progress and no errno: retrying could spin forever. A device
      // that accepts nothing is full, which is what ENOSPC says.
      return system_error_code(ENOSPC);
    }
    written += static_cast<std::size_t>(done);
  }
  return {};
}

// Maps an opened regular file and writes it, or reads it from the same
// descriptor when the kernel will not map it.
tl::expected<CopyReport, CopyError> copy_mapped(stage3::OpenedFile& file,
                                                std::string_view path,
                                                const Streams& streams,
                                                Syscalls syscalls) noexcept {
  std::error_code error;
  stage2::MappedRegion region =
      stage2::map_region(file.descriptor, 0, file.plan.length, {}, error);
  if (error) {
    if (!stage3::read_instead_of_mapping(error.value())) {
      return tl::unexpected(input_error("mmap", error, path));
    }
    auto copied =
        copy_stream(file.descriptor.get(), streams.output, path, syscalls);
    if (!copied) {
      return tl::unexpected(std::move(copied.error()));
    }
    return CopyReport{Route::read_unmappable, *copied};
  }
  // Advice only: a kernel that ignores it copies the same bytes.
  static_cast<void>(region.advise(stage2::Advice::sequential));
  auto written = write_mapping(file.descriptor.get(), region.bytes(),
                               streams.output, path, syscalls.write);
  // Released explicitly, and before the descriptor, so that a failure is
  // reported rather than lost in a destructor.
  const std::error_code unmapped = region.unmap();
  if (!written) {
    return tl::unexpected(std::move(written.error()));
  }
  if (unmapped) {
    return tl::unexpected(input_error("munmap", unmapped, path));
  }
  return CopyReport{Route::mapped, *written};
}

// copy_file_range(2) from @p file's descriptor to a regular output file,
// until end of file. @return std::nullopt when the kernel cannot copy
// between these two files and nothing was copied yet (the caller maps the
// file instead); a failure after bytes moved is the output's.
std::optional<tl::expected<CopyReport, CopyError>> copy_in_kernel(
    const stage3::OpenedFile& file, const Streams& streams,
    Syscalls syscalls) noexcept {
  // At most 1 GiB a call: copy_file_range may stop short anyway, and this
  // keeps every count far from ssize_t's limit.
  constexpr std::size_t most = std::size_t{1} << 30U;
  std::uint64_t total = 0;
  for (;;) {
    // SAFETY: both descriptors are open (the input read-only, the output
    // the caller's); null offsets use and advance the files' own offsets.
    const ssize_t moved = syscalls.copy_range(file.descriptor.get(), nullptr,
                                              streams.output, nullptr, most, 0);
    if (moved > 0) {
      total += static_cast<std::uint64_t>(moved);
      continue;
    }
    if (moved == 0) {
      return CopyReport{Route::copied_in_kernel, total};
    }
    if (errno == EINTR) {
      continue;
    }
    const int error = errno;
    if (total == 0 && (error == EXDEV || error == EINVAL || error == ENOSYS ||
                       error == EOPNOTSUPP || error == EBADF)) {
      return std::nullopt;
    }
    return tl::unexpected(output_error(system_error_code(error)));
  }
}

bool same_file(const std::optional<FileIdentity>& output,
               const struct stat& input) noexcept {
  return output && S_ISREG(input.st_mode) && output->device == input.st_dev &&
         output->inode == input.st_ino;
}

}  // namespace

std::error_code input_is_output() noexcept {
  static const CatCategory category;
  return {1, category};
}

std::string_view route_name(Route route) noexcept {
  switch (route) {
    case Route::mapped:
      return "mapped";
    case Route::copied_in_kernel:
      return "copied_in_kernel";
    case Route::read_small:
      return "read_small";
    case Route::read_size_zero:
      return "read_size_zero";
    case Route::read_unmappable:
      return "read_unmappable";
    case Route::read_fifo:
      return "read_fifo";
    case Route::read_device:
      return "read_device";
    case Route::read_standard_input:
      return "read_standard_input";
  }
  return "unknown";
}

bool CopyError::output_closed() const noexcept {
  return side == Side::output && error.code() == system_error_code(EPIPE);
}

bool is_standard_input(std::string_view operand) noexcept {
  return operand == "-";
}

bool is_fifo(std::uint32_t mode) noexcept {
  return (mode & static_cast<std::uint32_t>(S_IFMT)) ==
         static_cast<std::uint32_t>(S_IFIFO);
}

stage3::Options open_options() noexcept {
  stage3::Options options;
  options.read_special_files = true;
  return options;
}

Route route_for(stage3::ContentsRoute route, std::uint32_t mode) noexcept {
  switch (route) {
    case stage3::ContentsRoute::map:
      return Route::mapped;
    case stage3::ContentsRoute::read_small:
      return Route::read_small;
    case stage3::ContentsRoute::read_unsized:
      return Route::read_size_zero;
    case stage3::ContentsRoute::read_special:
    case stage3::ContentsRoute::refuse:
      break;
  }
  return is_fifo(mode) ? Route::read_fifo : Route::read_device;
}

std::error_code write_all(int fd, std::span<const std::byte> bytes,
                          WriteFunction write) noexcept {
  std::size_t written = 0;
  return write_counting(fd, bytes, write, written);
}

tl::expected<std::uint64_t, CopyError> write_mapping(
    int input, std::span<const std::byte> mapping, int output,
    std::string_view input_path, WriteFunction write) noexcept {
  std::span<const std::byte> rest = mapping;
  std::uint64_t total = 0;
  for (;;) {
    std::size_t written = 0;
    const std::error_code error = write_counting(output, rest, write, written);
    total += written;
    rest = rest.subspan(written);
    if (!error) {
      return total;
    }
    if (error != system_error_code(EFAULT)) {
      return tl::unexpected(output_error(error));
    }
    // The kernel could not read the mapping: has the input shrunk?
    std::error_code stat_error;
    const struct stat now =
        stage2::status_of(stage2::BorrowedDescriptor(input), stat_error);
    if (stat_error) {
      return tl::unexpected(input_error("fstat", stat_error, input_path));
    }
    const std::uint64_t end = stage3::narrow_file_size(now.st_size).value_or(0);
    if (end <= total) {
      return total;  // It ends where the copy is: the copy is complete.
    }
    if (end >= total + rest.size()) {
      // The bytes asked for all exist, yet cannot be read.
      return tl::unexpected(input_error("write", error, input_path));
    }
    const std::size_t still_there = end - total;
    rest = rest.first(still_there);
  }
}

tl::expected<std::uint64_t, CopyError> copy_stream(int input, int output,
                                                   std::string_view input_path,
                                                   Syscalls syscalls) noexcept {
  std::vector<std::byte> buffer;
  try {
    buffer.resize(read_buffer_size);
  } catch (const std::bad_alloc&) {
    return tl::unexpected(
        input_error("read", system_error_code(ENOMEM), input_path));
  }
  std::uint64_t total = 0;
  for (;;) {
    // SAFETY: buffer owns buffer.size() writable bytes for the whole call.
    const ssize_t got = syscalls.read(input, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return tl::unexpected(
          input_error("read", system_error_code(errno), input_path));
    }
    if (got == 0) {
      return total;
    }
    const auto length = static_cast<std::size_t>(got);
    if (const std::error_code error =
            write_all(output, {buffer.data(), length}, syscalls.write)) {
      return tl::unexpected(output_error(error));
    }
    total += length;
  }
}

tl::expected<CopyReport, CopyError> copy_operand(std::string_view operand,
                                                 const Streams& streams,
                                                 Syscalls syscalls) noexcept {
  if (is_standard_input(operand)) {
    auto copied =
        copy_stream(streams.input, streams.output, input_name, syscalls);
    if (!copied) {
      return tl::unexpected(std::move(copied.error()));
    }
    return CopyReport{Route::read_standard_input, *copied};
  }
  stage3::OpenedFile file;
  if (const stage3::Failure failure =
          stage3::open_for_contents(operand, open_options(), file)) {
    return tl::unexpected(
        CopyError{Side::input, stage4::to_error(failure, operand)});
  }
  if (same_file(streams.output_file, file.status) && file.status.st_size > 0) {
    return tl::unexpected(
        input_error(stage3::check_step, input_is_output(), operand));
  }
  tl::expected<CopyReport, CopyError> copied;
  if (file.plan.route == stage3::ContentsRoute::map) {
    std::optional<tl::expected<CopyReport, CopyError>> in_kernel;
    if (streams.output_file) {
      in_kernel = copy_in_kernel(file, streams, syscalls);
    }
    copied = in_kernel ? std::move(*in_kernel)
                       : copy_mapped(file, operand, streams, syscalls);
  } else {
    const Route route = route_for(file.plan.route, file.status.st_mode);
    auto streamed =
        copy_stream(file.descriptor.get(), streams.output, operand, syscalls);
    if (streamed) {
      copied = CopyReport{route, *streamed};
    } else {
      copied = tl::unexpected(std::move(streamed.error()));
    }
  }
  // Closed before judging the copy so the descriptor is released on every
  // path; a close error matters only when nothing failed before it, and of
  // those only EBADF (the input is read-only: nothing can have been lost).
  const std::error_code closed = file.descriptor.close();
  if (copied && closed && !stage3::close_error_loses_nothing(closed.value())) {
    return tl::unexpected(input_error("close", closed, operand));
  }
  return copied;
}

int run(std::span<const std::string_view> operands, const Streams& streams,
        Syscalls syscalls) noexcept {
  static constexpr std::array<std::string_view, 1> standard_input = {"-"};
  if (operands.empty()) {
    operands = standard_input;
  }
  Streams watched = streams;
  std::error_code error;
  const struct stat output =
      stage2::status_of(stage2::BorrowedDescriptor(streams.output), error);
  const auto report = [&](const Error& failure) noexcept {
    try {
      std::string line(program_name);
      line += ": ";
      line += failure.message();
      line += '\n';
      // Best effort: if stderr is gone too, the exit status still says it.
      static_cast<void>(write_all(streams.error, std::as_bytes(std::span(line)),
                                  syscalls.write));
    } catch (const std::bad_alloc&) {
      static constexpr std::string_view fallback =
          "ffikit-cat: out of memory\n";
      static_cast<void>(write_all(
          streams.error, std::as_bytes(std::span(fallback)), syscalls.write));
    }
  };
  if (error) {
    // GNU cat stops here too: without knowing the output, it cannot tell
    // whether an operand is that very file.
    report(make_error("fstat", error, output_name));
    return 1;
  }
  if (S_ISREG(output.st_mode)) {
    watched.output_file = FileIdentity{output.st_dev, output.st_ino};
  }
  int status = 0;
  for (const std::string_view operand : operands) {
    auto copied = copy_operand(operand, watched, syscalls);
    if (copied) {
      continue;
    }
    status = 1;
    const CopyError& failure = copied.error();
    if (failure.output_closed()) {
      break;  // The reader left; nobody is there to tell.
    }
    report(failure.error);
    if (failure.side == Side::output) {
      break;  // Later operands would fail the same way.
    }
  }
  return status;
}

}  // namespace ffikit::cat
