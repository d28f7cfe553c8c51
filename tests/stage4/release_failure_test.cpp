// A failed munmap or close after the callback returned is an error, for void
// and value callbacks alike, in stage 3 (thrown) and stage 4 (returned). The
// checker injects the failure; the kit must report the call and its errno and
// still leave nothing behind.
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

}  // namespace

TEST(ReleaseFailure, Stage4VoidCallbackReportsMunmap) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
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

TEST(ReleaseFailure, Stage4VoidCallbackReportsClose) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  Session session(failing("close:1:EIO"));
  const auto result =
      ffikit::stage4::try_with_mmap_file_contents(file, [](Bytes) {});
  session.disarm();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("close", errno_code(EIO), file));
  EXPECT_TRUE(session.report().leaks.empty());
}

TEST(ReleaseFailure, Stage4ValueIsDroppedWhenCloseFails) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  Session session(failing("close:1:EINTR"));
  const auto result =
      ffikit::stage4::try_with_mmap_file_contents(file, size_of);
  session.disarm();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error("close", errno_code(EINTR), file));
}

TEST(ReleaseFailure, Stage4MunmapFailureStillClosesTheDescriptor) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
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
  const std::string file = dir.write("f", "abc");
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

TEST(ReleaseFailure, Stage3ValueCallbackThrowsNamingClose) {
  TempDir dir;
  const std::string file = dir.write("f", "abc");
  Session session(failing("close:1:EIO"));
  try {
    static_cast<void>(ffikit::stage3::with_mmap_file_contents(file, size_of));
    ADD_FAILURE() << "no exception";
  } catch (const std::system_error& error) {
    EXPECT_EQ(error.code(), errno_code(EIO));
    EXPECT_EQ(std::string(error.what()),
              "close(" + file + "): Input/output error");
  }
  session.disarm();
  EXPECT_TRUE(session.report().leaks.empty());
}
