// Unit tests of ffikit::cat's core, called in-process: the route each kind
// of operand takes, the exact errors, and the write/read loops under short
// transfers, EINTR and failures forced through substituted system calls.
#include "ffikit/cat/cat.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cat_test_support.hpp"
#include "ffikit/test_support/temp_dir.hpp"

using ffikit::Error;
using ffikit::cat::copy_operand;
using ffikit::cat::copy_stream;
using ffikit::cat::CopyError;
using ffikit::cat::Route;
using ffikit::cat::Side;
using ffikit::cat::Streams;
using ffikit::cat::Syscalls;
using ffikit::cat::write_all;
using ffikit::cat_test::make_pipe;
using ffikit::cat_test::open_for_writing;
using ffikit::cat_test::pattern_bytes;
using ffikit::cat_test::pipe_holding;
using ffikit::cat_test::read_file;
using ffikit::stage2::FileDescriptor;
using ffikit::test_support::TempDir;

namespace {

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

std::span<const std::byte> bytes_of(std::string_view text) {
  return std::as_bytes(std::span(text));
}

// An output file inside a test's directory, plus Streams that write to it
// and report to a second file.
struct Capture {
  explicit Capture(const TempDir& dir)
      : out_path(dir.join("captured-out")),
        err_path(dir.join("captured-err")),
        out(open_for_writing(out_path)),
        err(open_for_writing(err_path)) {}

  [[nodiscard]] Streams streams(int input = -1) const {
    return Streams{input, out.get(), err.get()};
  }
  [[nodiscard]] std::string output() const { return read_file(out_path); }
  [[nodiscard]] std::string errors() const { return read_file(err_path); }

  std::string out_path;
  std::string err_path;
  FileDescriptor out;
  FileDescriptor err;
};

// /dev/full: every write fails with ENOSPC.
FileDescriptor open_full_device() {
  // SAFETY: a constant NUL-terminated path; no O_CREAT, so no mode.
  return FileDescriptor(::open("/dev/full", O_WRONLY | O_CLOEXEC));
}

// SIGPIPE ignored for one test, so that a write to a pipe without a reader
// returns EPIPE instead of killing the test binary.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    // SAFETY: both structures are live; the previous disposition is kept to
    // be restored by the destructor.
    ::sigaction(SIGPIPE, &ignore, &previous_);
  }
  ~IgnoreSigpipe() {
    // SAFETY: restores exactly what the constructor saved.
    ::sigaction(SIGPIPE, &previous_, nullptr);
  }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe(IgnoreSigpipe&&) = delete;
  IgnoreSigpipe& operator=(IgnoreSigpipe&&) = delete;

 private:
  struct sigaction previous_ {};
};

// ---- Substituted system calls. Plain functions (no captures) because
// Syscalls holds function pointers; each test resets the state it uses.

struct FakeState {
  std::string sink;       // What the fake writes accepted.
  int calls = 0;          // Calls made so far.
  int fail_on_call = 0;   // The call that fails (0: none).
  int fail_errno = 0;     // Its errno.
  std::size_t chunk = 0;  // Most bytes one call transfers.
  std::string source;     // What the fake read serves.
  std::size_t source_offset = 0;
};

FakeState& fakes() {
  static FakeState state;
  return state;
}

void reset_fakes() { fakes() = FakeState{}; }

// Accepts at most fakes().chunk bytes per call, and fails every odd call with
// EINTR before accepting anything.
ssize_t short_and_interrupted_write(int /*fd*/, const void* buffer,
                                    std::size_t count) {
  ++fakes().calls;
  if (fakes().calls % 2 == 1) {
    errno = EINTR;
    return -1;
  }
  const std::size_t taken = count < fakes().chunk ? count : fakes().chunk;
  fakes().sink.append(static_cast<const char*>(buffer), taken);
  return static_cast<ssize_t>(taken);
}

ssize_t zero_progress_write(int /*fd*/, const void* /*buffer*/,
                            std::size_t /*count*/) {
  ++fakes().calls;
  return 0;
}

// Takes fakes().chunk bytes per call until call fakes().fail_on_call, which
// fails with fakes().fail_errno.
ssize_t failing_write(int /*fd*/, const void* buffer, std::size_t count) {
  ++fakes().calls;
  if (fakes().calls == fakes().fail_on_call) {
    errno = fakes().fail_errno;
    return -1;
  }
  const std::size_t taken = count < fakes().chunk ? count : fakes().chunk;
  fakes().sink.append(static_cast<const char*>(buffer), taken);
  return static_cast<ssize_t>(taken);
}

// Serves fakes().source in pieces of at most fakes().chunk bytes, failing every
// odd call with EINTR, or with fakes().fail_errno on call fakes().fail_on_call.

ssize_t scripted_read(int /*fd*/, void* buffer, std::size_t count) {
  ++fakes().calls;
  if (fakes().calls == fakes().fail_on_call) {
    errno = fakes().fail_errno;
    return -1;
  }
  if (fakes().calls % 2 == 1) {
    errno = EINTR;
    return -1;
  }
  std::size_t taken = fakes().source.size() - fakes().source_offset;
  taken = taken < count ? taken : count;
  taken = taken < fakes().chunk ? taken : fakes().chunk;
  std::memcpy(buffer, fakes().source.data() + fakes().source_offset, taken);
  fakes().source_offset += taken;
  return static_cast<ssize_t>(taken);
}

ssize_t sink_write(int /*fd*/, const void* buffer, std::size_t count) {
  fakes().sink.append(static_cast<const char*>(buffer), count);
  return static_cast<ssize_t>(count);
}

// Fails the writes of a mapped operand (large ones) with EFAULT, accepts
// the small writes of a read route.
ssize_t sink_efault_on_mapping(int fd, const void* buffer, std::size_t count) {
  if (count >= ffikit::stage3::small_file_threshold) {
    errno = EFAULT;
    return -1;
  }
  return sink_write(fd, buffer, count);
}

}  // namespace

// ---- Pure policy.

TEST(CatPolicy, OnlyDashIsStandardInput) {
  EXPECT_TRUE(ffikit::cat::is_standard_input("-"));
  EXPECT_FALSE(ffikit::cat::is_standard_input(""));
  EXPECT_FALSE(ffikit::cat::is_standard_input("--"));
  EXPECT_FALSE(ffikit::cat::is_standard_input("./-"));
  EXPECT_FALSE(ffikit::cat::is_standard_input(std::string_view("-\0", 2)));
}

TEST(CatPolicy, OnlyFifoModeIsFifo) {
  EXPECT_TRUE(ffikit::cat::is_fifo(S_IFIFO | 0644U));
  EXPECT_FALSE(ffikit::cat::is_fifo(S_IFREG | 0644U));
  EXPECT_FALSE(ffikit::cat::is_fifo(S_IFCHR | 0666U));
  EXPECT_FALSE(ffikit::cat::is_fifo(S_IFSOCK | 0777U));
  EXPECT_FALSE(ffikit::cat::is_fifo(S_IFDIR | 0755U));
}

TEST(CatPolicy, FifosAndDevicesAreAllowedAndSmallFilesRead) {
  const ffikit::stage3::Options options = ffikit::cat::open_options();
  EXPECT_TRUE(options.read_special_files);
  EXPECT_EQ(options.read_below, ffikit::stage3::small_file_threshold);
}

TEST(CatPolicy, RouteFollowsTheStage3PlanAndTheFileType) {
  using ffikit::cat::route_for;
  using ffikit::stage3::ContentsRoute;
  EXPECT_EQ(route_for(ContentsRoute::map, S_IFREG), Route::mapped);
  EXPECT_EQ(route_for(ContentsRoute::read_small, S_IFREG), Route::read_small);
  EXPECT_EQ(route_for(ContentsRoute::read_unsized, S_IFREG),
            Route::read_size_zero);
  EXPECT_EQ(route_for(ContentsRoute::read_special, S_IFIFO | 0600U),
            Route::read_fifo);
  EXPECT_EQ(route_for(ContentsRoute::read_special, S_IFCHR | 0666U),
            Route::read_device);
  EXPECT_EQ(route_for(ContentsRoute::read_special, S_IFBLK | 0660U),
            Route::read_device);
}

TEST(CatPolicy, InputIsOutputHasItsOwnMessage) {
  EXPECT_EQ(ffikit::cat::input_is_output().message(),
            "input file is output file");
  EXPECT_STREQ(ffikit::cat::input_is_output().category().name(), "ffikit-cat");
}

TEST(CatPolicy, OnlyOutputEpipeMeansOutputClosed) {
  EXPECT_TRUE((CopyError{Side::output, Error("write", errno_code(EPIPE), "o")})
                  .output_closed());
  EXPECT_FALSE((CopyError{Side::input, Error("read", errno_code(EPIPE), "i")})
                   .output_closed());
  EXPECT_FALSE(
      (CopyError{Side::output, Error("write", errno_code(ENOSPC), "o")})
          .output_closed());
}

// ---- write_all and copy_stream under substituted calls.

TEST(CatWriteAll, ShortWritesAndEintrDeliverEveryByte) {
  reset_fakes();
  fakes().chunk = 3;
  const std::string text = "short writes must not lose a byte";
  EXPECT_FALSE(write_all(1, bytes_of(text), short_and_interrupted_write));
  EXPECT_EQ(fakes().sink, text);
  // 11 accepting calls of 3 bytes, each after one EINTR.
  EXPECT_EQ(fakes().calls, 22);
}

TEST(CatWriteAll, ZeroProgressIsEnospcNotASpin) {
  reset_fakes();
  EXPECT_EQ(write_all(1, bytes_of("x"), zero_progress_write),
            errno_code(ENOSPC));
  EXPECT_EQ(fakes().calls, 1);
}

TEST(CatWriteAll, StopsAtFirstError) {
  reset_fakes();
  fakes().chunk = 4;
  fakes().fail_on_call = 2;
  fakes().fail_errno = EIO;
  EXPECT_EQ(write_all(1, bytes_of("abcdefgh-ijkl"), failing_write),
            errno_code(EIO));
  EXPECT_EQ(fakes().sink, "abcd");
  EXPECT_EQ(fakes().calls, 2);
}

TEST(CatWriteAll, EmptyRangeMakesNoCall) {
  reset_fakes();
  EXPECT_FALSE(write_all(1, {}, zero_progress_write));
  EXPECT_EQ(fakes().calls, 0);
}

TEST(CatCopyStream, ShortReadsAndEintrCopyEverything) {
  reset_fakes();
  fakes().source = pattern_bytes(1000, 7);
  fakes().source_offset = 0;
  fakes().chunk = 64;
  const auto copied =
      copy_stream(0, 1, "in", Syscalls{scripted_read, sink_write});
  ASSERT_TRUE(copied);
  EXPECT_EQ(*copied, 1000U);
  EXPECT_EQ(fakes().sink, fakes().source);
}

TEST(CatCopyStream, ReadErrorNamesInput) {
  reset_fakes();
  fakes().source = "abcdef";
  fakes().source_offset = 0;
  fakes().chunk = 2;
  fakes().fail_on_call = 4;  // EINTR, 2 bytes, EINTR, then EIO.
  fakes().fail_errno = EIO;
  const auto copied =
      copy_stream(0, 1, "the input", Syscalls{scripted_read, sink_write});
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().side, Side::input);
  EXPECT_EQ(copied.error().error, Error("read", errno_code(EIO), "the input"));
  EXPECT_EQ(copied.error().error.message(),
            "read(the input): Input/output error");
  EXPECT_EQ(fakes().sink, "ab");
}

TEST(CatCopyStream, WriteErrorNamesStandardOutput) {
  reset_fakes();
  fakes().chunk = 2;
  fakes().fail_on_call = 1;
  fakes().fail_errno = ENOSPC;
  // Reads come from a real pipe so that fakes().calls counts writes only.
  const FileDescriptor input = pipe_holding("payload");
  const auto copied =
      copy_stream(input.get(), 1, "in", Syscalls{&::read, failing_write});
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().side, Side::output);
  EXPECT_EQ(copied.error().error,
            Error("write", errno_code(ENOSPC), "standard output"));
}

// ---- copy_operand: one route per kind of operand.

TEST(CatCopyOperand, RegularFileIsMapped) {
  TempDir dir;
  Capture capture(dir);
  const std::string content =
      pattern_bytes(ffikit::stage3::small_file_threshold + 5, 1);
  const auto copied =
      copy_operand(dir.write("regular", content), capture.streams());
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::mapped);
  EXPECT_EQ(copied->bytes, content.size());
  EXPECT_EQ(capture.output(), content);
}

namespace {

// The output as a regular file, identified as run() identifies it.
Streams to_regular_file(const Capture& capture) {
  Streams streams = capture.streams();
  struct stat status {};
  // SAFETY: the capture's own descriptor; status is a live struct stat.
  EXPECT_EQ(::fstat(capture.out.get(), &status), 0);
  streams.output_file = ffikit::cat::FileIdentity{status.st_dev, status.st_ino};
  return streams;
}

// A kernel that cannot copy between the two files: the mapped route.
ssize_t cross_device(int, off64_t*, int, off64_t*, std::size_t, unsigned) {
  errno = EXDEV;
  return -1;
}

// One call moves 100 bytes, the next finds the disk full.
ssize_t full_after_a_hundred(int, off64_t*, int, off64_t*, std::size_t,
                             unsigned) {
  static int calls = 0;
  if (calls++ % 2 == 0) {
    return 100;
  }
  errno = ENOSPC;
  return -1;
}

}  // namespace

TEST(CatCopyOperand, RegularFileToARegularFileIsCopiedInTheKernel) {
  TempDir dir;
  Capture capture(dir);
  const std::string content =
      pattern_bytes(ffikit::stage3::small_file_threshold + 5, 2);
  const auto copied =
      copy_operand(dir.write("regular", content), to_regular_file(capture));
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::copied_in_kernel);
  EXPECT_EQ(copied->bytes, content.size());
  EXPECT_EQ(capture.output(), content);
}

TEST(CatCopyOperand, KernelThatCannotCopyBetweenTheFilesFallsBackToMapping) {
  TempDir dir;
  Capture capture(dir);
  const std::string content =
      pattern_bytes(ffikit::stage3::small_file_threshold + 5, 3);
  Syscalls syscalls;
  syscalls.copy_range = cross_device;
  const auto copied = copy_operand(dir.write("regular", content),
                                   to_regular_file(capture), syscalls);
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::mapped);
  EXPECT_EQ(capture.output(), content);
}

TEST(CatCopyOperand, KernelCopyFailingAfterBytesMovedIsAnOutputError) {
  TempDir dir;
  Capture capture(dir);
  const std::string content =
      pattern_bytes(ffikit::stage3::small_file_threshold + 5, 4);
  Syscalls syscalls;
  syscalls.copy_range = full_after_a_hundred;
  const auto copied = copy_operand(dir.write("regular", content),
                                   to_regular_file(capture), syscalls);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().side, Side::output);
  EXPECT_EQ(copied.error().error,
            Error("write", errno_code(ENOSPC), "standard output"));
}

TEST(CatCopyOperand, SmallFileIsRead) {
  TempDir dir;
  Capture capture(dir);
  const std::string content = pattern_bytes(3 * 4096 + 5, 1);
  const auto copied =
      copy_operand(dir.write("regular", content), capture.streams());
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::read_small);
  EXPECT_EQ(copied->bytes, content.size());
  EXPECT_EQ(capture.output(), content);
}

TEST(CatCopyOperand, EmptyFileIsReadToItsEnd) {
  TempDir dir;
  Capture capture(dir);
  const auto copied = copy_operand(dir.write("empty", ""), capture.streams());
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::read_size_zero);
  EXPECT_EQ(copied->bytes, 0U);
  EXPECT_EQ(capture.output(), "");
}

// /proc files report st_size 0 yet have content: mapping alone would print
// nothing (memmap-rs #59).
TEST(CatCopyOperand, ProcFileWithSizeZeroIsRead) {
  TempDir dir;
  Capture capture(dir);
  const std::string expected = read_file("/proc/version");
  ASSERT_FALSE(expected.empty());
  const auto copied = copy_operand("/proc/version", capture.streams());
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::read_size_zero);
  EXPECT_EQ(copied->bytes, expected.size());
  EXPECT_EQ(capture.output(), expected);
}

TEST(CatCopyOperand, CharacterDeviceIsReadNotMapped) {
  TempDir dir;
  Capture capture(dir);
  const auto copied = copy_operand("/dev/null", capture.streams());
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::read_device);
  EXPECT_EQ(copied->bytes, 0U);
}

TEST(CatCopyOperand, FifoIsOpenedBlockingAndRead) {
  TempDir dir;
  Capture capture(dir);
  const std::string fifo = dir.make_fifo("fifo");
  const std::string message = "through the fifo\n";
  std::thread writer([&] {
    // Blocks until copy_operand opens the FIFO for reading: the only open
    // it makes, so the bytes cannot be lost between two opens.
    FileDescriptor end = open_for_writing(fifo);
    // SAFETY: message is a live readable string smaller than a pipe buffer.
    EXPECT_EQ(::write(end.get(), message.data(), message.size()),
              static_cast<ssize_t>(message.size()));
  });
  const auto copied = copy_operand(fifo, capture.streams());
  writer.join();
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::read_fifo);
  EXPECT_EQ(capture.output(), message);
}

TEST(CatCopyOperand, StandardInputIsReadFromItsCurrentOffset) {
  TempDir dir;
  Capture capture(dir);
  std::error_code error;
  const FileDescriptor input =
      ffikit::stage2::open_read_only(dir.write("in", "skip:kept"), error);
  ASSERT_FALSE(error);
  ASSERT_EQ(::lseek(input.get(), 5, SEEK_SET), 5);
  const auto copied = copy_operand("-", capture.streams(input.get()));
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->route, Route::read_standard_input);
  EXPECT_EQ(copied->bytes, 4U);
  EXPECT_EQ(capture.output(), "kept");
}

TEST(CatCopyOperand, MissingFileIsOpenEnoent) {
  TempDir dir;
  Capture capture(dir);
  const std::string missing = dir.join("missing");
  const auto copied = copy_operand(missing, capture.streams());
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().side, Side::input);
  EXPECT_EQ(copied.error().error, Error("open", errno_code(ENOENT), missing));
}

// Refused from fstatat before anything opens it: GNU cat's reason and
// status, and no mmap named where none was made.
TEST(CatCopyOperand, DirectoryIsRefusedByTheCheck) {
  TempDir dir;
  Capture capture(dir);
  const auto copied = copy_operand(dir.path(), capture.streams());
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().side, Side::input);
  EXPECT_EQ(copied.error().error,
            Error("check", errno_code(EISDIR), dir.path()));
}

TEST(CatCopyOperand, InteriorNulRejectedNotTruncated) {
  TempDir dir;
  Capture capture(dir);
  // The part before the NUL exists: a truncating wrapper would print it.
  const std::string real = dir.write("real", "must not be printed");
  const std::string with_nul = real + std::string("\0tail", 5);
  const auto copied = copy_operand(with_nul, capture.streams());
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().error, Error("open", errno_code(EINVAL), with_nul));
  EXPECT_EQ(copied.error().error.message(),
            "open(" + real + "\\0tail): Invalid argument");
  EXPECT_EQ(capture.output(), "");
}

TEST(CatCopyOperand, WriteErrorIsOutputSideOnEveryRoute) {
  TempDir dir;
  const FileDescriptor full = open_full_device();
  ASSERT_TRUE(full.is_open());
  for (const std::string& file :
       {dir.write("small", "data"),
        dir.write("mapped",
                  std::string(ffikit::stage3::small_file_threshold, 'd'))}) {
    const auto copied = copy_operand(file, Streams{-1, full.get(), -1});
    ASSERT_FALSE(copied) << file;
    EXPECT_EQ(copied.error().side, Side::output);
    EXPECT_EQ(copied.error().error,
              Error("write", errno_code(ENOSPC), "standard output"));
  }
}

// GNU cat refuses to append a nonempty file to itself; so does the tool
// when it knows the output is that file.
TEST(CatCopyOperand, OperandThatIsTheOutputFileIsRefused) {
  TempDir dir;
  const std::string file = dir.write("self", "abc");
  struct stat status {};
  ASSERT_EQ(::stat(file.c_str(), &status), 0);
  Streams streams{-1, -1, -1};
  streams.output_file = ffikit::cat::FileIdentity{status.st_dev, status.st_ino};
  const auto copied = copy_operand(file, streams);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().error,
            Error("check", ffikit::cat::input_is_output(), file));
  EXPECT_EQ(copied.error().error.message(),
            "check(" + file + "): input file is output file");
}

TEST(CatCopyOperand, EmptyOperandThatIsTheOutputFileIsCopiedAsNothing) {
  TempDir dir;
  Capture capture(dir);
  const std::string file = dir.write("empty", "");
  struct stat status {};
  ASSERT_EQ(::stat(file.c_str(), &status), 0);
  Streams streams = capture.streams();
  streams.output_file = ffikit::cat::FileIdentity{status.st_dev, status.st_ino};
  const auto copied = copy_operand(file, streams);
  ASSERT_TRUE(copied) << copied.error().error;
  EXPECT_EQ(copied->bytes, 0U);
}

// ---- write_mapping: a mapped input that shrinks under the copy.

namespace {

// The input the fake write below truncates, once, before its first write.
struct Truncation {
  std::string path;
  off_t new_size = 0;
  bool done = false;
};

Truncation& truncation() {
  static Truncation state;
  return state;
}

// Truncates truncation().path on its first call, then writes for real: the
// kernel's copy from the mapping meets the lost pages.
ssize_t truncating_write(int fd, const void* buffer, std::size_t count) {
  if (!truncation().done) {
    truncation().done = true;
    if (::truncate(truncation().path.c_str(), truncation().new_size) != 0) {
      return -1;
    }
  }
  return ::write(fd, buffer, count);
}

ssize_t always_efault_write(int /*fd*/, const void* /*buffer*/,
                            std::size_t /*count*/) {
  ++fakes().calls;
  errno = EFAULT;
  return -1;
}

}  // namespace

// write(2) from a mapping whose file shrank fails with EFAULT instead of
// raising SIGBUS. The tool fstat's the input again and stops at its new
// end, as GNU cat's short read does. The page holding the new end stays
// mapped, and truncation zeroed its tail: the copy ends with those zeros.
TEST(CatWriteMapping, InputTruncatedDuringTheWriteStopsAtItsNewEnd) {
  TempDir dir;
  Capture capture(dir);
  const std::size_t page = ffikit::cat_test::page_size();
  const std::string content = pattern_bytes(8 * page, 11);
  const std::string path = dir.write("shrinking", content);
  std::error_code error;
  const FileDescriptor input = ffikit::stage2::open_read_only(path, error);
  const ffikit::stage2::MappedRegion region =
      ffikit::stage2::map_read_only(input, content.size(), error);
  ASSERT_FALSE(error) << error.message();
  truncation() = {path, static_cast<off_t>(2 * page + 100), false};
  const auto written = ffikit::cat::write_mapping(
      input.get(), region.bytes(), capture.out.get(), path, truncating_write);
  ASSERT_TRUE(written) << written.error().error;
  EXPECT_EQ(*written, 3 * page);
  const std::string out = capture.output();
  ASSERT_EQ(out.size(), 3 * page);
  EXPECT_TRUE(out.substr(0, 2 * page + 100) ==
              content.substr(0, 2 * page + 100));
  EXPECT_EQ(out.substr(2 * page + 100), std::string(page - 100, '\0'));
}

TEST(CatWriteMapping, EfaultWithoutAShorterInputIsAnInputError) {
  reset_fakes();
  TempDir dir;
  const std::string content(3 * ffikit::cat_test::page_size(), 'e');
  const std::string path = dir.write("whole", content);
  std::error_code error;
  const FileDescriptor input = ffikit::stage2::open_read_only(path, error);
  const auto written = ffikit::cat::write_mapping(
      input.get(), bytes_of(content), 1, path, always_efault_write);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().side, Side::input);
  EXPECT_EQ(written.error().error, Error("write", errno_code(EFAULT), path));
  EXPECT_EQ(fakes().calls, 1);
}

TEST(CatWriteMapping, ShortWritesAndEintrDeliverEveryByte) {
  reset_fakes();
  fakes().chunk = 1000;
  const std::string content = pattern_bytes(10000, 12);
  const auto written = ffikit::cat::write_mapping(
      -1, bytes_of(content), 1, "in", short_and_interrupted_write);
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, content.size());
  EXPECT_TRUE(fakes().sink == content);
}

// The whole tool: the shrunken operand ends early, without a message, and
// the next operand is still copied; the status is 0, as GNU cat's.
TEST(CatRun, InputTruncatedWhileCopyingEndsItAndTheNextOperandFollows) {
  TempDir dir;
  Capture capture(dir);
  const std::size_t page = ffikit::cat_test::page_size();
  const std::string content =
      pattern_bytes(ffikit::stage3::small_file_threshold + 4 * page, 13);
  const std::string big = dir.write("big", content);
  const std::string tail = dir.write("tail", "tail\n");
  truncation() = {big, static_cast<off_t>(page), false};
  const std::vector<std::string_view> operands = {big, tail};
  EXPECT_EQ(ffikit::cat::run(operands, capture.streams(),
                             // The mapped route, whose writes the hook sees.
                             Syscalls{&::read, truncating_write, cross_device}),
            0);
  EXPECT_EQ(capture.errors(), "");
  EXPECT_TRUE(capture.output() == content.substr(0, page) + "tail\n");
}

TEST(CatRun, EfaultOnOneOperandIsReportedAndTheRestCopied) {
  reset_fakes();
  TempDir dir;
  Capture capture(dir);
  const std::string big =
      dir.write("big", std::string(ffikit::stage3::small_file_threshold, 'b'));
  const std::vector<std::string_view> operands = {big, "-"};
  const FileDescriptor input = pipe_holding("stdin\n");
  EXPECT_EQ(
      ffikit::cat::run(operands, capture.streams(input.get()),
                       Syscalls{&::read, sink_efault_on_mapping, cross_device}),
      1);
  // The message goes through the same substituted write, in order.
  EXPECT_EQ(fakes().sink,
            "ffikit-cat: write(" + big + "): Bad address\nstdin\n");
}

// GNU cat: "cat: f: input file is output file", status 1, f unchanged.
TEST(CatRun, OperandThatIsTheOutputFileIsRefusedLikeCat) {
  TempDir dir;
  Capture capture(dir);
  const std::string self = capture.out_path;
  ASSERT_EQ(::write(capture.out.get(), "abc\n", 4), 4);
  const std::vector<std::string_view> operands = {self};
  EXPECT_EQ(ffikit::cat::run(operands, capture.streams()), 1);
  EXPECT_EQ(capture.output(), "abc\n");
  EXPECT_EQ(capture.errors(),
            "ffikit-cat: check(" + self + "): input file is output file\n");
}

TEST(CatRun, UnknowableOutputStopsBeforeCopyingAnything) {
  TempDir dir;
  Capture capture(dir);
  const std::vector<std::string_view> operands = {"/proc/version"};
  EXPECT_EQ(ffikit::cat::run(operands, Streams{-1, -1, capture.err.get()}), 1);
  EXPECT_EQ(capture.errors(),
            "ffikit-cat: fstat(standard output): Bad file descriptor\n");
}

// ---- run: the whole tool in-process.

TEST(CatRun, ContinuesAfterInputErrors) {
  TempDir dir;
  Capture capture(dir);
  const std::string missing = dir.join("missing");
  const std::vector<std::string> names = {dir.write("a", "A\n"), missing,
                                          dir.path(), dir.write("b", "B\n")};
  const std::vector<std::string_view> operands(names.begin(), names.end());
  EXPECT_EQ(ffikit::cat::run(operands, capture.streams()), 1);
  EXPECT_EQ(capture.output(), "A\nB\n");
  EXPECT_EQ(capture.errors(), "ffikit-cat: open(" + missing +
                                  "): No such file or directory\n"
                                  "ffikit-cat: check(" +
                                  dir.path() + "): Is a directory\n");
}

TEST(CatRun, NoOperandReadsStandardInput) {
  TempDir dir;
  Capture capture(dir);
  const FileDescriptor input = pipe_holding("from the pipe");
  EXPECT_EQ(ffikit::cat::run({}, capture.streams(input.get())), 0);
  EXPECT_EQ(capture.output(), "from the pipe");
  EXPECT_EQ(capture.errors(), "");
}

TEST(CatRun, EpipeStopsSilently) {
  const IgnoreSigpipe ignore;
  TempDir dir;
  Capture capture(dir);
  auto pipe = make_pipe();
  ASSERT_FALSE(pipe.read.close());  // The reader is gone before we start.
  const std::vector<std::string> names = {dir.write("a", "A"),
                                          dir.join("missing")};
  const std::vector<std::string_view> operands(names.begin(), names.end());
  EXPECT_EQ(ffikit::cat::run(operands,
                             Streams{-1, pipe.write.get(), capture.err.get()}),
            1);
  EXPECT_EQ(capture.errors(), "")
      << "neither the EPIPE nor the later missing file may be reported";
}

TEST(CatRun, WriteErrorIsReportedOnceAndStops) {
  TempDir dir;
  Capture capture(dir);
  const FileDescriptor full = open_full_device();
  ASSERT_TRUE(full.is_open());
  const std::vector<std::string> names = {dir.write("a", "A"),
                                          dir.join("missing")};
  const std::vector<std::string_view> operands(names.begin(), names.end());
  EXPECT_EQ(
      ffikit::cat::run(operands, Streams{-1, full.get(), capture.err.get()}),
      1);
  EXPECT_EQ(capture.errors(),
            "ffikit-cat: write(standard output): No space left on device\n");
}

TEST(CatRun, UnprintablePathBytesAreEscaped) {
  TempDir dir;
  Capture capture(dir);
  const std::string odd = dir.join("line\nbreak\x7f");
  const std::vector<std::string_view> operands = {odd};
  EXPECT_EQ(ffikit::cat::run(operands, capture.streams()), 1);
  EXPECT_EQ(capture.errors(), "ffikit-cat: open(" + dir.path() +
                                  "/line\\x0abreak\\x7f): No such file or "
                                  "directory\n");
}
