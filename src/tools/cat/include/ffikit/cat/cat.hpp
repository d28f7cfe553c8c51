/// @file
/// The core of `ffikit-cat`: copy files to an output descriptor, mapping
/// the regular files that are worth mapping and reading everything else.
///
/// "mmap and the Rust Foreign Function Interface" (Tommy McGuire, 12 June
/// 2013) closes with a tiny `cat` built on `with_mmap_file_contents`. This is
/// that program grown up: it behaves like GNU cat for every kind of operand
/// (same bytes, same exit status), and it says, route by route, why a file
/// is mapped or read.
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
#include <optional>
#include <span>
#include <string_view>
#include <system_error>

#include "ffikit/stage3_callback/policy.hpp"
#include "ffikit/stage3_callback/read_to_end.hpp"
#include "ffikit/stage4_result/error.hpp"

/// The reusable core of the `ffikit-cat` tool.
namespace ffikit::cat {

/// Prefix of every message run() writes: "ffikit-cat: open(x): ...".
inline constexpr std::string_view program_name = "ffikit-cat";
/// How messages name the output descriptor, e.g. "write(standard output)".
inline constexpr std::string_view output_name = "standard output";
/// How messages name the input descriptor, e.g. "read(standard input)".
inline constexpr std::string_view input_name = "standard input";
/// Bytes asked for by each read(2) of the read routes (128 KiB, the
/// buffer size GNU cat uses on Linux).
inline constexpr std::size_t read_buffer_size = std::size_t{128} * 1024;

/// Signature of read(2); Syscalls::read defaults to the C library's `read`.
using ReadFunction = stage3::ReadFunction;
/// Signature of write(2); Syscalls::write defaults to the C library's
/// `write`.
using WriteFunction = ssize_t (*)(int fd, const void* buffer,
                                  std::size_t count);

/// Signature of copy_file_range(2); Syscalls::copy_range defaults to the C
/// library's `copy_file_range`.
using CopyRangeFunction = ssize_t (*)(int input, off64_t* input_offset,
                                      int output, off64_t* output_offset,
                                      std::size_t length, unsigned flags);

/// The system calls of the copy loops, replaceable so that a test can
/// force short transfers, EINTR, EFAULT or any errno without a real device
/// that produces them. Looking, opening, sizing and mapping always use the
/// real stage 2 and 3 calls (the kit's checker can fault those).
struct Syscalls {
  ReadFunction read = &::read;     ///< Used for every read of a read route.
  WriteFunction write = &::write;  ///< Used for every write of the output.
  /// Used by the in-kernel route (Route::copied_in_kernel).
  CopyRangeFunction copy_range = &::copy_file_range;
};

/// Which file a regular output file is: its device and inode number.
struct FileIdentity {
  dev_t device = 0;  ///< st_dev.
  ino_t inode = 0;   ///< st_ino.
};

/// The descriptors the tool works with. None of them is ever closed here.
struct Streams {
  /// Standard input, output and error.
  Streams() noexcept = default;
  /// Reads "-" from @p input_fd, writes bytes to @p output_fd and
  /// messages to @p error_fd; output_file stays empty.
  Streams(int input_fd, int output_fd, int error_fd) noexcept
      : input(input_fd), output(output_fd), error(error_fd) {}

  int input = STDIN_FILENO;    ///< Read for the operand "-" or no operand.
  int output = STDOUT_FILENO;  ///< Receives every copied byte.
  int error = STDERR_FILENO;   ///< Receives run()'s messages.
  /// When the output is a regular file: which one (run() fills this in
  /// with fstat). A nonempty operand that is this very file is refused,
  /// as GNU cat refuses it ("input file is output file"): copying a file
  /// onto its own end would never finish.
  std::optional<FileIdentity> output_file;
};

/// The error_code of an operand that is the output file itself, in the
/// tool's own category: its message is "input file is output file".
std::error_code input_is_output() noexcept;

/// How one operand's bytes reached the output, and why that way.
enum class Route {
  /// A regular file of at least stage3::small_file_threshold bytes: mapped
  /// (private, read-only, MADV_SEQUENTIAL) and written from the mapping.
  mapped,
  /// The same file, when the output is a regular file too: copied by
  /// copy_file_range(2) inside the kernel, without passing through user
  /// memory at all, as GNU cat 9 does. Where the kernel cannot (EXDEV,
  /// EINVAL, ENOSYS, EOPNOTSUPP, EBADF before any byte moved: another file
  /// system, an old kernel), the file is mapped instead.
  copied_in_kernel,
  /// A regular file below the threshold: read, because for so few bytes
  /// a mapping costs more than a copy.
  read_small,
  /// A regular file whose fstat size is 0. Files in /proc and /sys report
  /// size 0 and still have content, so it is read to end of file. A truly
  /// empty file takes this route too and yields 0 bytes.
  read_size_zero,
  /// A regular file the kernel refused to map with ENODEV (FUSE, virtiofs,
  /// GPFS), EACCES (sysfs) or ENOMEM (an address-space limit such as
  /// `ulimit -v`): read from the same descriptor instead, as cat would.
  read_unmappable,
  /// A FIFO. Recognised by fstatat before anything is opened, then opened
  /// once, blocking until a writer appears, as cat does, and read.
  read_fifo,
  /// A character or block device (/dev/null, /dev/zero, a terminal):
  /// opened once, blocking, and read. Never mapped: /dev/zero would map,
  /// but only as zeros that never end.
  read_device,
  /// The operand "-" (or no operand at all): Streams::input, read to end of
  /// file from its current offset. Never mapped, because a redirected
  /// regular file may already be partly consumed.
  read_standard_input,
};

/// A stable lower-case name for @p route ("mapped", "read_small", ...).
std::string_view route_name(Route route) noexcept;

/// What copy_operand() did for one operand that succeeded.
struct CopyReport {
  Route route = Route::mapped;  ///< How the bytes were obtained.
  std::uint64_t bytes = 0;      ///< How many bytes were written to the output.
};

/// Which end of a copy failed.
enum class Side {
  input,   ///< Looking at, opening, mapping, reading or closing the operand.
  output,  ///< Writing to Streams::output.
};

/// A failed copy: which side, and the failed step as an ffikit::Error.
///
/// Input errors carry the stage 3 steps ("check", "open", "fstat", "mmap",
/// "munmap", "close"), "read", or ("write", EFAULT) when the mapped input could
/// not be read although it did not shrink, with the operand as path
/// ("standard input" for "-"). Output errors are always ("write", errno,
/// "standard output").
struct CopyError {
  /// Where it failed: run() goes on after input errors only.
  Side side = Side::input;
  Error error;  ///< The step, its errno and the path, printable as a message.

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
/// blocking and read; see Route::read_fifo.
bool is_fifo(std::uint32_t mode) noexcept;

/// The stage 3 Options the tool opens operands with: FIFOs and devices are
/// allowed (cat reads them), and the small-file threshold is stage 3's.
/// Nothing is ever read into memory whole: the tool streams.
stage3::Options open_options() noexcept;

/// The Route for a file of type @p mode that stage 3 planned to get by
/// @p route (never ContentsRoute::refuse).
Route route_for(stage3::ContentsRoute route, std::uint32_t mode) noexcept;

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

/// Writes a mapping of @p input to @p output, surviving an input that
/// shrinks while it is copied.
///
/// When another process truncates the file, write(2) cannot read the lost
/// pages of the mapping and fails with EFAULT (the fault happens in the
/// kernel's copy, so no SIGBUS reaches this process). The input is then
/// fstat'ed again: if it ends at or before what was written, the copy is
/// complete, exactly as GNU cat's read would have returned 0 there; if it
/// still has bytes that were not written, the copy goes on up to its new
/// end. EFAULT while the file is no shorter than the bytes asked for is an
/// input error.
/// @param input the descriptor the mapping was made from; not closed.
/// @param mapping the mapped bytes, from the start of the file.
/// @param output the descriptor to write to; not closed.
/// @param input_path names the input in errors.
/// @param write the write(2) to use.
/// @return the bytes written; ("write", errno, "standard output") with
/// Side::output; ("fstat", errno) or ("write", EFAULT) with the input's
/// path and Side::input.
tl::expected<std::uint64_t, CopyError> write_mapping(
    int input, std::span<const std::byte> mapping, int output,
    std::string_view input_path, WriteFunction write = &::write) noexcept;

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
/// "-" reads @p streams.input. Any other operand goes through
/// stage3::open_for_contents() with open_options(): it is looked at with
/// fstatat before anything opens it, refused if it is a directory or a
/// socket, opened once (blocking for a FIFO or device, as cat does), and
/// then mapped or read as its Route says. A mapping the kernel refuses
/// with ENODEV, EACCES or ENOMEM is replaced by reading the same
/// descriptor.
///
/// Errors: ("check", EISDIR) for a directory and ("check", ENODEV) for a
/// socket, before any open; ("open", errno): ENOENT, EACCES, ENOTDIR,
/// EINVAL for a path with a NUL byte, ...; ("fstat", errno); ("mmap",
/// errno) for any other mmap failure; ("munmap", errno); ("read", errno);
/// ("close", EBADF)
/// (other close errors of the read-only input lose nothing and are not
/// reported); the errors of write_mapping(); ("write", errno) on the
/// output side.
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
/// Like GNU cat, a nonempty operand that is the output file itself
/// (`ffikit-cat f >> f`) is refused with ("check", input_is_output()),
/// when @p streams.output_file says which file the output is.
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
/// First it fstat's the output, as GNU cat does, to know whether it is a
/// regular file (Streams::output_file); if that fails ("ffikit-cat:
/// fstat(standard output): Bad file descriptor"), nothing is copied.
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
