#include <fcntl.h>

#include <gtest/gtest.h>

#include <string>

#include "entry.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo04 {
namespace {

namespace check = ffikit::check;
using ffikit::bug_zoo::close_retry::close_once;

TEST(Zoo04CloseRetriedOnEintr, EintrClosesOnceAndIsNotRetried) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("data", "abc");
  check::Session session({.fault = check::parse_fault("close:1:EINTR")});
  // SAFETY: the path is NUL-terminated; close_once releases the descriptor.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(close_once(fd), 0) << "EINTR from close means closed on Linux";
  session.disarm();
  const check::Report report = session.report();
  EXPECT_EQ(report.calls_of(check::Function::close), 1U) << session.trace_text();
  for (const check::Finding& finding : report.violations) {
    ADD_FAILURE() << check::describe(finding) << '\n' << session.trace_text();
  }
}

}  // namespace
}  // namespace zoo04
