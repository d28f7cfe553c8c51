// run_in_child: what the caller learns when no child can be started.
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>

#include "ffikit/check/child.hpp"

namespace ffikit::check {
namespace {

TEST(RunInChild, PipeFailureIsReportedNotHidden) {
  // The lowest free descriptor number, as a soft limit, leaves no room for
  // the two ends of the output pipe.
  // SAFETY: dup of stdin (open in every test run); closed at once.
  const int lowest_free = ::dup(STDIN_FILENO);
  ASSERT_GE(lowest_free, 0);
  ::close(lowest_free);
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit lowered = saved;
  lowered.rlim_cur = static_cast<rlim_t>(lowest_free);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  bool ran = false;
  const ChildResult result = run_in_child([&] { ran = true; });
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_EQ(result.spawn_error, EMFILE);
  EXPECT_FALSE(result.exited);
  EXPECT_EQ(result.signal, 0);
  EXPECT_FALSE(ran);
}

TEST(RunInChild, ExceptionEndsTheChildInsteadOfUnwindingIntoTheCaller) {
  ChildResult result;
  try {
    result = run_in_child([] { throw std::runtime_error("no such thing"); });
  } catch (...) {
    // Only a child that unwound out of run_in_child gets here: it must stop
    // with a status the assertions below reject.
    ::_exit(99);
  }
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, uncaught_exception_status);
  EXPECT_EQ(result.output,
            "ffikit-check: the child's code threw: no such thing\n");
}

TEST(RunInChild, NonStandardExceptionEndsTheChildToo) {
  const ChildResult result = run_in_child([] { throw 42; });
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, uncaught_exception_status);
  EXPECT_EQ(result.output, "ffikit-check: the child's code threw\n");
}

TEST(RunInChild, ChildThatReturnsExitsZeroWithItsOutput) {
  const ChildResult result =
      run_in_child([] { static_cast<void>(std::fputs("hello\n", stdout)); });
  EXPECT_EQ(result.spawn_error, 0);
  EXPECT_TRUE(result.exited);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "hello\n");
}

}  // namespace
}  // namespace ffikit::check
