#include <fcntl.h>

#include <gtest/gtest.h>

#include <cstring>
#include <new>
#include <string>
#include <utility>

#include "entry.hpp"
#include "ffikit/lessons/temp_dir.hpp"

namespace zoo15 {
namespace {

using ffikit::bug_zoo::move_swap::Mapping;

TEST(Zoo15MoveReadsUninitialised, MovedFromMappingOwnsNothing) {
  const ffikit::lessons::TempDir dir;
  // SAFETY: the path is NUL-terminated; the Mapping takes the descriptor.
  Mapping source(::open(dir.write("data", "hello").c_str(), O_RDONLY | O_CLOEXEC), 5);
  ASSERT_GE(source.fd(), 0);
  // Build the moved-to object in storage that holds a known pattern rather
  // than whatever the stack held: what a move constructor reads from its
  // own members before setting them is then the same on every run.
  alignas(Mapping) unsigned char storage[sizeof(Mapping)];
  std::memset(storage, 0x5a, sizeof storage);
  auto* const moved = new (storage) Mapping(std::move(source));
  const int source_fd = source.fd();  // NOLINT(bugprone-use-after-move)
  const void* const source_data = source.data();
  EXPECT_GE(moved->fd(), 0);
  moved->~Mapping();
  EXPECT_EQ(source_fd, -1)
      << "the moved-from object received an uninitialised descriptor, "
         "which its destructor will close";
  EXPECT_EQ(source_data, nullptr)
      << "the moved-from object received an uninitialised address, which "
         "its destructor will unmap";
}

}  // namespace
}  // namespace zoo15
