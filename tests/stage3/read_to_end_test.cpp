// The read path under substituted read(2) calls: short reads, EINTR, files
// that grow or shrink while they are read, the hard bound, and the errno of
// a failed read; and a real endless device.
#include "ffikit/stage3_callback/read_to_end.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "hostile_files.hpp"
#include "stage3_test_support.hpp"

using ffikit::stage3::read_to_end;

using ffikit::stage3::testing_support::errno_code;

namespace {

std::string as_string(const std::vector<std::byte>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// A file that the fake read serves: its bytes, how many one call may
// return, which calls fail with EINTR, and an errno for one call.
struct FakeFile {
  std::string bytes;
  std::size_t offset = 0;
  std::size_t chunk = 1 << 20;
  bool interrupt_odd_calls = false;
  int fail_on_call = 0;
  int fail_errno = 0;
  int calls = 0;
  // Bytes appended after this many calls (a file that grows), or the size
  // the file shrinks to (a truncation), applied once.
  int change_after_calls = 0;
  std::string appended;
  std::size_t truncated_to = std::string::npos;
};

FakeFile& fake() {
  static FakeFile file;
  return file;
}

ssize_t fake_read(int /*fd*/, void* buffer, std::size_t count) {
  FakeFile& file = fake();
  ++file.calls;
  if (file.calls == file.change_after_calls) {
    file.bytes += file.appended;
    if (file.truncated_to != std::string::npos) {
      file.bytes.resize(std::min(file.truncated_to, file.bytes.size()));
      file.offset = std::min(file.offset, file.bytes.size());
    }
  }
  if (file.calls == file.fail_on_call) {
    errno = file.fail_errno;
    return -1;
  }
  if (file.interrupt_odd_calls && file.calls % 2 == 1) {
    errno = EINTR;
    return -1;
  }
  const std::size_t taken =
      std::min({count, file.chunk, file.bytes.size() - file.offset});
  std::memcpy(buffer, file.bytes.data() + file.offset, taken);
  file.offset += taken;
  return static_cast<ssize_t>(taken);
}

std::string digits(std::size_t size) {
  std::string out(size, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = static_cast<char>('0' + i % 10);
  }
  return out;
}

}  // namespace

TEST(ReadToEnd, ShortReadsAndEintrDeliverEveryByte) {
  fake() = FakeFile{};
  fake().bytes = digits(1000);
  fake().chunk = 7;
  fake().interrupt_odd_calls = true;
  std::vector<std::byte> out;
  EXPECT_FALSE(read_to_end(0, 1000, 1 << 20, out, fake_read));
  EXPECT_EQ(as_string(out), digits(1000));
}

TEST(ReadToEnd, ExpectedSizeNeedsExactlyOneMoreReadForTheEnd) {
  fake() = FakeFile{};
  fake().bytes = "exact";
  std::vector<std::byte> out;
  EXPECT_FALSE(read_to_end(0, 5, 1 << 20, out, fake_read));
  EXPECT_EQ(as_string(out), "exact");
  EXPECT_EQ(fake().calls, 2) << "one read for the bytes, one to see the end";
}

TEST(ReadToEnd, FileThatGrowsWhileReadIsReadToItsNewEnd) {
  fake() = FakeFile{};
  fake().bytes = "start";
  fake().chunk = 2;
  fake().change_after_calls = 2;
  fake().appended = digits(10000);
  std::vector<std::byte> out;
  EXPECT_FALSE(read_to_end(0, 5, 1 << 20, out, fake_read));
  EXPECT_EQ(as_string(out), "start" + digits(10000));
}

// GNU cat sees a short read and stops; so does the kit.
TEST(ReadToEnd, FileThatShrinksWhileReadEndsEarly) {
  fake() = FakeFile{};
  fake().bytes = digits(100);
  fake().chunk = 10;
  fake().change_after_calls = 3;
  fake().truncated_to = 25;
  std::vector<std::byte> out;
  EXPECT_FALSE(read_to_end(0, 100, 1 << 20, out, fake_read));
  EXPECT_EQ(as_string(out), digits(25));
}

TEST(ReadToEnd, UnknownSizeGrowsTheBufferAsNeeded) {
  fake() = FakeFile{};
  fake().bytes = digits(100000);
  std::vector<std::byte> out;
  EXPECT_FALSE(read_to_end(0, 0, 1 << 20, out, fake_read));
  EXPECT_EQ(as_string(out), digits(100000));
}

TEST(ReadToEnd, ExactlyTheLimitIsAccepted) {
  fake() = FakeFile{};
  fake().bytes = digits(4096);
  std::vector<std::byte> out;
  EXPECT_FALSE(read_to_end(0, 0, 4096, out, fake_read));
  EXPECT_EQ(out.size(), 4096U);
}

TEST(ReadToEnd, OneByteOverTheLimitIsEfbig) {
  fake() = FakeFile{};
  fake().bytes = digits(4097);
  std::vector<std::byte> out;
  EXPECT_EQ(read_to_end(0, 0, 4096, out, fake_read), errno_code(EFBIG));
  EXPECT_TRUE(out.empty());
}

TEST(ReadToEnd, GrowingPastTheLimitIsEfbig) {
  fake() = FakeFile{};
  fake().bytes = "small";
  fake().change_after_calls = 2;
  fake().appended = digits(5000);
  std::vector<std::byte> out;
  EXPECT_EQ(read_to_end(0, 5, 1000, out, fake_read), errno_code(EFBIG));
}

TEST(ReadToEnd, ExpectedSizePastTheLimitIsEfbigWithoutARead) {
  fake() = FakeFile{};
  fake().bytes = digits(10);
  std::vector<std::byte> out;
  EXPECT_EQ(read_to_end(0, 2000, 1000, out, fake_read), errno_code(EFBIG));
  EXPECT_EQ(fake().calls, 0);
}

TEST(ReadToEnd, ReadErrorIsReportedAndNothingKept) {
  fake() = FakeFile{};
  fake().bytes = digits(100);
  fake().chunk = 10;
  fake().fail_on_call = 3;
  fake().fail_errno = EIO;
  std::vector<std::byte> out;
  EXPECT_EQ(read_to_end(0, 100, 1 << 20, out, fake_read), errno_code(EIO));
  EXPECT_TRUE(out.empty());
}

TEST(ReadToEnd, PreviousContentsOfTheBufferAreReplaced) {
  fake() = FakeFile{};
  fake().bytes = "new";
  std::vector<std::byte> out(10, std::byte{'x'});
  EXPECT_FALSE(read_to_end(0, 0, 100, out, fake_read));
  EXPECT_EQ(as_string(out), "new");
}

// The reason for the bound: /dev/zero never ends.
TEST(ReadToEnd, EndlessDeviceStopsAtTheLimit) {
  // SAFETY: a constant path; no O_CREAT, so no mode argument.
  const int fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::vector<std::byte> out;
  EXPECT_EQ(read_to_end(fd, 0, 1 << 20, out), errno_code(EFBIG));
  ::close(fd);
}

TEST(ReadToEnd, RealFileIsReadWhole) {
  char name[] = "/tmp/ffikit-read-to-end-XXXXXX";
  // SAFETY: name is a writable template ending in XXXXXX.
  const int fd = ::mkstemp(name);
  ASSERT_GE(fd, 0);
  ::unlink(name);
  const std::string content = digits(70000);
  ASSERT_EQ(::write(fd, content.data(), content.size()),
            static_cast<ssize_t>(content.size()));
  ASSERT_EQ(::lseek(fd, 0, SEEK_SET), 0);
  std::vector<std::byte> out;
  EXPECT_FALSE(read_to_end(fd, content.size(), 1 << 20, out));
  EXPECT_EQ(as_string(out), content);
  ::close(fd);
}

namespace {

// Runs in a child under a 256 MiB address-space limit: asks for a 1 GiB
// buffer. @return 0 when that is ENOMEM before any read.
int read_under_address_space_limit() {
  const rlimit limit{std::size_t{256} << 20U, std::size_t{256} << 20U};
  if (::setrlimit(RLIMIT_AS, &limit) != 0) {
    return 2;
  }
  fake() = FakeFile{};
  fake().bytes = "never read";
  std::vector<std::byte> out;
  const std::error_code error = read_to_end(
      0, std::size_t{1} << 30U, std::size_t{2} << 30U, out, fake_read);
  return error == errno_code(ENOMEM) && fake().calls == 0 ? 0 : 1;
}

}  // namespace

// A buffer that cannot be allocated is ENOMEM, not an exception.
TEST(ReadToEndDeathTest, BufferThatCannotBeAllocatedIsEnomem) {
  if (const char* reason = ffikit::hostile::address_space_limit_unsupported()) {
    GTEST_SKIP() << reason;
  }
  // exit(), not _Exit(): coverage counters are written at exit.
  EXPECT_EXIT(std::exit(read_under_address_space_limit()),
              testing::ExitedWithCode(0), "");
}
