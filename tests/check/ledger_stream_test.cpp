// Streams own their descriptor: fopen, fdopen of an open(), freopen,
// fclose, fcloseall, opendir, fdopendir and closedir, against the fake
// kernel. A stream made from a descriptor the ledger does not track stays
// untracked; close() of a descriptor a live stream owns is a finding.
#include <fcntl.h>

#include <cerrno>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_kernel.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::check {
namespace {

using testing_support::FakeKernel;
using testing_support::foreign_program_options;
using Texts = std::vector<std::string>;

TEST(LedgerStreams, FopenFcloseIsClean) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/s");
  EXPECT_EQ(k.fclose(stream), 0);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, UnclosedStreamIsOneLeakedStream) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/s");  // #0 -> 3
  k.fopen("/t", Symbol::fopen64);               // #1 -> 4
  EXPECT_EQ(
      k.leaks(),
      (Texts{"leaked stream: FILE* from fopen(/s) (fd 3) (acquired at #0)",
             "leaked stream: FILE* from fopen64(/t) (fd 4) (acquired at "
             "#1)"}));
  const Finding leak = k.ledger.leaks()[0];
  EXPECT_EQ(leak.kind, FindingKind::leaked_stream);
  EXPECT_TRUE(leak.stream);
  EXPECT_FALSE(leak.directory);
  EXPECT_EQ(leak.handle, stream);  // what Session::release_leaks() closes
  k.expect_replay_agrees();
}

TEST(LedgerStreams, OpenThenFdopenIsOneStreamClosedByFclose) {
  FakeKernel k;                 // gnulib's fopen: open(2), then fdopen(3)
  const int fd = k.open("/s");  // #0
  const std::uintptr_t stream = k.fdopen(fd);  // #1
  EXPECT_EQ(
      k.leaks(),
      Texts{"leaked stream: FILE* from open(/s) (fd 3) (acquired at #0)"});
  k.fclose(stream);  // #2
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, FdopenOfAnUntrackedDescriptorStaysUntracked) {
  FakeKernel k(foreign_program_options());
  const int foreign = k.unseen_open("/libc-internal");
  const std::uintptr_t stream = k.fdopen(foreign);  // #0
  const std::uintptr_t out = k.fdopen(1);           // #1
  EXPECT_EQ(k.leaks(), Texts{});
  k.fclose(stream);
  k.fclose(out);
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees(foreign_program_options());
}

TEST(LedgerStreams, FcloseOfAStreamOnAnInheritedDescriptorIsUnknownWhenStrict) {
  FakeKernel k;
  k.opened_before(5);
  k.fclose(k.fdopen(5));  // #0, #1
  EXPECT_EQ(k.findings(),
            Texts{"close of unknown descriptor at #1: fclose closing fd 5: a "
                  "descriptor never acquired while watched"});
}

TEST(LedgerStreams, CloseOfAStreamsDescriptorIsReportedOnce) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/s");  // #0 -> 3
  k.close(3);                                   // #1
  EXPECT_EQ(k.fclose(stream), -1);              // #2: EBADF
  EXPECT_EQ(k.findings(),
            Texts{"close of stream descriptor at #1: close(3), the descriptor "
                  "of FILE* from fopen(/s) (fd 3), which its fclose will close "
                  "again (acquired at #0)"});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, DescriptorOfADirectoryStreamClosedByDup2) {
  FakeKernel k;
  const std::uintptr_t dir = k.opendir("/d");  // #0 -> 3
  const int other = k.open("/f");              // #1 -> 4
  k.dup2(other, 3);                            // #2
  EXPECT_EQ(k.findings(),
            Texts{"close of stream descriptor at #2: dup2 closing fd 3, the "
                  "descriptor of DIR* from opendir(/d) (fd 3), which its "
                  "closedir will close again (acquired at #0)"});
  static_cast<void>(dir);
}

TEST(LedgerStreams, CloseRangeOverAStreamsDescriptor) {
  FakeKernel k;
  k.fopen("/s");          // #0 -> 3
  k.close_range(3, ~0U);  // #1
  EXPECT_EQ(k.findings(),
            Texts{"close of stream descriptor at #1: close_range closing fd 3, "
                  "the descriptor of FILE* from fopen(/s) (fd 3), which its "
                  "fclose will close again (acquired at #0)"});
  EXPECT_EQ(k.leaks(), Texts{});
}

TEST(LedgerStreams, DupOfAStreamsDescriptorIsAPlainDescriptor) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/s");  // #0 -> 3
  k.dup(3);                                     // #1 -> 4
  k.fclose(stream);                             // #2
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 4 from dup of fd 3 (/s) (acquired at "
                  "#1)"});
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, FreopenReplacesTheStreamsFile) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/a");  // #0 -> 3
  EXPECT_EQ(k.freopen("/b", stream), stream);   // #1 -> 3 again
  EXPECT_EQ(k.leaks(),
            Texts{"leaked stream: FILE* from freopen(/b) (fd 3) (acquired at "
                  "#1)"});
  k.fclose(stream);  // #2
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, Freopen64IsFreopen) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/a", Symbol::fopen64);  // #0
  Event e;  // #1: freopen64("/b", "r", stream) = stream, on fd 3 again
  e.symbol = Symbol::freopen64;
  e.function = Function::fopen;
  e.index = 1;
  e.path = "/b";
  e.stream = stream;
  e.fd = 3;
  e.result = 3;
  k.ledger.end_release(e, k.ledger.begin_release(e));
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(),
            Texts{"leaked stream: FILE* from freopen64(/b) (fd 3) (acquired at "
                  "#1)"});
}

TEST(LedgerStreams, FreopenWhoseOpenFailsClosesTheStream) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/a");         // #0
  EXPECT_EQ(k.freopen("/missing", stream, true), 0U);  // #1
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, InjectedFreopenFailureClosesTheStream) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/a");  // #0
  k.inject(ENOMEM);
  EXPECT_EQ(k.freopen("/b", stream), 0U);  // #1
  EXPECT_FALSE(k.is_open(3));
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, FreopenOfStdinKeepsTheStandardNumberUnjudged) {
  FakeKernel k;
  const std::uintptr_t in = k.stream_before_watch(0);
  EXPECT_EQ(k.freopen("/input", in), in);  // #0: 0 is closed and reopened
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
}

TEST(LedgerStreams, FcloseallReleasesEveryFileStreamButNoDirectory) {
  FakeKernel k;
  k.fopen("/a");                   // #0 -> 3
  k.fopen("/b");                   // #1 -> 4
  k.opendir("/d");                 // #2 -> 5
  const int plain = k.open("/c");  // #3 -> 6
  k.fcloseall();                   // #4
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked stream: DIR* from opendir(/d) (fd 5) (acquired at "
                   "#2)",
                   "leaked descriptor: fd 6 from open(/c) (acquired at #3)"}));
  EXPECT_EQ(k.findings(), Texts{});
  k.close(plain);
  k.expect_replay_agrees();
}

TEST(LedgerStreams, OpendirClosedirIsClean) {
  FakeKernel k;
  k.closedir(k.opendir("/d"));
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, FdopendirOfAnOpenDirectoryIsOneDirectoryStream) {
  FakeKernel k;
  const int fd = k.open("/d", O_RDONLY | O_DIRECTORY);  // #0
  const std::uintptr_t dir = k.fdopendir(fd);           // #1
  EXPECT_EQ(k.leaks(),
            Texts{"leaked stream: DIR* from open(/d) (fd 3) (acquired at #0)"});
  EXPECT_TRUE(k.ledger.leaks()[0].directory);
  EXPECT_EQ(k.ledger.leaks()[0].handle, dir);
  k.closedir(dir);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, InjectedFcloseFailureStillClosesTheStream) {
  FakeKernel k;
  const std::uintptr_t stream = k.fopen("/s");
  k.inject(EIO);
  EXPECT_EQ(k.fclose(stream), -1);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerStreams, FailedStreamCallsAcquireNothing) {
  FakeKernel k;
  k.inject(ENOENT);
  k.fopen("/missing");
  k.inject(EMFILE);
  k.opendir("/d");
  const int fd = k.open("/f");  // #2
  k.inject(ENOMEM);
  k.fdopen(fd);
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/f) (acquired at #2)"});
  k.expect_replay_agrees();
}

}  // namespace
}  // namespace ffikit::check
