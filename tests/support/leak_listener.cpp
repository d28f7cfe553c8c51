#include <gtest/gtest.h>

#include <memory>

#include "ffikit/test_support/resource_snapshot.hpp"

namespace ffikit::test_support {
namespace {

// GoogleTest calls OnTestEnd of later-appended listeners before the default
// printer's, and while the test is still current, so a failure added here is
// charged to the test that leaked and shows in its [ FAILED ] line.
class LeakListener : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo& /*info*/) override {
    before_ = ResourceSnapshot::take();
  }

  void OnTestEnd(const testing::TestInfo& /*info*/) override {
    const std::vector<std::string> leaks =
        leaked_between(before_, ResourceSnapshot::take());
    for (const std::string& leak : leaks) {
      ADD_FAILURE() << "test left behind a " << leak;
    }
  }

 private:
  ResourceSnapshot before_;
};

}  // namespace

void install_leak_listener() {
  testing::UnitTest::GetInstance()->listeners().Append(
      std::make_unique<LeakListener>().release());
}

}  // namespace ffikit::test_support
