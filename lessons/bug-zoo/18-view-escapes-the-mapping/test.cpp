#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "entry.hpp"
#include "ffikit/check/child.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo18 {
namespace {

TEST(Zoo18ViewEscapesTheMapping, TheLineOutlivesTheMapping) {
  const ffikit::lessons::TempDir dir;
  const std::string path = dir.write("text", "hello\nworld\n");
  // In a child, under the checker's quarantine: a released range stays
  // reserved and unreadable, so reading through a view that escaped faults
  // at once instead of reading whatever is mapped there next.
  const ffikit::check::ChildResult child = ffikit::check::run_in_child(
      [&path] {
        ffikit::check::Options options;
        options.quarantine = true;
        ffikit::check::Session session(options);
        const auto line = ffikit::bug_zoo::escape::first_line(path.c_str());
        std::_Exit(line == "hello" ? 0 : 1);
      },
      std::chrono::seconds(5));
  EXPECT_EQ(child.signal, 0)
      << "first_line's result was read after its mapping was released "
         "(signal " << child.signal << ")";
  EXPECT_TRUE(child.exited && child.exit_code == 0) << child.output;
}

}  // namespace
}  // namespace zoo18
