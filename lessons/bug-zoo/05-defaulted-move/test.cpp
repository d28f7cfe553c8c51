#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "entry.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo05 {
namespace {

using ffikit::bug_zoo::defaulted_move::Region;

// Opens @p path read-only; the test closes it.
int open_file(const std::string& path) {
  // SAFETY: path is NUL-terminated; the caller closes the descriptor.
  return ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
}

// Every violation and leak the checker recorded, as test failures.
void expect_clean(const ffikit::check::Session& session) {
  const ffikit::check::Report report = session.report();
  for (const ffikit::check::Finding& finding : report.violations) {
    ADD_FAILURE() << ffikit::check::describe(finding) << '\n'
                  << session.trace_text();
  }
  for (const ffikit::check::Finding& leak : report.leaks) {
    ADD_FAILURE() << ffikit::check::describe(leak) << '\n'
                  << session.trace_text();
  }
}

TEST(Zoo05DefaultedMove, MovingLeavesOneOwnerAndOneUnmap) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("data", "hello, mapping");
  ffikit::check::Session session;
  const int fd = open_file(path);
  ASSERT_GE(fd, 0);
  {
    Region first(fd, 14);
    ASSERT_NE(first.data(), nullptr);
    const Region second(std::move(first));
    EXPECT_EQ(first.data(), nullptr)  // NOLINT(bugprone-use-after-move)
        << "the moved-from region still holds the mapping";
    EXPECT_NE(second.data(), nullptr);
  }
  ::close(fd);
  session.disarm();
  expect_clean(session);
}

}  // namespace
}  // namespace zoo05
