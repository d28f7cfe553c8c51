#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ffikit/test_support/resource_snapshot.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "hostile_files.hpp"
#include "stage3_test_support.hpp"

using ffikit::hostile::BlockedFifoWriter;
using ffikit::hostile::read_with_read;
using ffikit::stage3::owning_result;
using ffikit::stage3::with_mmap_file_contents;
using ffikit::test_support::leaked_between;
using ffikit::test_support::ResourceSnapshot;
using ffikit::test_support::TempDir;
using Bytes = std::span<const std::byte>;

using namespace std::string_literals;

using ffikit::stage3::testing_support::errno_code;

namespace {

std::string as_string(Bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Runs the call and returns the system_error it threw; fails the test if it
// threw nothing.
template <class Call>
std::system_error thrown_by(Call call) {
  try {
    call();
  } catch (const std::system_error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a std::system_error";
  return std::system_error(std::error_code{}, "none");
}

}  // namespace

// Owning results pass; anything that could borrow from the mapping does not.
// (The compile_fail tests check the diagnostics themselves.)
static_assert(owning_result<void>);
static_assert(owning_result<int>);
static_assert(owning_result<std::string>);
static_assert(owning_result<std::vector<std::byte>>);
static_assert(owning_result<std::unique_ptr<int>>);
static_assert(!owning_result<Bytes>);
static_assert(!owning_result<std::string_view>);
static_assert(!owning_result<const std::byte*>);
static_assert(!owning_result<const std::byte&>);
static_assert(!owning_result<std::reference_wrapper<const std::byte>>);

TEST(WithMmapFileContents, ReturnsWhatTheCallbackReturns) {
  TempDir dir;
  const std::string file = dir.write("f", "one\ntwo\nthree\n");
  const auto lines = with_mmap_file_contents(file, [](Bytes bytes) {
    return std::count(bytes.begin(), bytes.end(), std::byte{'\n'});
  });
  EXPECT_EQ(lines, 3);
}

TEST(WithMmapFileContents, CallbackSeesExactlyTheFileBytes) {
  TempDir dir;
  std::string contents(3 * 4096 + 17, '\0');
  for (std::size_t i = 0; i < contents.size(); ++i) {
    contents[i] = static_cast<char>(i * 31 % 251);
  }
  const std::string file = dir.write("binary", contents);
  EXPECT_EQ(with_mmap_file_contents(file, as_string), contents);
}

TEST(WithMmapFileContents, VoidCallbackIsCalledOnce) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  int calls = 0;
  with_mmap_file_contents(file, [&calls](Bytes bytes) {
    ++calls;
    EXPECT_EQ(bytes.size(), 3U);
  });
  EXPECT_EQ(calls, 1);
}

TEST(WithMmapFileContents, MoveOnlyResultIsReturned) {
  TempDir dir;
  const std::string file = dir.write("f", "xyz");
  const auto size = with_mmap_file_contents(file, [](Bytes bytes) {
    return std::make_unique<std::size_t>(bytes.size());
  });
  EXPECT_EQ(*size, 3U);
}

TEST(WithMmapFileContents, ZeroLengthFileGivesAnEmptyView) {
  TempDir dir;
  const std::string file = dir.write("empty", "");
  int calls = 0;
  with_mmap_file_contents(file, [&calls](Bytes bytes) {
    ++calls;
    EXPECT_TRUE(bytes.empty());
  });
  EXPECT_EQ(calls, 1);
}

// /proc files report st_size 0 although they have content (memmap-rs #59):
// the callback must see the text, not an empty view.
TEST(WithMmapFileContents, ProcFileWithZeroSizeIsRead) {
  const std::string expected = read_with_read("/proc/version");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(with_mmap_file_contents("/proc/version", as_string), expected);
}

TEST(WithMmapFileContents, SysfsFileIsRead) {
  const std::string path = "/sys/kernel/mm/transparent_hugepage/enabled";
  const std::string expected = read_with_read(path);
  if (expected.empty()) {
    GTEST_SKIP() << path << " is absent or empty on this kernel";
  }
  EXPECT_EQ(with_mmap_file_contents(path, as_string), expected);
}

// sysfs refuses MAP_SHARED for the kernel's BTF with EACCES; the private
// mapping the kit makes works, and gives the bytes read(2) gives.
TEST(WithMmapFileContents, KernelBtfInSysfsGivesItsBytes) {
  const std::string path = "/sys/kernel/btf/vmlinux";
  const std::string expected = read_with_read(path);
  if (expected.empty()) {
    GTEST_SKIP() << path << " is absent: the kernel has no BTF in sysfs";
  }
  const std::string seen = with_mmap_file_contents(path, as_string);
  ASSERT_EQ(seen.size(), expected.size());
  EXPECT_TRUE(seen == expected);
}

TEST(WithMmapFileContents, MissingFileThrowsNamingOpenAndPath) {
  TempDir dir;
  const std::string missing = dir.join("mot");
  const std::system_error error =
      thrown_by([&] { with_mmap_file_contents(missing, [](Bytes) {}); });
  EXPECT_EQ(error.code(), errno_code(ENOENT));
  EXPECT_EQ(error.what(), "open(" + missing + "): No such file or directory");
}

// Refused by the kit's check before anything is opened; the message names
// that step, not a call (mmap) that was never made.
TEST(WithMmapFileContents, DirectoryRefusedByTheCheck) {
  TempDir dir;
  const std::system_error error = thrown_by([&] {
    with_mmap_file_contents(dir.path(), [](Bytes) { ADD_FAILURE(); });
  });
  EXPECT_EQ(error.code(), errno_code(EISDIR));
  EXPECT_EQ(error.what(), "check(" + dir.path() + "): Is a directory");
}

// A FIFO is recognised without opening it: an open, even a non-blocking
// one, would wait for or release a writer. If it regressed to a blocking
// open, this test would hang until CTest's timeout.
TEST(WithMmapFileContents, FifoDoesNotBlock) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  const std::system_error error = thrown_by(
      [&] { with_mmap_file_contents(fifo, [](Bytes) { ADD_FAILURE(); }); });
  EXPECT_EQ(error.code(), errno_code(ENODEV));
  EXPECT_EQ(error.what(), "check(" + fifo + "): No such device");
}

// The defect this pins: opening the FIFO with O_NONBLOCK to fstat it let a
// writer blocked in its own open(2) through, and closing it again killed
// that writer with SIGPIPE (status 141 in a shell) on its first write.
TEST(WithMmapFileContents, FifoWriterBlockedInOpenSurvives) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  BlockedFifoWriter writer(fifo, "from the writer\n");
  const std::system_error error = thrown_by(
      [&] { with_mmap_file_contents(fifo, [](Bytes) { ADD_FAILURE(); }); });
  EXPECT_EQ(error.code(), errno_code(ENODEV));
  EXPECT_TRUE(writer.still_blocked())
      << "the refusal opened the FIFO and let the writer through";
  EXPECT_EQ(writer.drain(), "from the writer\n");
  EXPECT_EQ(writer.wait_status(), 0) << "the writer did not exit 0";
}

TEST(WithMmapFileContents, CharacterDeviceRefusedWithoutOpening) {
  const std::system_error error = thrown_by([] {
    with_mmap_file_contents("/dev/null", [](Bytes) { ADD_FAILURE(); });
  });
  EXPECT_EQ(error.code(), errno_code(ENODEV));
  EXPECT_STREQ(error.what(), "check(/dev/null): No such device");
}

// A UNIX socket cannot be opened (open(2) says ENXIO); the check refuses it
// before trying.
TEST(WithMmapFileContents, SocketRefusedByTheCheck) {
  TempDir dir;
  const std::string path = dir.join("sock");
  const int sock = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof(address.sun_path));
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(::bind(sock, reinterpret_cast<const sockaddr*>(&address),
                   sizeof(address)),
            0);
  const std::system_error error = thrown_by(
      [&] { with_mmap_file_contents(path, [](Bytes) { ADD_FAILURE(); }); });
  ::close(sock);
  EXPECT_EQ(error.code(), errno_code(ENODEV));
  EXPECT_EQ(error.what(), "check(" + path + "): No such device");
}

TEST(WithMmapFileContents, InteriorNulRejected) {
  TempDir dir;
  const std::string prefix = dir.write("a", "must not be opened");
  const std::string path = prefix + "\0b"s;
  const std::system_error error = thrown_by(
      [&] { with_mmap_file_contents(path, [](Bytes) { ADD_FAILURE(); }); });
  EXPECT_EQ(error.code(), errno_code(EINVAL));
  EXPECT_EQ(error.what(), "open(" + prefix + "\\0b): Invalid argument");
}

TEST(WithMmapFileContents, CallbackThrowsReleasesBoth) {
  TempDir dir;
  const std::string file =
      dir.write("f", std::string(ffikit::stage3::small_file_threshold, 'm'));
  const ResourceSnapshot before = ResourceSnapshot::take();
  EXPECT_THROW(
      with_mmap_file_contents(
          file,
          [&](Bytes) -> int {
            // Both are held while f runs...
            EXPECT_EQ(leaked_between(before, ResourceSnapshot::take()).size(),
                      2U);
            throw std::runtime_error("callback failed");
          }),
      std::runtime_error);
  // ...and neither survives the exception.
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
}

TEST(WithMmapFileContents, ExceptionFromCallbackPropagatesUnchanged) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  try {
    with_mmap_file_contents(file,
                            [](Bytes) { throw std::out_of_range("mine"); });
    FAIL() << "no exception";
  } catch (const std::out_of_range& error) {
    EXPECT_STREQ(error.what(), "mine");
  }
}

// Read bytes need no descriptor: it is closed before the callback runs.
TEST(WithMmapFileContents, SmallFileHoldsNothingWhileTheCallbackRuns) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  const ResourceSnapshot before = ResourceSnapshot::take();
  with_mmap_file_contents(file, [&](Bytes bytes) {
    EXPECT_EQ(as_string(bytes), "abc");
    EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
  });
}

TEST(WithMmapFileContents, NothingIsHeldAfterReturn) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  const ResourceSnapshot before = ResourceSnapshot::take();
  with_mmap_file_contents(file, [](Bytes) {});
  EXPECT_TRUE(leaked_between(before, ResourceSnapshot::take()).empty());
}

TEST(WithMmapFileContents, MutableCallableIsCalledInPlace) {
  TempDir dir;
  const std::string file = dir.write("f", "abcd");
  struct Counter {
    std::size_t seen = 0;
    void operator()(Bytes bytes) { seen += bytes.size(); }
  } counter;
  with_mmap_file_contents(file, counter);
  EXPECT_EQ(counter.seen, 4U);
}
