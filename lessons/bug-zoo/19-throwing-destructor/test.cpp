#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "entry.hpp"
#include "ffikit/check/child.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo19 {
namespace {

TEST(Zoo19ThrowingDestructor, FailingUnmapDuringAnExceptionIsSurvived) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("data", "hello");
  // In a child: munmap fails (injected) while another exception unwinds the
  // stack. A destructor that throws then ends the process in std::terminate.
  const ffikit::check::ChildResult child = ffikit::check::run_in_child(
      [&path] {
        // SAFETY: the path is NUL-terminated; the child exits right after.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        ffikit::check::Session session(
            {.fault = ffikit::check::parse_fault("munmap:1:EINVAL")});
        try {
          const ffikit::bug_zoo::throwing::Mapping mapping(fd, 5);
          throw std::runtime_error("the callback failed");
        } catch (const std::runtime_error&) {
          std::_Exit(0);
        }
      },
      std::chrono::seconds(5));
  EXPECT_EQ(child.signal, 0)
      << "the child died of signal " << child.signal
      << ": a destructor threw while an exception was in flight, and "
         "std::terminate ended the program\n"
      << child.output;
  EXPECT_TRUE(child.exited && child.exit_code == 0) << child.output;
}

}  // namespace
}  // namespace zoo19
