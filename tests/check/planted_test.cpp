// Planted bugs the checker must catch in process, and the clean twin it
// must not blame.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

#include "ffikit/check/session.hpp"
#include "ffikit/check/sweep.hpp"
#include "planted_bugs.hpp"
#include "scratch_dir.hpp"

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;

std::vector<FindingKind> kinds(const std::vector<Finding>& findings) {
  std::vector<FindingKind> out;
  for (const Finding& f : findings) {
    out.push_back(f.kind);
  }
  return out;
}

struct Watched {
  int result;
  Report report;
};

// Runs one planted function under an armed session, then releases for
// real whatever it leaked so the test itself leaves nothing behind.
Watched watch(int (*bug)(const char*), const std::string& path,
              Nesting nesting = Nesting::strict) {
  Session session(Options{nesting, false, std::nullopt});
  const int result = bug(path.c_str());
  session.disarm();
  Watched out{result, session.report()};
  session.release_leaks();
  return out;
}

using Kinds = std::vector<FindingKind>;

TEST(PlantedBug, CleanCodeHasNoFindings) {
  const ScratchDir dir;
  const Watched w = watch(planted::clean, dir.file("f", 100));
  EXPECT_EQ(w.result, 0);
  EXPECT_EQ(kinds(w.report.violations), Kinds{});
  EXPECT_EQ(kinds(w.report.leaks), Kinds{});
  EXPECT_EQ(w.report.calls_of(Function::open), 1U);
  EXPECT_EQ(w.report.calls_of(Function::close), 1U);
}

TEST(EntryPoints, EveryInterposedNameIsSeenUnderItsOwnName) {
  const ScratchDir dir;
  const Watched w = watch(planted::every_entry_point, dir.file("f", 100));
  EXPECT_EQ(w.result, 0);
  std::vector<std::string> symbols;
  for (const Event& e : w.report.trace) {
    symbols.emplace_back(name(e.symbol));
  }
  const std::vector<std::string> opens = {
      "open",   "open",     "open64",   "open64",   "openat",
      "openat", "openat64", "openat64", "__open_2", "__open64_2"};
  std::vector<std::string> expected = opens;
  expected.insert(expected.end(),
                  {"fstat", "fstat64", "mmap", "mmap64", "munmap", "munmap"});
  expected.insert(expected.end(), opens.size(), "close");
  EXPECT_EQ(symbols, expected);
  EXPECT_EQ(w.report.calls_of(Function::open), 10U);
  EXPECT_EQ(w.report.calls_of(Function::fstat), 2U);
  EXPECT_EQ(w.report.calls_of(Function::mmap), 2U);
  EXPECT_EQ(w.report.calls_of(Function::munmap), 2U);
  EXPECT_EQ(w.report.calls_of(Function::close), 10U);
  EXPECT_EQ(kinds(w.report.violations), Kinds{});
  EXPECT_EQ(kinds(w.report.leaks), Kinds{});
}

TEST(PlantedBug, LeakedDescriptorNamesItsOpen) {
  const ScratchDir dir;
  const std::string path = dir.file("f", 100);
  const Watched w = watch(planted::leak_descriptor, path);
  ASSERT_EQ(kinds(w.report.leaks), Kinds{FindingKind::leaked_descriptor});
  EXPECT_EQ(w.report.leaks[0].origin, 0U);
  EXPECT_THAT(describe(w.report.leaks[0]),
              testing::HasSubstr("from open(" + path + ")"));
  EXPECT_EQ(kinds(w.report.violations), Kinds{});
}

TEST(PlantedBug, LeakedMapping) {
  const ScratchDir dir;
  const Watched w =
      watch(planted::leak_mapping, dir.file("f", 100), Nesting::relaxed);
  ASSERT_EQ(kinds(w.report.leaks), Kinds{FindingKind::leaked_mapping});
  EXPECT_EQ(w.report.leaks[0].origin, 2U);  // open, fstat, mmap
  EXPECT_EQ(w.report.leaks[0].length, 100U);
  EXPECT_EQ(kinds(w.report.violations), Kinds{});
}

TEST(PlantedBug, LeakedMappingAlsoBreaksStrictNesting) {
  const ScratchDir dir;
  const Watched w = watch(planted::leak_mapping, dir.file("f", 100));
  EXPECT_EQ(kinds(w.report.leaks), Kinds{FindingKind::leaked_mapping});
  EXPECT_EQ(kinds(w.report.violations),
            Kinds{FindingKind::close_before_munmap});
}

TEST(PlantedBug, DoubleClose) {
  const ScratchDir dir;
  const Watched w = watch(planted::double_close, dir.file("f", 100));
  EXPECT_EQ(w.result, EBADF);
  ASSERT_EQ(kinds(w.report.violations), Kinds{FindingKind::double_close});
  EXPECT_EQ(w.report.violations[0].at, 5U);
  EXPECT_EQ(w.report.violations[0].origin, 0U);
  EXPECT_EQ(kinds(w.report.leaks), Kinds{});
}

TEST(PlantedBug, CloseBeforeMunmap) {
  const ScratchDir dir;
  const Watched w = watch(planted::close_before_munmap, dir.file("f", 100));
  ASSERT_EQ(kinds(w.report.violations),
            Kinds{FindingKind::close_before_munmap});
  EXPECT_EQ(w.report.violations[0].at, 3U);
  EXPECT_EQ(w.report.violations[0].origin, 2U);
  EXPECT_EQ(kinds(w.report.leaks), Kinds{});
}

TEST(PlantedBug, CloseBeforeMunmapAllowedInRelaxedMode) {
  const ScratchDir dir;
  const Watched w =
      watch(planted::close_before_munmap, dir.file("f", 100), Nesting::relaxed);
  EXPECT_EQ(kinds(w.report.violations), Kinds{});
  EXPECT_EQ(kinds(w.report.leaks), Kinds{});
}

TEST(PlantedBug, MunmapWithWrongLength) {
  const ScratchDir dir;
  const Watched w =
      watch(planted::munmap_wrong_length, dir.file("f", 3 * 4096));
  ASSERT_EQ(kinds(w.report.violations),
            (Kinds{FindingKind::munmap_wrong_range,
                   FindingKind::close_before_munmap}));
  EXPECT_THAT(describe(w.report.violations[0]),
              testing::HasSubstr(", 4096) of a mapping of 12288 bytes"));
  EXPECT_EQ(kinds(w.report.leaks), Kinds{FindingKind::leaked_mapping});
}

TEST(PlantedBug, ErrorPathForgettingCloseLeaksOnlyWhenMmapOrFstatFails) {
  const ScratchDir dir;
  const std::string path = dir.file("f", 100);
  const SweepReport report = sweep([&] {
    const int error = planted::error_path_forgets_close(path.c_str());
    return Outcome{error == 0 ? "" : "call", error};
  });
  EXPECT_TRUE(report.clean_findings.empty());
  std::size_t leaked = 0;
  for (const SweepCase& c : report.cases) {
    const bool leaky =
        c.plan.target == Function::fstat || c.plan.target == Function::mmap;
    EXPECT_EQ(c.verdict == Verdict::leaked, leaky) << format_fault(c.plan);
    if (leaky) {
      ASSERT_EQ(c.findings.size(), 1U);
      EXPECT_THAT(c.findings[0], testing::StartsWith("leaked descriptor: fd "));
      ++leaked;
    }
  }
  // fstat(2) on a descriptor lists 4 errnos, mmap(2) 11; both modes.
  EXPECT_EQ(leaked, 2U * (4U + 11U));
}

TEST(PlantedBug, CallsBeforeArmingAreNotCounted) {
  const ScratchDir dir;
  const std::string path = dir.file("f", 100);
  EXPECT_EQ(planted::clean(path.c_str()), 0);
  Session session;
  session.disarm();
  EXPECT_EQ(planted::clean(path.c_str()), 0);
  EXPECT_TRUE(session.report().trace.empty());
}

TEST(PlantedBug, InjectedCloseFailureStillReleasesTheDescriptor) {
  const ScratchDir dir;
  const std::string path = dir.file("f", 100);
  Session session(Options{Nesting::strict, false,
                          FaultPlan{Function::close, 1, EIO, false}});
  EXPECT_EQ(planted::clean(path.c_str()), EIO);
  session.disarm();
  const Report report = session.report();
  EXPECT_TRUE(report.leaks.empty());
  EXPECT_TRUE(report.violations.empty());
  // The leak listener of the test main would fail this test if the
  // descriptor were still open.
}

TEST(PlantedBug, InjectedMunmapFailureIsNotBlamedAsLeak) {
  const ScratchDir dir;
  const std::string path = dir.file("f", 100);
  Session session(Options{Nesting::strict, false,
                          FaultPlan{Function::munmap, 1, EINVAL, false}});
  EXPECT_EQ(planted::clean(path.c_str()), EINVAL);
  session.disarm();
  EXPECT_TRUE(session.report().leaks.empty());
  EXPECT_TRUE(session.report().violations.empty());
}

}  // namespace
}  // namespace ffikit::check
