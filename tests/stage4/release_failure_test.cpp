// Release failures after the callback returned, in stage 3 (thrown) and
// stage 4 (returned), under the written close policy: a failed munmap and a
// close that says EBADF are errors; any other close error on the read-only
// descriptor loses nothing, so the callback's result is kept. The checker
// injects the failures; the kit must still leave nothing behind.
#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"
#include "ffikit/test_support/temp_dir.hpp"

using ffikit::Error;
using ffikit::check::parse_fault;
using ffikit::check::Session;
using ffikit::test_support::TempDir;
using Bytes = std::span<const std::byte>;

namespace {

std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

ffikit::check::Options failing(const char* plan) {
  ffikit::check::Options options;
  options.fault = parse_fault(plan);
  EXPECT_TRUE(options.fault.has_value()) << plan;
  return options;
}

std::size_t size_of(Bytes bytes) { return bytes.size(); }

// A file large enough to be mapped, so that munmap and a close after the
// callback happen.
std::string mapped_file(const TempDir& dir) {
  return dir.write("mapped",
                   std::string(ffikit::stage3::small_file_threshold, 'm'));
}

}  // namespace

TEST(ReleaseFailure, Stage4VoidCallbackReportsMunmap) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("munmap:1:EINVAL"));
  int calls = 0;
  const auto result = ffikit::stage4::try_with_mmap_file_contents(
      file, [&calls](Bytes) { ++calls; });
  session.disarm();
  EXPECT_EQ(calls, 1);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("munmap", errno_code(EINVAL), file));
  EXPECT_TRUE(session.report().leaks.empty());
  EXPECT_TRUE(session.report().violations.empty());
}

// The defect this pins: the callback's result was dropped when close said
// EINTR or EIO, after the callback's side effects had happened, although
// Linux had released the read-only descriptor and nothing was lost.
TEST(ReleaseFailure, Stage4ValueIsKeptWhenCloseIsInterrupted) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("close:1:EINTR"));
  const auto result =
      ffikit::stage4::try_with_mmap_file_contents(file, size_of);
  session.disarm();
  ASSERT_TRUE(result.has_value()) << result.error();
  EXPECT_EQ(*result, ffikit::stage3::small_file_threshold);
  EXPECT_TRUE(session.report().fault_fired);
  EXPECT_TRUE(session.report().leaks.empty());
}

TEST(ReleaseFailure, Stage4ValueIsKeptWhenCloseReportsEio) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("close:1:EIO"));
  const auto result =
      ffikit::stage4::try_with_mmap_file_contents(file, size_of);
  session.disarm();
  ASSERT_TRUE(result.has_value()) << result.error();
  EXPECT_TRUE(session.report().leaks.empty());
}

// EBADF: the descriptor was not this program's to close any more.
TEST(ReleaseFailure, Stage4CloseEbadfAfterTheCallbackIsAnError) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("close:1:EBADF"));
  int calls = 0;
  const auto result = ffikit::stage4::try_with_mmap_file_contents(
      file, [&calls](Bytes) { ++calls; });
  session.disarm();
  EXPECT_EQ(calls, 1);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("close", errno_code(EBADF), file));
  EXPECT_TRUE(session.report().leaks.empty());
}

// Read bytes need no descriptor: it is closed before the callback, so a
// close that fails with EBADF is known before the callback does anything.
TEST(ReleaseFailure, Stage4SmallFileCloseEbadfStopsBeforeTheCallback) {
  TempDir dir;
  const std::string file = dir.write("small", "abc");
  Session session(failing("close:1:EBADF"));
  int calls = 0;
  const auto result = ffikit::stage4::try_with_mmap_file_contents(
      file, [&calls](Bytes) { ++calls; });
  session.disarm();
  EXPECT_EQ(calls, 0);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("close", errno_code(EBADF), file));
}

TEST(ReleaseFailure, Stage4MunmapFailureStillClosesTheDescriptor) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("munmap:1:EINVAL"));
  const auto result =
      ffikit::stage4::try_with_mmap_file_contents(file, size_of);
  session.disarm();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().operation(), "munmap");
  EXPECT_TRUE(session.report().leaks.empty())
      << "the descriptor must be closed even though munmap failed";
}

TEST(ReleaseFailure, Stage3VoidCallbackThrowsNamingMunmap) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("munmap:1:EINVAL"));
  try {
    ffikit::stage3::with_mmap_file_contents(file, [](Bytes) {});
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), errno_code(EINVAL));
    EXPECT_EQ(std::string(error.what()),
              "munmap(" + file + "): Invalid argument");
  }
  session.disarm();
  EXPECT_TRUE(session.report().leaks.empty());
}

TEST(ReleaseFailure, Stage3ValueCallbackThrowsNamingCloseEbadf) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("close:1:EBADF"));
  try {
    static_cast<void>(ffikit::stage3::with_mmap_file_contents(file, size_of));
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), errno_code(EBADF));
    EXPECT_EQ(std::string(error.what()),
              "close(" + file + "): Bad file descriptor");
  }
  session.disarm();
  EXPECT_TRUE(session.report().leaks.empty());
}

TEST(ReleaseFailure, Stage3ValueIsReturnedWhenCloseReportsEio) {
  TempDir dir;
  const std::string file = mapped_file(dir);
  Session session(failing("close:1:EIO:persistent"));
  EXPECT_EQ(ffikit::stage3::with_mmap_file_contents(file, size_of),
            ffikit::stage3::small_file_threshold);
  session.disarm();
  EXPECT_TRUE(session.report().leaks.empty());
}
