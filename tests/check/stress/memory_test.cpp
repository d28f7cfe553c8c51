// The checker's storage is fixed when it arms: a million watched calls
// must not grow the process by more than a few MiB (the trace keeps its
// last events and counts the rest). Resident memory is read from
// /proc/self/statm around the calls, so what is measured is what the
// system sees.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "ffikit/check/session.hpp"
#include "scratch_dir.hpp"
#include "stress_scale.hpp"

namespace ffikit::check {
namespace {

using stress::scaled;
using testing_support::ScratchDir;

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0;
  std::size_t resident = 0;
  statm >> pages >> resident;
  // SAFETY: sysconf has no preconditions.
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

TEST(CheckerMemory, AMillionWatchedCallsStayWithinAFewMebibytes) {
  const ScratchDir dir;
  const std::string path = dir.file("target", 100);
  const std::size_t pairs = scaled(500000);
  Session session;
  // Warm up: the first calls touch the tables' first pages.
  for (int i = 0; i < 1000; ++i) {
    // SAFETY: a NUL-terminated path; closed at once.
    ::close(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  }
  const std::size_t before = resident_bytes();
  for (std::size_t i = 0; i < pairs; ++i) {
    // SAFETY: as above.
    ::close(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  }
  const std::size_t after = resident_bytes();
  session.disarm();
  const Report report = session.report();
  EXPECT_EQ(report.calls_of(Function::open), pairs + 1000);
  const double growth_mib =
      static_cast<double>(after > before ? after - before : 0) / (1 << 20);
  const double calls_millions = static_cast<double>(2 * pairs) / 1e6;
  std::cout << "resident growth over " << 2 * pairs
            << " watched calls: " << growth_mib << " MiB\n";
  RecordProperty("growth_kib", static_cast<int>(growth_mib * 1024));
  EXPECT_LT(growth_mib, 4.0) << "over " << calls_millions << " million calls";
  EXPECT_TRUE(report.violations.empty());
  EXPECT_TRUE(report.leaks.empty());
}

}  // namespace
}  // namespace ffikit::check
