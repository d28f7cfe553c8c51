#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "entry.hpp"
#include "ffikit/check/child.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo16 {
namespace {

TEST(Zoo16FifoBlocks, FifoIsProbedWithoutWaitingForAWriter) {
  const ffikit::lessons::TempDir dir;
  const std::string fifo = dir.fifo("pipe");
  // The probe runs in a child process, abandoned after two seconds: without
  // O_NONBLOCK its open waits for a writer that never comes.
  const ffikit::check::ChildResult child = ffikit::check::run_in_child(
      [&fifo] {
        std::uint32_t mode = 0;
        std::int64_t size = -1;
        const int error =
            ffikit::bug_zoo::fifo::probe(fifo.c_str(), mode, size);
        std::_Exit(error == 0 && S_ISFIFO(mode) ? 0 : 1);
      },
      std::chrono::seconds(2));
  ASSERT_FALSE(child.timed_out)
      << "probe(FIFO) did not return within 2 s: the open waits for a writer";
  EXPECT_TRUE(child.exited && child.exit_code == 0) << child.output;
}

}  // namespace
}  // namespace zoo16
