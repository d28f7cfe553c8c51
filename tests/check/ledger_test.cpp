// The ledger's vocabulary: kind names, describe() of every finding kind
// with every shape of origin, and what the ledger does with entries that
// are not calls. The behaviour of descriptors, streams, mappings and the
// fixed tables is tested program by program against a fake kernel in
// ledger_*_test.cpp.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "fake_kernel.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::check {
namespace {

using testing_support::FakeKernel;

constexpr FindingKind last_kind = FindingKind::close_of_borrowed;

// A finding as the ledger makes one: found at #7 by @p call, about fd 3
// that open(/tmp/x) acquired at #2.
Finding found(FindingKind kind, Symbol call = Symbol::close) {
  Finding f;
  f.kind = kind;
  f.at = 7;
  f.call = call;
  f.origin = 2;
  f.acquired_by = Symbol::open;
  f.path = "/tmp/x";
  f.fd = 3;
  return f;
}

TEST(KindName, EveryKindHasItsOwnName) {
  const std::vector<std::pair<FindingKind, std::string>> expected = {
      {FindingKind::leaked_descriptor, "leaked descriptor"},
      {FindingKind::leaked_mapping, "leaked mapping"},
      {FindingKind::leaked_stream, "leaked stream"},
      {FindingKind::double_close, "double close"},
      {FindingKind::close_of_unknown, "close of unknown descriptor"},
      {FindingKind::use_after_close, "use after close"},
      {FindingKind::munmap_of_unknown, "munmap of unknown range"},
      {FindingKind::munmap_wrong_range, "munmap of wrong range"},
      {FindingKind::double_munmap, "double munmap"},
      {FindingKind::close_before_munmap, "close before munmap"},
      {FindingKind::close_of_stream_descriptor, "close of stream descriptor"},
      {FindingKind::leaked_into_exec, "descriptor leaked into exec"},
      {FindingKind::close_of_borrowed, "close of borrowed descriptor"},
  };
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(last_kind) + 1);
  for (const auto& [kind, text] : expected) {
    EXPECT_EQ(kind_name(kind), text);
  }
}

TEST(KindName, KindOutsideTheEnumHasAPlaceholderName) {
  EXPECT_STREQ(kind_name(static_cast<FindingKind>(200)), "?");
}

TEST(Describe, EveryKindNamesItsCallAndOrigin) {
  Finding leaked_stream = found(FindingKind::leaked_stream);
  leaked_stream.at = no_entry;
  leaked_stream.acquired_by = Symbol::fopen;
  Finding leaked_mapping = found(FindingKind::leaked_mapping);
  leaked_mapping.at = no_entry;
  leaked_mapping.acquired_by = Symbol::mmap64;
  leaked_mapping.address = 0x10000;
  leaked_mapping.length = 8192;
  Finding wrong_range = found(FindingKind::munmap_wrong_range, Symbol::munmap);
  wrong_range.address = 0x11000;
  wrong_range.length = 4096;
  wrong_range.mapped_length = 12288;
  Finding double_munmap = found(FindingKind::double_munmap, Symbol::munmap);
  double_munmap.address = 0x10000;
  double_munmap.length = 10;
  Finding unknown_range = found(FindingKind::munmap_of_unknown, Symbol::munmap);
  unknown_range.origin = no_entry;
  unknown_range.address = 0x7f0000;
  unknown_range.length = 4096;
  Finding nesting = found(FindingKind::close_before_munmap);
  nesting.address = 0x10000;
  Finding stream = found(FindingKind::close_of_stream_descriptor);
  stream.acquired_by = Symbol::fopen;
  Finding directory =
      found(FindingKind::close_of_stream_descriptor, Symbol::dup2);
  directory.acquired_by = Symbol::opendir;
  directory.path = "/d";
  directory.directory = true;
  Finding unknown = found(FindingKind::close_of_unknown, Symbol::fclose);
  unknown.origin = no_entry;
  Finding borrowed = found(FindingKind::close_of_borrowed, Symbol::close_range);
  borrowed.origin = no_entry;
  const std::vector<std::pair<Finding, std::string>> cases = {
      {[] {
         Finding f = found(FindingKind::leaked_descriptor);
         f.at = no_entry;
         return f;
       }(),
       "leaked descriptor: fd 3 from open(/tmp/x) (acquired at #2)"},
      {leaked_stream,
       "leaked stream: FILE* from fopen(/tmp/x) (fd 3) (acquired at #2)"},
      {leaked_mapping,
       "leaked mapping: 8192 bytes at 0x10000 mapped by mmap64 from fd 3 "
       "(/tmp/x) (acquired at #2)"},
      {found(FindingKind::double_close),
       "double close at #7: close of already closed fd 3 from open(/tmp/x) "
       "(acquired at #2)"},
      {found(FindingKind::double_close, Symbol::fclose),
       "double close at #7: fclose of already closed fd 3 from open(/tmp/x) "
       "(acquired at #2)"},
      {unknown,
       "close of unknown descriptor at #7: fclose closing fd 3: a descriptor "
       "never acquired while watched"},
      {found(FindingKind::use_after_close, Symbol::fstat64),
       "use after close at #7: fstat64 on closed fd 3 from open(/tmp/x) "
       "(acquired at #2)"},
      {unknown_range,
       "munmap of unknown range at #7: munmap(0x7f0000, 4096) of a range "
       "never mapped"},
      {wrong_range,
       "munmap of wrong range at #7: munmap(0x11000, 4096) of a mapping of "
       "12288 bytes (acquired at #2)"},
      {double_munmap,
       "double munmap at #7: munmap(0x10000, 10) of a range already unmapped "
       "(acquired at #2)"},
      {nesting,
       "close before munmap at #7: close(3) while the mapping at 0x10000 made "
       "from it is still mapped (acquired at #2)"},
      {stream,
       "close of stream descriptor at #7: close(3), the descriptor of FILE* "
       "from fopen(/tmp/x) (fd 3), which its fclose will close again "
       "(acquired at #2)"},
      {directory,
       "close of stream descriptor at #7: dup2 closing fd 3, the descriptor "
       "of DIR* from opendir(/d) (fd 3), which its closedir will close again "
       "(acquired at #2)"},
      {found(FindingKind::leaked_into_exec, Symbol::execve),
       "descriptor leaked into exec at #7: fd 3 from open(/tmp/x) has no "
       "close-on-exec and survives into the new image (acquired at #2)"},
      {borrowed,
       "close of borrowed descriptor at #7: close_range closing fd 3: a "
       "descriptor the caller lent"},
  };
  for (const auto& [finding, text] : cases) {
    EXPECT_EQ(describe(finding), text);
  }
}

TEST(Describe, CopiesNameTheDescriptorTheyCopy) {
  Finding f = found(FindingKind::leaked_descriptor);
  f.at = no_entry;
  f.fd = 9;
  f.source_fd = 3;
  f.acquired_by = Symbol::dup2;
  EXPECT_EQ(
      describe(f),
      "leaked descriptor: fd 9 from dup2 of fd 3 (/tmp/x) (acquired at #2)");
  f.acquired_by = Symbol::fcntl;
  f.path = "";
  EXPECT_EQ(describe(f),
            "leaked descriptor: fd 9 from fcntl of fd 3 (acquired at #2)");
}

TEST(Describe, DescriptorsWithoutPathOrOrigin) {
  Finding pipe_end = found(FindingKind::leaked_descriptor);
  pipe_end.at = no_entry;
  pipe_end.acquired_by = Symbol::pipe2;
  pipe_end.path = "";
  EXPECT_EQ(describe(pipe_end),
            "leaked descriptor: fd 3 from pipe2 (acquired at #2)");
  // A descriptor whose details did not fit the ledger's table.
  Finding bare;
  bare.kind = FindingKind::leaked_descriptor;
  bare.fd = 70000;
  EXPECT_EQ(describe(bare), "leaked descriptor: fd 70000");
}

TEST(Describe, PathsAreEscapedAndCutPathsSaySo) {
  Finding f = found(FindingKind::leaked_descriptor);
  f.at = no_entry;
  f.path = std::string_view("/tmp/a\nb\"c\\\x01\xff", 13);
  EXPECT_EQ(describe(f),
            "leaked descriptor: fd 3 from open(/tmp/a\\nb\\\"c\\\\\\x01\\xff) "
            "(acquired at #2)");
  f.path = "tab\there\rreturn";
  EXPECT_EQ(describe(f),
            "leaked descriptor: fd 3 from open(tab\\there\\rreturn) (acquired "
            "at #2)");
  f.path = std::string(300, 'p');
  EXPECT_EQ(describe(f), "leaked descriptor: fd 3 from open(" +
                             std::string(Text::capacity, 'p') +
                             "...(300 bytes)) (acquired at #2)");
}

TEST(Describe, UnknownKindIsAPlaceholder) {
  Finding f;
  f.kind = static_cast<FindingKind>(200);
  EXPECT_EQ(describe(f), "?: ?");
}

TEST(Ledger, NotesAreNotCalls) {
  FakeKernel k;
  const int fd = k.open("/f");
  Event note;
  note.kind = Event::Kind::note;
  note.function = Function::close;
  note.symbol = Symbol::close;
  note.fd = fd;
  k.ledger.apply(note);
  k.close(fd);
  EXPECT_EQ(k.findings(), std::vector<std::string>{});
  EXPECT_EQ(k.leaks(), std::vector<std::string>{});
}

TEST(Ledger, EventOfAnUnknownFunctionChangesNothing) {
  FakeKernel k;
  const int fd = k.open("/f");
  Event odd;
  odd.function = static_cast<Function>(200);
  odd.fd = fd;
  k.ledger.apply(odd);
  EXPECT_EQ(k.findings(), std::vector<std::string>{});
  EXPECT_EQ(k.leaks(),
            std::vector<std::string>{
                "leaked descriptor: fd 3 from open(/f) (acquired at #0)"});
}

TEST(Ledger, ProcessLevelCallsChangeNothing) {
  FakeKernel k;
  k.open("/f");
  for (const Symbol symbol : {Symbol::_exit, Symbol::vfork}) {
    Event e;
    e.symbol = symbol;
    e.function = function_of(symbol);
    e.index = 9;
    e.result = 0;
    k.ledger.apply(e);
  }
  EXPECT_EQ(k.findings(), std::vector<std::string>{});
  EXPECT_EQ(k.leaks().size(), 1U);
}

TEST(Ledger, NestingConstructorKeepsEveryOtherDefault) {
  Ledger strict(Nesting::strict);
  Ledger relaxed(Nesting::relaxed, 16384);
  for (Ledger* ledger : {&strict, &relaxed}) {
    Event close;
    close.symbol = Symbol::close;
    close.function = Function::close;
    close.fd = 9;
    close.result = -1;
    close.error = EBADF;
    ledger->apply(close);  // strict ownership is the default
    ASSERT_EQ(ledger->findings().size(), 1U);
    EXPECT_EQ(ledger->findings()[0].kind, FindingKind::close_of_unknown);
  }
}

TEST(Ledger, MovedLedgerKeepsItsTables) {
  FakeKernel k;
  k.open("/f");
  Ledger moved(std::move(k.ledger));
  EXPECT_EQ(moved.leaks().size(), 1U);
  Ledger assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.leaks().size(), 1U);
}

TEST(Ledger, ViolationsAndPolicyFindingsSplitBySeverity) {
  Options options;
  options.nesting = Nesting::relaxed;
  FakeKernel k(options);
  const int fd = k.open("/m");
  const std::uintptr_t at = k.mmap(4096, fd);
  k.close(fd);  // #2: legal POSIX, against the policy
  k.close(fd);  // #3: an error
  k.munmap(at, 4096);
  ASSERT_EQ(k.ledger.violations().size(), 1U);
  EXPECT_EQ(k.ledger.violations()[0].kind, FindingKind::double_close);
  ASSERT_EQ(k.ledger.policy_findings().size(), 1U);
  EXPECT_EQ(k.ledger.policy_findings()[0].kind,
            FindingKind::close_before_munmap);
  EXPECT_EQ(k.ledger.policy_findings()[0].severity, Severity::policy);
  EXPECT_EQ(k.ledger.findings().size(), 2U);
}

}  // namespace
}  // namespace ffikit::check
