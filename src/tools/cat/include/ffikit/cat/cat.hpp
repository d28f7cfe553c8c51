/// @file
/// The core of `ffikit-cat`: copy files to an output descriptor, mapping
/// regular files through the stage 4 API and reading everything else.
///
/// "mmap and the Rust Foreign Function Interface" (Tommy McGuire, 12 June
/// 2013) closes with a tiny `cat` built on `with_mmap_file_contents`. This is
/// that program grown up: it behaves like GNU cat for every kind of operand,
/// and it says, route by route, why a file is mapped or read.
///
/// The functions here make no assumption about which descriptors they write
/// to, so tests and fuzz targets call them directly with pipes, temporary
/// files or substituted system calls (see Syscalls). `main()` only forwards
/// its arguments to run().
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <tl/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <system_error>

#include "ffikit/stage4_result/error.hpp"

/// The reusable core of the `ffikit-cat` tool.
namespace ffikit::cat {

/// Prefix of every message run() writes: "ffikit-cat: open(x): ...".
inline constexpr std::string_view program_name = "ffikit-cat";
/// How messages name the output descriptor, e.g. "write(standard output)".
inline constexpr std::string_view output_name = "standard output";
/// How messages name the input descriptor, e.g. "read(standard input)".
inline constexpr std::string_view input_name = "standard input";
/// Bytes asked for by each read(2) of the fallback path (128 KiB, the
/// buffer size GNU cat uses on Linux).
inline constexpr std::size_t read_buffer_size = std::size_t{128} * 1024;

/// Signature of read(2); Syscalls::read defaults to the C library's `read`.
using ReadFunction = ssize_t (*)(int fd, void* buffer, std::size_t count);
/// Signature of write(2); Syscalls::write defaults to the C library's
/// `write`.
using WriteFunction = ssize_t (*)(int fd, const void* buffer,
                                  std::size_t count);

/// The two system calls of the copy loops, replaceable so that a test can
/// force short transfers, EINTR or any errno without a real device that
/// produces them. Opening, sizing and mapping always use the real stage 4
/// API (the kit's checker can fault those).
struct Syscalls {
  ReadFunction read = &::read;     ///< Used for every read of the fallback.
  WriteFunction write = &::write;  ///< Used for every write of the output.
};

/// The descriptors the tool works with. None of them is ever closed here.
struct Streams {
  int input = STDIN_FILENO;    ///< Read for the operand "-" or no operand.
  int output = STDOUT_FILENO;  ///< Receives every copied byte.
  int error = STDERR_FILENO;   ///< Receives run()'s messages.
};

/// How one operand's bytes reached the output, and why that way.
enum class Route {
  /// A regular file with a non-zero size: mapped through
  /// stage4::try_with_mmap_file_contents and written from the mapping.
  mapped,
  /// A regular file whose fstat size is 0. Stage 4 hands out an empty view
  /// without mapping, but files in /proc and /sys report size 0 and still
  /// have content, so the file is opened again and read to end of file. A
  /// truly empty file takes this route too and yields 0 bytes.
  read_size_zero,
  /// Stage 4 refused with ("mmap", ENODEV): a character or block device, a
  /// socket, or a regular file on a file system that cannot map it (sysfs).
  /// The refusal comes from fstat without blocking; the file is then opened
  /// normally and read, as cat would.
  read_unmappable,
  /// A FIFO. Recognised with stat(2) before anything is opened and then
  /// opened once, blocking until a writer appears, as cat does. Letting
  /// stage 4 open it first (non-blocking) and reopening after its refusal
  /// would lose what a writer managed to write and close in between: the
  /// pipe's buffer dies with its last descriptor.
  read_fifo,
  /// The operand "-" (or no operand at all): Streams::input, read to end of
  /// file from its current offset. Never mapped, because a redirected
  /// regular file may already be partly consumed.
  read_standard_input,
};

/// A stable lower-case name for @p route ("mapped", "read_size_zero", ...).
std::string_view route_name(Route route) noexcept;

/// What copy_operand() did for one operand that succeeded.
struct CopyReport {
  Route route = Route::mapped;  ///< How the bytes were obtained.
  std::uint64_t bytes = 0;      ///< How many bytes were written to the output.
};

/// Which end of a copy failed.
enum class Side {
  input,   ///< Opening, sizing, mapping, reading or closing the operand.
  output,  ///< Writing to Streams::output.
};

/// A failed copy: which side, and the failed call as an ffikit::Error.
///
/// Input errors carry the stage 4 operations ("open", "fstat", "mmap",
/// "munmap", "close") or "read", with the operand as path ("standard input"
/// for "-"). Output errors are always ("write", errno, "standard output").
struct CopyError {
  /// Where it failed: run() goes on after input errors only.
  Side side = Side::input;
  Error error;  ///< The call, its errno and the path, printable as a message.

  /// True when the output's reader has gone away (write failed with EPIPE,
  /// SIGPIPE being ignored): the tool must stop without a message, like cat
  /// in `cat big | head -1`.
  [[nodiscard]] bool output_closed() const noexcept;
};

/// @name Pure policy (no system calls)
/// @{

/// True when @p operand names standard input: exactly "-". A file called
/// "-" is reached as "./-".
bool is_standard_input(std::string_view operand) noexcept;

/// True when @p mode (st_mode from stat(2)) is a FIFO, which is opened
/// blocking and read instead of being handed to stage 4; see Route::read_fifo.
bool is_fifo(std::uint32_t mode) noexcept;

/// True when a stage 4 error means "not mappable, read it instead":
/// ("mmap", ENODEV). Every other error (("open", ENOENT), ("mmap", EISDIR),
/// ("mmap", ENOMEM), ...) is reported to the user.
bool read_instead_of_map(const Error& error) noexcept;

/// @}

/// Writes all of @p bytes to @p fd, however many calls it takes.
///
/// A short write continues with the rest; EINTR retries the same call. A
/// write that returns 0 for a non-empty request is reported as ENOSPC
/// rather than retried forever. Nothing is written after the first error.
/// @param fd the descriptor to write to; not closed.
/// @param bytes what to write, in order.
/// @param write the write(2) to use (tests substitute one).
/// @return the errno of the failed write (EPIPE, ENOSPC, EBADF, EAGAIN, ...),
/// or an empty error_code when every byte was written.
std::error_code write_all(int fd, std::span<const std::byte> bytes,
                          WriteFunction write = &::write) noexcept;

/// Copies @p input to @p output until read(2) returns 0 (end of file).
///
/// EINTR on either call is retried. The buffer is read_buffer_size bytes,
/// allocated per call.
/// @param input the descriptor to read; not closed.
/// @param output the descriptor to write; not closed.
/// @param input_path names the input in errors ("standard input" or a path).
/// @param syscalls the read(2) and write(2) to use.
/// @return the number of bytes copied, or ("read", errno, @p input_path)
/// with Side::input, or ("write", errno, "standard output") with
/// Side::output. ENOMEM (Side::input, operation "read") if the buffer or
/// the error's path cannot be allocated.
tl::expected<std::uint64_t, CopyError> copy_stream(
    int input, int output, std::string_view input_path,
    Syscalls syscalls = {}) noexcept;

/// Copies one operand to @p streams.output, choosing the Route.
///
/// "-" reads @p streams.input. A FIFO (by stat(2)) is opened blocking and
/// read. Everything else goes to stage4::try_with_mmap_file_contents: a
/// mapped file is written straight from the mapping; an empty view or an
/// ("mmap", ENODEV) refusal makes the file be opened again
/// (O_RDONLY | O_CLOEXEC, blocking) and read to end of file.
///
/// Errors: every stage 4 error except ("mmap", ENODEV), e.g.
/// ("open", ENOENT), ("open", EACCES), ("open", ENOTDIR), ("open", EINVAL)
/// for a path with a NUL byte, ("mmap", EISDIR) for a directory; ("open",
/// errno) when the reopen fails; ("read", errno) and ("close", errno) of the
/// fallback; ("write", errno) on the output side.
///
/// @param operand a path, or "-" for @p streams.input. Kept byte for byte:
/// a NUL inside it is rejected, never truncated.
/// @param streams where to read "-" from and where to write; the error
/// stream is not used here.
/// @param syscalls the read(2) and write(2) of the copy loops.
/// @return the route taken and the bytes written, or the CopyError.
///
/// @warning Like cat, this blocks on a FIFO without a writer and never ends
/// on an endless device (/dev/zero). A fuzz target must only pass operands
/// inside a directory it controls.
/// @warning A mapped file that another process truncates while it is being
/// written raises SIGBUS in this process (the hazard that makes memmap2 call
/// mapping `unsafe`); GNU cat, which only reads, would see a short file.
/// @note Unlike GNU cat, an operand that is also the output file
/// (`ffikit-cat f >> f`) is not refused with "input file is output file".
/// The mapping's length is fixed when it is made, so the file's original
/// bytes are appended once and the copy ends; it cannot loop.
///
/// @code
/// ffikit::cat::Streams streams;  // stdin, stdout, stderr
/// auto copied = ffikit::cat::copy_operand("/proc/version", streams);
/// // copied->route == ffikit::cat::Route::read_size_zero
/// @endcode
tl::expected<CopyReport, CopyError> copy_operand(
    std::string_view operand, const Streams& streams,
    Syscalls syscalls = {}) noexcept;

/// The whole tool: copies each operand in order (standard input when
/// @p operands is empty), reporting failures on @p streams.error as
/// "ffikit-cat: OPERATION(PATH): REASON\n", with unprintable path bytes
/// escaped (see ffikit::Error::message()).
///
/// After an input error the remaining operands are still copied. After an
/// output error the copy stops: EPIPE silently, any other errno with a
/// message such as "ffikit-cat: write(standard output): No space left on
/// device".
/// @param operands the command-line arguments after the program name. Every
/// one is a file name except "-"; there are no options.
/// @param streams input for "-", output for the bytes, error for messages.
/// @param syscalls the read(2) and write(2) used for copying and messages.
/// @return the exit status: 0 when every operand was copied, 1 otherwise.
int run(std::span<const std::string_view> operands, const Streams& streams,
        Syscalls syscalls = {}) noexcept;

}  // namespace ffikit::cat
