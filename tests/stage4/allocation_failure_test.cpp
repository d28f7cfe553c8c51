// Stage 4 promises that the kit throws nothing of its own, even when the
// path cannot be copied into an Error. This binary replaces operator new so
// that one allocation can be made to fail on purpose; it is a binary of its
// own so that no other test runs with the replacement.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <new>
#include <string>

#include "ffikit/stage4_result/map_descriptor.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace {
bool fail_next_allocation = false;
}  // namespace

void* operator new(std::size_t size) {
  if (fail_next_allocation) {
    fail_next_allocation = false;
    throw std::bad_alloc();
  }
  // SAFETY: malloc of at least one byte; the result is checked.
  if (void* memory = std::malloc(size == 0 ? 1 : size)) {
    return memory;
  }
  throw std::bad_alloc();
}

void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t /*size*/) noexcept {
  std::free(memory);
}

namespace {

// True when this file's operator new is the one in charge. valgrind puts
// its own in place of every operator new, including this one.
bool replacement_is_active() {
  fail_next_allocation = true;
  try {
    delete new int(0);  // NOLINT(cppcoreguidelines-owning-memory)
  } catch (const std::bad_alloc&) {
    return true;
  }
  fail_next_allocation = false;
  return false;
}

}  // namespace

TEST(AllocationFailure, ToErrorFallsBackToEnomemWithoutThrowing) {
  if (!replacement_is_active()) {
    GTEST_SKIP() << "operator new is replaced by the tool running this test "
                    "(valgrind); the dev, asan, gasan and coverage "
                    "configurations run it";
  }
  // Longer than any small-string buffer, so copying it must allocate.
  const std::string path(200, 'p');
  fail_next_allocation = true;
  const ffikit::Error error = ffikit::stage4::to_error(
      {"mmap", {ENODEV, std::system_category()}}, path);
  EXPECT_FALSE(fail_next_allocation) << "the copy did not allocate";
  EXPECT_EQ(error, ffikit::Error("mmap", {ENOMEM, std::system_category()}, ""));
}

TEST(AllocationFailure, MapDescriptorNameFallsBackToNoneWithoutThrowing) {
  if (!replacement_is_active()) {
    GTEST_SKIP() << "operator new is replaced by the tool running this test "
                    "(valgrind); the dev, asan, gasan and coverage "
                    "configurations run it";
  }
  // Longer than any small-string buffer, so naming the error must allocate.
  const std::string name(200, 'n');
  fail_next_allocation = true;
  const auto mapped = ffikit::stage4::map_descriptor(
      ffikit::stage2::BorrowedDescriptor(-1), {}, name);
  EXPECT_FALSE(fail_next_allocation) << "the name was not copied";
  ASSERT_FALSE(mapped.has_value());
  EXPECT_EQ(mapped.error(),
            ffikit::Error("check", {EBADF, std::system_category()}, ""));
}
