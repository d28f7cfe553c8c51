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

using ffikit::stage3::owning_result;
using ffikit::stage3::with_mmap_file_contents;
using ffikit::test_support::leaked_between;
using ffikit::test_support::ResourceSnapshot;
using ffikit::test_support::TempDir;
using Bytes = std::span<const std::byte>;

using namespace std::string_literals;

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

std::error_code errno_code(int value) {
  return {value, std::system_category()};
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

// /proc files report st_size 0 although they have content: the policy treats
// them as empty rather than guessing (ffikit-cat reads them instead).
TEST(WithMmapFileContents, ProcFileWithZeroSizeGivesAnEmptyView) {
  EXPECT_EQ(with_mmap_file_contents("/proc/self/status", as_string), "");
}

TEST(WithMmapFileContents, MissingFileThrowsNamingOpenAndPath) {
  TempDir dir;
  const std::string missing = dir.join("mot");
  const std::system_error error =
      thrown_by([&] { with_mmap_file_contents(missing, [](Bytes) {}); });
  EXPECT_EQ(error.code(), errno_code(ENOENT));
  EXPECT_EQ(error.what(), "open(" + missing + "): No such file or directory");
}

TEST(WithMmapFileContents, DirectoryRejected) {
  TempDir dir;
  const std::system_error error = thrown_by([&] {
    with_mmap_file_contents(dir.path(), [](Bytes) { ADD_FAILURE(); });
  });
  EXPECT_EQ(error.code(), errno_code(EISDIR));
  EXPECT_EQ(error.what(), "mmap(" + dir.path() + "): Is a directory");
}

// Opening a FIFO for reading waits for a writer; the kit opens with
// O_NONBLOCK and refuses the FIFO after fstat. If this regressed, the test
// would hang until CTest's timeout.
TEST(WithMmapFileContents, FifoDoesNotBlock) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  const std::system_error error = thrown_by(
      [&] { with_mmap_file_contents(fifo, [](Bytes) { ADD_FAILURE(); }); });
  EXPECT_EQ(error.code(), errno_code(ENODEV));
  EXPECT_EQ(error.what(), "mmap(" + fifo + "): No such device");
}

TEST(WithMmapFileContents, CharacterDeviceRejected) {
  const std::system_error error = thrown_by([] {
    with_mmap_file_contents("/dev/null", [](Bytes) { ADD_FAILURE(); });
  });
  EXPECT_EQ(error.code(), errno_code(ENODEV));
  EXPECT_STREQ(error.what(), "mmap(/dev/null): No such device");
}

// open(2) itself refuses a UNIX socket with ENXIO.
TEST(WithMmapFileContents, SocketRejectedByOpen) {
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
  EXPECT_EQ(error.code(), errno_code(ENXIO));
  EXPECT_EQ(error.what(), "open(" + path + "): No such device or address");
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
  const std::string file = dir.write("f", "abc");
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
