#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "entry.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo07 {
namespace {

namespace check = ffikit::check;
namespace zoo = ffikit::bug_zoo::munmap_length;

TEST(Zoo07MunmapWrongLength, UnmapReleasesEveryPage) {
  const ffikit::lessons::TempDir dir;
  // SAFETY: sysconf only reads a system constant.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::string path = dir.write("pages", std::string(3 * page + 10, 'x'));
  check::Session session;
  // SAFETY: the path is NUL-terminated; closed below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  zoo::Region region;
  ASSERT_EQ(zoo::map_region(fd, 3 * page + 10, region), 0);
  EXPECT_EQ(zoo::unmap(region), 0);
  ::close(fd);
  session.disarm();
  const check::Report report = session.report();
  for (const check::Finding& finding : report.violations) {
    ADD_FAILURE() << check::describe(finding) << '\n' << session.trace_text();
  }
  for (const check::Finding& leak : report.leaks) {
    ADD_FAILURE() << check::describe(leak) << '\n' << session.trace_text();
  }
  session.release_leaks();
}

}  // namespace
}  // namespace zoo07
