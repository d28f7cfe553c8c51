#include "ffikit/cat/cat.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <new>
#include <string>
#include <vector>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit::cat {
namespace {

std::error_code system_error_code(int number) noexcept {
  return {number, std::system_category()};
}

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

// What the stage 4 callback hands back. It owns its members, so stage 4's
// compile-time check against results that borrow from the mapping accepts it.
struct MappedWrite {
  bool empty_view;
  std::error_code write_error;
};

// Opens @p path the ordinary way (O_RDONLY | O_CLOEXEC, blocking) and reads
// it to end of file.
tl::expected<CopyReport, CopyError> open_and_read(std::string_view path,
                                                  Route route,
                                                  const Streams& streams,
                                                  Syscalls syscalls) noexcept {
  std::error_code error;
  stage2::FileDescriptor input = stage2::open_read_only(path, error);
  if (error) {
    return tl::unexpected(input_error("open", error, path));
  }
  auto copied = copy_stream(input.get(), streams.output, path, syscalls);
  // Close before judging the copy so the descriptor is released on every
  // path; a close error matters only when nothing failed before it.
  const std::error_code closed = input.close();
  if (!copied) {
    return tl::unexpected(std::move(copied.error()));
  }
  if (closed) {
    return tl::unexpected(input_error("close", closed, path));
  }
  return CopyReport{route, *copied};
}

// True when stat(2) says @p operand is a FIFO. Any failure (no such file,
// a NUL byte in the path, no memory for the copy) answers false: stage 4
// then opens the path itself and reports the error with the right operation.
bool names_fifo(std::string_view operand) noexcept {
  if (operand.find('\0') != std::string_view::npos) {
    return false;
  }
  std::string terminated;
  try {
    terminated.assign(operand);
  } catch (const std::bad_alloc&) {
    return false;
  }
  struct stat status {};
  // SAFETY: terminated is NUL-terminated with no interior NUL, and status is
  // a live struct stat for the kernel to fill; stat opens nothing.
  if (::stat(terminated.c_str(), &status) != 0) {
    return false;
  }
  return is_fifo(status.st_mode);
}

}  // namespace

std::string_view route_name(Route route) noexcept {
  switch (route) {
    case Route::mapped:
      return "mapped";
    case Route::read_size_zero:
      return "read_size_zero";
    case Route::read_unmappable:
      return "read_unmappable";
    case Route::read_fifo:
      return "read_fifo";
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

bool read_instead_of_map(const Error& error) noexcept {
  return error.operation() == "mmap" &&
         error.code() == system_error_code(ENODEV);
}

std::error_code write_all(int fd, std::span<const std::byte> bytes,
                          WriteFunction write) noexcept {
  while (!bytes.empty()) {
    // SAFETY: bytes is a live, readable range of bytes.size() bytes for the
    // whole call; write(2) only reads from it.
    const ssize_t written = write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;  // Interrupted before anything was written: ask again.
      }
      return system_error_code(errno);
    }
    if (written == 0) {
      // No progress and no errno: retrying could spin forever. A device
      // that accepts nothing is full, which is what ENOSPC says.
      return system_error_code(ENOSPC);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(written));
  }
  return {};
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
  if (names_fifo(operand)) {
    return open_and_read(operand, Route::read_fifo, streams, syscalls);
  }

  std::uint64_t written = 0;
  auto mapped = stage4::try_with_mmap_file_contents(
      operand, [&](std::span<const std::byte> bytes) noexcept -> MappedWrite {
        if (bytes.empty()) {
          return {true, {}};
        }
        const std::error_code error =
            write_all(streams.output, bytes, syscalls.write);
        if (!error) {
          written = bytes.size();
        }
        return {false, error};
      });
  if (!mapped) {
    if (read_instead_of_map(mapped.error())) {
      return open_and_read(operand, Route::read_unmappable, streams, syscalls);
    }
    return tl::unexpected(CopyError{Side::input, std::move(mapped.error())});
  }
  if (mapped->write_error) {
    return tl::unexpected(output_error(mapped->write_error));
  }
  if (mapped->empty_view) {
    return open_and_read(operand, Route::read_size_zero, streams, syscalls);
  }
  return CopyReport{Route::mapped, written};
}

int run(std::span<const std::string_view> operands, const Streams& streams,
        Syscalls syscalls) noexcept {
  static constexpr std::array<std::string_view, 1> standard_input = {"-"};
  if (operands.empty()) {
    operands = standard_input;
  }
  int status = 0;
  for (const std::string_view operand : operands) {
    auto copied = copy_operand(operand, streams, syscalls);
    if (copied) {
      continue;
    }
    status = 1;
    const CopyError& failure = copied.error();
    if (failure.output_closed()) {
      break;  // The reader left; nobody is there to tell.
    }
    try {
      std::string line(program_name);
      line += ": ";
      line += failure.error.message();
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
    if (failure.side == Side::output) {
      break;  // Later operands would fail the same way.
    }
  }
  return status;
}

}  // namespace ffikit::cat
