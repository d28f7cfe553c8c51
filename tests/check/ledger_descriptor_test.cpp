// Descriptors, program by program against the fake kernel: the open
// family and every other call that makes one, copies, releases of one
// number or a range, double closes and uses after close as the kernel
// reports them, ownership (inherited, foreign, borrowed), the fdsan race
// between the two halves of a release, exec, fork and identity.
#include <fcntl.h>
#include <unistd.h>

#include <array>
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
using testing_support::site_of;
using Texts = std::vector<std::string>;

Options strict_ownership(bool on) {
  Options options;
  options.strict_ownership = on;
  return options;
}

// ---- acquiring and releasing ----

TEST(LedgerDescriptors, OpenFstatCloseIsClean) {
  FakeKernel k;
  const int fd = k.open("/f");
  EXPECT_EQ(fd, 3);
  EXPECT_EQ(k.fstat(fd), 0);
  EXPECT_EQ(k.close(fd), 0);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, UnclosedDescriptorIsALeakNamingItsOpen) {
  FakeKernel k;
  k.open("/data");
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/data) (acquired at #0)"});
  const Finding leak = k.ledger.leaks().at(0);
  EXPECT_EQ(leak.kind, FindingKind::leaked_descriptor);
  EXPECT_EQ(leak.at, no_entry);
  EXPECT_EQ(leak.origin, 0U);
  EXPECT_EQ(leak.acquired_site, site_of(0));
  EXPECT_EQ(leak.fd, 3);
  EXPECT_EQ(leak.handle, 3U);
  EXPECT_FALSE(leak.stream);
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, EverySymbolOfTheOpenFamilyAcquires) {
  FakeKernel k;
  const std::array symbols = {Symbol::open,       Symbol::open64,
                              Symbol::openat,     Symbol::openat64,
                              Symbol::__open_2,   Symbol::__open64_2,
                              Symbol::__openat_2, Symbol::__openat64_2,
                              Symbol::creat,      Symbol::creat64};
  Texts expected;
  for (const Symbol symbol : symbols) {
    const std::string path = std::string("/") + name(symbol);
    const int fd = k.open_as(symbol, path);
    expected.push_back("leaked descriptor: fd " + std::to_string(fd) +
                       " from " + name(symbol) + "(" + path +
                       ") (acquired at #" + std::to_string(fd - 3) + ")");
  }
  EXPECT_EQ(k.leaks(), expected);
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, EveryCallThatMakesADescriptorFromNothingAcquires) {
  FakeKernel k;
  k.anonymous(Symbol::socket);          // #0 -> 3
  k.anonymous(Symbol::eventfd);         // #1 -> 4
  k.anonymous(Symbol::timerfd_create);  // #2 -> 5
  k.anonymous(Symbol::epoll_create);    // #3 -> 6
  k.anonymous(Symbol::epoll_create1);   // #4 -> 7
  k.anonymous(Symbol::inotify_init);    // #5 -> 8
  k.anonymous(Symbol::inotify_init1);   // #6 -> 9
  k.memfd_create("buffer");             // #7 -> 10
  k.made_from(Symbol::signalfd, -1);    // #8 -> 11
  EXPECT_EQ(
      k.leaks(),
      (Texts{"leaked descriptor: fd 3 from socket (acquired at #0)",
             "leaked descriptor: fd 4 from eventfd (acquired at #1)",
             "leaked descriptor: fd 5 from timerfd_create (acquired at #2)",
             "leaked descriptor: fd 6 from epoll_create (acquired at #3)",
             "leaked descriptor: fd 7 from epoll_create1 (acquired at #4)",
             "leaked descriptor: fd 8 from inotify_init (acquired at #5)",
             "leaked descriptor: fd 9 from inotify_init1 (acquired at #6)",
             "leaked descriptor: fd 10 from memfd_create(buffer) "
             "(acquired at #7)",
             "leaked descriptor: fd 11 from signalfd (acquired at #8)"}));
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, PipeAndSocketpairAcquireBothEnds) {
  FakeKernel k;
  const auto pipe = k.pipe();        // #0 -> 3, 4
  const auto pair = k.socketpair();  // #1 -> 5, 6
  k.close(pipe[0]);                  // #2
  k.close(pair[1]);                  // #3
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(
      k.leaks(),
      (Texts{"leaked descriptor: fd 4 from pipe (acquired at #0)",
             "leaked descriptor: fd 5 from socketpair (acquired at #1)"}));
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, AcceptMakesADescriptorAndUsesItsListener) {
  FakeKernel k;
  const int listener = k.anonymous(Symbol::socket);          // #0 -> 3
  const int client = k.made_from(Symbol::accept, listener);  // #1 -> 4
  k.made_from(Symbol::accept4, listener);                    // #2 -> 5
  k.close(client);                                           // #3
  k.close(listener);                                         // #4
  k.made_from(Symbol::accept, listener);                     // #5: EBADF
  EXPECT_EQ(k.findings(),
            Texts{"use after close at #5: accept on closed fd 3 from socket "
                  "(acquired at #0)"});
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 5 from accept4 (acquired at #2)"});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, SignalfdOnADescriptorChangesItWithoutANewOne) {
  FakeKernel k;
  const int fd = k.made_from(Symbol::signalfd, -1);  // #0 -> 3
  EXPECT_EQ(k.made_from(Symbol::signalfd, fd), fd);  // #1: same descriptor
  k.close(fd);                                       // #2
  k.made_from(Symbol::signalfd, fd);                 // #3: EBADF
  EXPECT_EQ(k.findings(),
            Texts{"use after close at #3: signalfd on closed fd 3 from "
                  "signalfd (acquired at #0)"});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, FailedAcquisitionsAcquireNothing) {
  FakeKernel k;
  k.failing_open("/missing", ENOENT);
  k.inject(EMFILE);
  k.open("/f");
  k.inject(ENFILE);
  k.pipe();
  k.inject(EMFILE);
  k.anonymous(Symbol::socket);
  k.inject(EMFILE);
  k.dup(1);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, StandardNumbersAreNeverLeaks) {
  FakeKernel k(foreign_program_options());
  k.close(0);     // #0: the program closes its stdin ...
  k.open("/in");  // #1: ... and opens another file onto 0
  EXPECT_EQ(k.leaks(), Texts{});
  std::array<int, 4> tracked{};
  ASSERT_EQ(k.ledger.tracked(tracked), 1U);
  EXPECT_EQ(tracked[0], 0);
}

// ---- double close and use after close, as the kernel reports them ----

TEST(LedgerDescriptors, DoubleCloseIsTheKernelRefusingAReleasedNumber) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0
  k.close(fd);                  // #1
  EXPECT_EQ(k.close(fd), -1);   // #2: EBADF
  EXPECT_EQ(k.findings(),
            Texts{"double close at #2: close of already closed fd 3 from "
                  "open(/f) (acquired at #0)"});
  const Finding f = k.ledger.findings()[0];
  EXPECT_EQ(f.kind, FindingKind::double_close);
  EXPECT_EQ(f.severity, Severity::error);
  EXPECT_EQ(f.call, Symbol::close);
  EXPECT_EQ(f.site, site_of(2));
  EXPECT_EQ(f.acquired_site, site_of(0));
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, ReopenedNumberMayBeClosedAgain) {
  FakeKernel k;
  k.close(k.open("/a"));
  k.close(k.open("/b"));
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, CloseOfANumberAnUnseenOpenReusedIsNotADoubleClose) {
  FakeKernel k;
  const int fd = k.open("/f");             // #0
  k.close(fd);                             // #1
  ASSERT_EQ(k.unseen_open("/other"), fd);  // libc's own open, unseen
  EXPECT_EQ(k.close(fd), 0);               // #2: closes the foreign file
  EXPECT_EQ(k.findings(), Texts{});
  // The foreign file's second close is not the tracked file's double
  // close: the number's last watched state is no longer /f's release.
  EXPECT_EQ(k.close(fd), -1);  // #3: EBADF
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors,
     UseOfANumberAnUnseenOpenReusedAndClosedNamesNoTrackedFile) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0
  k.close(fd);                  // #1
  ASSERT_EQ(k.unseen_open("/other"), fd);
  k.close(fd);  // #2: the foreign file
  k.fstat(fd);  // #3: EBADF, but not /f's
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, InjectedCloseFailureStillReleases) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0
  k.inject(EINTR);
  EXPECT_EQ(k.close(fd), -1);  // #1: the interposer closed it for real
  EXPECT_FALSE(k.is_open(fd));
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  // Retrying close on EINTR is the classic double close.
  k.close(fd);  // #2
  EXPECT_EQ(k.findings(),
            Texts{"double close at #2: close of already closed fd 3 from "
                  "open(/f) (acquired at #0)"});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, InjectedCloseOfAClosedNumberIsJudgedByTheKernel) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0
  k.close(fd);                  // #1
  k.inject(EIO);
  k.close(fd);  // #2: the kernel refused it, whatever the plan meant
  EXPECT_FALSE(k.trace[2].injected);
  EXPECT_EQ(k.trace[2].error, EBADF);
  EXPECT_EQ(k.findings(),
            Texts{"double close at #2: close of already closed fd 3 from "
                  "open(/f) (acquired at #0)"});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, EveryUseOfAClosedDescriptorIsUseAfterClose) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0 -> 3
  k.close(fd);                  // #1
  k.fstat(fd);                  // #2
  k.mmap(4096, fd);             // #3
  k.dup(fd);                    // #4
  k.fcntl_dup(fd, 10);          // #5
  k.dup2(fd, 7);                // #6
  k.dup3(fd, 7);                // #7
  k.fdopen(fd);                 // #8
  k.fdopendir(fd);              // #9
  Texts expected;
  for (const char* call : {"fstat", "mmap", "dup", "fcntl", "dup2", "dup3",
                           "fdopen", "fdopendir"}) {
    expected.push_back("use after close at #" +
                       std::to_string(expected.size() + 2) + ": " + call +
                       " on closed fd 3 from open(/f) (acquired at #0)");
  }
  EXPECT_EQ(k.findings(), expected);
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, FexecveOfAClosedDescriptorIsAUseAfterClose) {
  FakeKernel k;
  const int fd = k.open("/bin/tool");  // #0
  k.close(fd);                         // #1
  Event exec;                          // #2: fexecve(fd, ...) = -1 EBADF
  exec.symbol = Symbol::fexecve;
  exec.function = Function::exec;
  exec.index = 2;
  exec.fd = fd;
  exec.result = -1;
  exec.error = EBADF;
  k.ledger.apply(exec);
  EXPECT_EQ(k.findings(),
            Texts{"use after close at #2: fexecve on closed fd 3 from "
                  "open(/bin/tool) (acquired at #0)"});
}

TEST(LedgerDescriptors, InjectedEbadfIsNotAUseAfterClose) {
  FakeKernel k;
  const int fd = k.open("/f");
  k.close(fd);
  k.inject(EBADF);
  k.fstat(fd);
  EXPECT_EQ(k.findings(), Texts{});
}

TEST(LedgerDescriptors, EbadfOnANumberNeverTrackedIsNotJudged) {
  FakeKernel k(strict_ownership(true));
  k.fstat(9);
  k.dup(9);
  k.mmap(4096, 9);
  EXPECT_EQ(k.findings(), Texts{});
}

// ---- ownership: inherited, foreign, borrowed ----

TEST(LedgerDescriptors,
     CloseOfANeverOpenedNumberIsUnknownUnderStrictOwnership) {
  FakeKernel k(strict_ownership(true));
  k.close(7);  // #0
  k.close(7);  // #1: still unknown, not a double close
  EXPECT_EQ(k.findings(),
            (Texts{"close of unknown descriptor at #0: close(7): a descriptor "
                   "never acquired while watched",
                   "close of unknown descriptor at #1: close(7): a descriptor "
                   "never acquired while watched"}));
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors,
     CloseOfAnInheritedDescriptorIsUnknownUnderStrictOwnership) {
  FakeKernel k(strict_ownership(true));
  k.opened_before(5);
  k.close(5);  // #0: the kernel closes it
  EXPECT_EQ(k.findings(),
            Texts{"close of unknown descriptor at #0: close(5): a descriptor "
                  "never acquired while watched"});
}

TEST(LedgerDescriptors, ForeignClosesAreTracedNotJudgedWithoutStrictOwnership) {
  FakeKernel k(strict_ownership(false));
  k.opened_before(5);
  k.close(5);  // inherited
  k.close(5);  // inherited, again: the kernel refuses
  k.close(7);  // never opened
  const int foreign = k.unseen_open("/libc-internal");
  k.close(foreign);
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees(strict_ownership(false));
}

TEST(LedgerDescriptors, InheritedNumberReusedByATrackedOpenIsJudged) {
  FakeKernel k(strict_ownership(false));
  k.opened_before(3);
  k.close(3);                  // #0: inherited, not judged
  ASSERT_EQ(k.open("/f"), 3);  // #1
  k.close(3);                  // #2
  k.close(3);                  // #3
  EXPECT_EQ(k.findings(),
            Texts{"double close at #3: close of already closed fd 3 from "
                  "open(/f) (acquired at #1)"});
}

Options lending(std::vector<int> fds, bool strict = true) {
  Options options;
  options.strict_ownership = strict;
  options.borrowed = std::move(fds);
  return options;
}

TEST(LedgerDescriptors, BorrowedDescriptorMayBeUsedButNotClosed) {
  FakeKernel k(lending({5}));
  k.opened_before(5);
  k.fstat(5);  // #0: using it is fine
  k.close(5);  // #1
  EXPECT_EQ(k.findings(),
            Texts{"close of borrowed descriptor at #1: close(5): a descriptor "
                  "the caller lent"});
  EXPECT_EQ(k.leaks(), Texts{});
}

TEST(LedgerDescriptors, BorrowedDescriptorKeptOpenIsNoLeak) {
  FakeKernel k(lending({5, 6}));
  k.opened_before(5);
  k.opened_before(6);
  EXPECT_EQ(k.leaks(), Texts{});
  EXPECT_EQ(k.findings(), Texts{});
}

TEST(LedgerDescriptors, Dup2OntoABorrowedDescriptorClosesIt) {
  FakeKernel k(lending({5}, false));
  k.opened_before(5);
  const int fd = k.open("/f");  // #0 -> 3
  k.dup2(fd, 5);                // #1
  EXPECT_EQ(k.findings(),
            Texts{"close of borrowed descriptor at #1: dup2 closing fd 5: a "
                  "descriptor the caller lent"});
}

TEST(LedgerDescriptors, CloseRangeOverABorrowedDescriptorClosesIt) {
  FakeKernel k(lending({5}, false));
  k.opened_before(5);
  k.close_range(3, ~0U);  // #0
  EXPECT_EQ(k.findings(),
            Texts{"close of borrowed descriptor at #0: close_range closing fd "
                  "5: a descriptor the caller lent"});
}

TEST(LedgerDescriptors, ClosefromOverABorrowedDescriptorClosesItOnce) {
  FakeKernel k(lending({5}, false));
  k.opened_before(5);
  k.closefrom(3);  // #0
  k.closefrom(3);  // #1: 5 is no longer open
  EXPECT_EQ(k.findings(),
            Texts{"close of borrowed descriptor at #0: closefrom closing fd 5: "
                  "a descriptor the caller lent"});
}

TEST(LedgerDescriptors, BorrowedNumberReacquiredIsTrackedLikeAnyOther) {
  FakeKernel k(lending({3}, false));
  k.opened_before(3);
  k.close(3);                  // #0: flagged
  ASSERT_EQ(k.open("/f"), 3);  // #1
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/f) (acquired at #1)"});
  ASSERT_EQ(k.findings().size(), 1U);
}

// ---- copies ----

TEST(LedgerDescriptors, DupOfATrackedDescriptorNamesItsSource) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0 -> 3
  k.dup(fd);                    // #1 -> 4
  k.fcntl_dup(fd, 10);          // #2 -> 10
  k.dup2(fd, 20);               // #3 -> 20
  k.dup3(fd, 21, O_CLOEXEC);    // #4 -> 21
  EXPECT_EQ(
      k.leaks(),
      (Texts{"leaked descriptor: fd 3 from open(/f) (acquired at #0)",
             "leaked descriptor: fd 4 from dup of fd 3 (/f) (acquired at #1)",
             "leaked descriptor: fd 10 from fcntl of fd 3 (/f) (acquired "
             "at #2)",
             "leaked descriptor: fd 20 from dup2 of fd 3 (/f) (acquired "
             "at #3)",
             "leaked descriptor: fd 21 from dup3 of fd 3 (/f) (acquired "
             "at #4)"}));
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, DupOfAnUntrackedDescriptorNamesItsNumber) {
  FakeKernel k;
  k.dup(1);            // #0 -> 3
  k.fcntl_dup(2, 10);  // #1 -> 10
  EXPECT_EQ(k.leaks(),
            (Texts{"leaked descriptor: fd 3 from dup of fd 1 (acquired at #0)",
                   "leaked descriptor: fd 10 from fcntl of fd 2 (acquired at "
                   "#1)"}));
  EXPECT_EQ(k.ledger.leaks()[0].source_fd, 1);
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, Dup2OntoATrackedDescriptorReleasesIt) {
  FakeKernel k;
  const int a = k.open("/a");  // #0 -> 3
  const int b = k.open("/b");  // #1 -> 4
  EXPECT_EQ(k.dup2(a, b), b);  // #2: /b is closed, 4 is now /a
  k.close(a);                  // #3
  k.close(b);                  // #4
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.close(b);  // #5: the dup2's copy, closed twice
  EXPECT_EQ(k.findings(),
            Texts{"double close at #5: close of already closed fd 4 from dup2 "
                  "of fd 3 (/a) (acquired at #2)"});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, Dup2OntoItselfChangesNothing) {
  FakeKernel k;
  const int fd = k.open("/f");    // #0
  EXPECT_EQ(k.dup2(fd, fd), fd);  // #1
  EXPECT_EQ(k.dup3(fd, fd), -1);  // #2: EINVAL
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/f) (acquired at #0)"});
  k.close(fd);
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, FailedDup2LeavesItsTargetOpen) {
  FakeKernel k;
  const int target = k.open("/t");                 // #0 -> 3
  const std::uintptr_t at = k.mmap(4096, target);  // #1
  EXPECT_EQ(k.dup2(9, target), -1);                // #2: 9 is not open, EBADF
  EXPECT_TRUE(k.is_open(target));
  EXPECT_EQ(k.findings(), Texts{});  // neither a close nor a use after close
  EXPECT_EQ(k.leaks().size(), 2U);   // /t and its mapping are still held
  k.munmap(at, 4096);                // #3
  k.close(target);                   // #4
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors,
     Dup2FromAClosedSourceIsAUseOfTheSourceNotACloseOfTheTarget) {
  FakeKernel k;
  const int a = k.open("/a");  // #0 -> 3
  k.close(a);                  // #1
  const int b = k.open("/b");  // #2 -> 3
  k.close(b);                  // #3: 3 is released again, /b's
  const int c = k.open("/c");  // #4 -> 3
  k.close(c);                  // #5
  k.dup2(9, c);                // #6: 9 never opened; 3 untouched
  EXPECT_EQ(k.findings(), Texts{});
  const int d = k.open("/d");  // #7 -> 3
  k.close(d);                  // #8
  k.dup2(d, 4);                // #9: source released
  EXPECT_EQ(k.findings(),
            Texts{"use after close at #9: dup2 on closed fd 3 from open(/d) "
                  "(acquired at #7)"});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, InjectedDup2FailureReleasesNothing) {
  FakeKernel k;
  const int a = k.open("/a");  // #0 -> 3
  const int b = k.open("/b");  // #1 -> 4
  k.inject(EINTR);
  EXPECT_EQ(k.dup2(a, b), -1);  // #2: nothing happened
  k.close(a);                   // #3
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 4 from open(/b) (acquired at #1)"});
  k.expect_replay_agrees();
}

// ---- ranges ----

TEST(LedgerDescriptors, CloseRangeReleasesEveryTrackedNumberInIt) {
  FakeKernel k;
  k.open("/a");         // #0 -> 3
  k.open("/b");         // #1 -> 4
  k.open("/c");         // #2 -> 5
  k.close_range(3, 4);  // #3
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 5 from open(/c) (acquired at #2)"});
  k.close(4);  // #4: already closed by the range
  EXPECT_EQ(k.findings(),
            Texts{"double close at #4: close of already closed fd 4 from "
                  "open(/b) (acquired at #1)"});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, CloseRangeOfEverythingClosesInheritedWithoutJudging) {
  FakeKernel k(strict_ownership(true));
  k.opened_before(5);
  k.open("/a");
  k.close_range(0, ~0U);  // the close-all-descriptors idiom
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
  std::array<int, 4> tracked{};
  EXPECT_EQ(k.ledger.tracked(tracked), 0U);
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, CloseRangeCloexecOnlyMarks) {
  FakeKernel k;
  const int fd = k.open("/a");                 // #0
  k.close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);  // #1
  EXPECT_TRUE(k.is_open(fd));
  EXPECT_EQ(k.leaks().size(), 1U);
  k.exec("/bin/true");  // #2: close-on-exec now: nothing leaks into it
  EXPECT_EQ(k.findings(), Texts{});
  k.close(fd);  // #3
  EXPECT_EQ(k.findings(), Texts{});
}

TEST(LedgerDescriptors, FailedCloseRangeReleasesNothing) {
  FakeKernel k;
  k.open("/a");               // #0 -> 3
  k.close_range(3, 5, 0x80);  // #1: EINVAL, unknown flag
  k.close_range(5, 3);        // #2: EINVAL, first > last
  k.inject(ENOMEM);
  k.close_range(3, ~0U);  // #3: injected: nothing happened
  EXPECT_TRUE(k.is_open(3));
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/a) (acquired at #0)"});
  k.close(3);  // #4
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

TEST(LedgerDescriptors, ClosefromReleasesEverythingFromItsNumber) {
  FakeKernel k;
  k.open("/a");    // #0 -> 3
  k.open("/b");    // #1 -> 4
  k.closefrom(4);  // #2
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/a) (acquired at #0)"});
  k.close(3);
  EXPECT_EQ(k.findings(), Texts{});
  k.expect_replay_agrees();
}

// ---- two halves of a release, and another thread in between ----

TEST(LedgerDescriptors, OpenBetweenTheHalvesOfACloseGetsTheNumberCleanly) {
  FakeKernel k;
  const int fd = k.open("/f");                             // #0
  FakeKernel::PendingRelease closing = k.close_begin(fd);  // #1
  ASSERT_EQ(k.open("/g"), fd);  // #2, another thread, gets the number
  k.close_end(closing);
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/g) (acquired at #2)"});
  k.close(fd);  // #3: the other thread's own close
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});
}

TEST(LedgerDescriptors, DoubleCloseRacingAnOpenNamesTheFirstFile) {
  FakeKernel k;
  const int fd = k.open("/f");                           // #0
  k.close(fd);                                           // #1
  FakeKernel::PendingRelease again = k.close_begin(fd);  // #2: EBADF
  ASSERT_EQ(k.open("/g"), fd);                           // #3
  k.close_end(again);
  EXPECT_EQ(k.findings(),
            Texts{"double close at #2: close of already closed fd 3 from "
                  "open(/f) (acquired at #0)"});
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/g) (acquired at #3)"});
}

TEST(LedgerDescriptors, RefusedCloseOfAnUnknownNumberKeepsAnOpenThatRacedIt) {
  FakeKernel k(strict_ownership(true));
  for (int i = 0; i < 4; ++i) {
    k.open("/busy");  // #0..#3 -> 3..6
  }
  FakeKernel::PendingRelease stray = k.close_begin(7);  // #4: EBADF
  ASSERT_EQ(k.open("/g"), 7);                           // #5
  k.close_end(stray);
  EXPECT_EQ(k.findings(),
            Texts{"close of unknown descriptor at #4: close(7): a descriptor "
                  "never acquired while watched"});
  ASSERT_EQ(k.leaks().size(), 5U);
  EXPECT_EQ(k.leaks()[4],
            "leaked descriptor: fd 7 from open(/g) (acquired at #5)");
  k.close(7);  // #6: /g's own close, neither unknown nor double
  EXPECT_EQ(k.findings().size(), 1U);
}

// ---- exec, fork, and what the kernel says at the end ----

TEST(LedgerDescriptors, ExecReportsTrackedDescriptorsWithoutCloseOnExec) {
  FakeKernel k;
  k.open("/a");                // #0 -> 3
  k.open("/b", O_CLOEXEC);     // #1 -> 4
  const int c = k.open("/c");  // #2 -> 5
  k.unseen_close(c);           // closed by a raw system call
  k.dup3(3, 6, O_CLOEXEC);     // #3 -> 6
  k.fcntl_dup(3, 7, true);     // #4 -> 7
  k.exec("/bin/true");         // #5
  EXPECT_EQ(k.findings(),
            Texts{"descriptor leaked into exec at #5: fd 3 from open(/a) has "
                  "no close-on-exec and survives into the new image (acquired "
                  "at #0)"});
  const Finding f = k.ledger.findings()[0];
  EXPECT_EQ(f.site, site_of(5));
  EXPECT_EQ(f.call, Symbol::execve);
}

TEST(LedgerDescriptors, FindingsOfAnExecThatFailedAreWithdrawn) {
  FakeKernel k;
  k.close(9);                   // #0: found before the exec, stays
  const int fd = k.open("/a");  // #1
  const std::size_t before = k.ledger.findings().size();
  k.exec("/missing");  // #2: judged before the call, which then fails
  ASSERT_EQ(k.ledger.findings().size(), before + 1);
  k.ledger.withdraw_findings(before);
  EXPECT_EQ(k.findings(),
            Texts{"close of unknown descriptor at #0: close(9): a descriptor "
                  "never acquired while watched"});
  k.ledger.withdraw_findings(99);  // past the end: nothing to drop
  EXPECT_EQ(k.findings().size(), 1U);
  k.close(fd);
  k.close(fd);  // findings go on being recorded after a withdrawal
  EXPECT_EQ(k.findings().size(), 2U);
}

TEST(LedgerDescriptors, LeakedIntoExecIgnoresWhatIsNotTracked) {
  FakeKernel k;
  k.ledger.leaked_into_exec(1, 0, 0);        // inherited
  k.ledger.leaked_into_exec(9, 0, 0);        // never seen
  k.ledger.leaked_into_exec(-1, 0, 0);       // not a descriptor
  k.ledger.leaked_into_exec(1 << 20, 0, 0);  // beyond the table
  EXPECT_EQ(k.findings(), Texts{});
}

TEST(LedgerDescriptors, ForkedChildStartsWithWhatItInherited) {
  FakeKernel k;
  const int fd = k.open("/parent");  // #0 -> 3
  k.close(9);                        // #1: the parent's finding
  k.fork();
  EXPECT_EQ(k.findings(), Texts{});
  EXPECT_EQ(k.leaks(), Texts{});  // the parent's descriptor is inherited here
  std::array<int, 4> tracked{};
  EXPECT_EQ(k.ledger.tracked(tracked), 0U);
  k.close(fd);  // the child's copy: not a double close, not judged
  EXPECT_EQ(
      k.findings(),
      Texts{"close of unknown descriptor at #2: close(3): a descriptor never "
            "acquired while watched"});
  k.open("/child");  // #3 -> 3
  EXPECT_EQ(
      k.leaks(),
      Texts{"leaked descriptor: fd 3 from open(/child) (acquired at #3)"});
}

TEST(LedgerDescriptors, ReleasedUnseenIsNeitherALeakNorTracked) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0
  k.unseen_close(fd);
  k.verify();
  EXPECT_EQ(k.leaks(), Texts{});
  std::array<int, 4> tracked{};
  EXPECT_EQ(k.ledger.tracked(tracked), 0U);
}

TEST(LedgerDescriptors, NumberReusedByAnotherFileUnseenIsNotTheTrackedLeak) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0
  k.unseen_close(fd);
  ASSERT_EQ(k.unseen_open("/other"), fd);
  EXPECT_TRUE(
      k.ledger.identity_differs(fd, k.file(fd).device, k.file(fd).inode));
  k.verify();
  EXPECT_EQ(k.leaks(), Texts{});
  k.close(fd);  // #1: the other file's close
  EXPECT_EQ(k.findings(), Texts{});
}

TEST(LedgerDescriptors, SameFileReopenedUnseenStaysTheTrackedLeak) {
  FakeKernel k;
  const int fd = k.open("/f");  // #0
  k.unseen_close(fd);
  ASSERT_EQ(k.unseen_open("/f"), fd);  // the same inode: indistinguishable
  k.verify();
  EXPECT_EQ(k.leaks(),
            Texts{"leaked descriptor: fd 3 from open(/f) (acquired at #0)"});
}

TEST(LedgerDescriptors, IdentityIsOnlyKnownForTrackedDescriptors) {
  FakeKernel k;
  k.ledger.set_identity(1, 9, 9);  // inherited: ignored
  EXPECT_FALSE(k.ledger.identity_differs(1, 1, 1));
  EXPECT_FALSE(k.ledger.identity_differs(-1, 1, 1));
  EXPECT_FALSE(k.ledger.identity_differs(1 << 20, 1, 1));
  const int fd = k.open("/f");
  EXPECT_FALSE(
      k.ledger.identity_differs(fd, k.file(fd).device, k.file(fd).inode));
  EXPECT_TRUE(k.ledger.identity_differs(fd, k.file(fd).device, 1));
  EXPECT_TRUE(k.ledger.identity_differs(fd, 2, k.file(fd).inode));
}

TEST(LedgerDescriptors, IdentityCallsOutsideTheTableOrUntrackedChangeNothing) {
  FakeKernel k;
  k.ledger.set_identity(-1, 1, 1);
  k.ledger.set_identity(1 << 20, 1, 1);
  k.ledger.released_unseen(1);  // inherited: not the ledger's to end
  k.ledger.released_unseen(-1);
  const int fd = k.open("/f");
  // Tracked, but no identity recorded (the monitor could not fstat it).
  Ledger fresh;
  Event open = k.trace.back();
  fresh.apply(open);
  EXPECT_FALSE(fresh.identity_differs(fd, 1, 1));
  EXPECT_EQ(k.ledger.overflow(), 0U);
  EXPECT_EQ(k.leaks().size(), 1U);
}

TEST(LedgerDescriptors, ForgedReleaseOfANumberOutsideTheTableChangesNothing) {
  FakeKernel k;
  Event close;
  close.symbol = Symbol::close;
  close.function = Function::close;
  close.fd = 1 << 20;
  close.result = -1;
  close.error = EBADF;
  Ledger::Release forged;
  forged.fd = 1 << 20;
  k.ledger.end_release(close, forged);
  EXPECT_EQ(k.findings(), Texts{});
}

TEST(LedgerDescriptors, TrackedListsNumbersInOrderAcrossShortSpans) {
  FakeKernel k;
  k.open("/a");  // 3
  k.open("/b");  // 4
  k.open("/c");  // 5
  k.close(4);
  std::array<int, 1> one{};
  ASSERT_EQ(k.ledger.tracked(one), 1U);
  EXPECT_EQ(one[0], 3);
  ASSERT_EQ(k.ledger.tracked(one, 4), 1U);
  EXPECT_EQ(one[0], 5);
  EXPECT_EQ(k.ledger.tracked(one, 6), 0U);
  EXPECT_EQ(k.ledger.tracked(std::span<int>{}, 0), 0U);
  std::array<int, 4> all{};
  ASSERT_EQ(k.ledger.tracked(all, -5), 2U);
}

// ---- which descriptors an event acquired (what the monitor identifies) ----

TEST(AcquiredDescriptors, OneForEachCallThatMakesOneAndTwoForPairs) {
  FakeKernel k;
  std::array<int, 2> out{};
  const auto acquired = [&](std::size_t entry) {
    out = {-1, -1};
    const std::size_t n = Ledger::acquired_descriptors(k.trace.at(entry), out);
    return std::vector<int>(out.begin(), out.begin() + static_cast<long>(n));
  };
  const int fd = k.open("/f");        // #0 -> 3
  k.pipe();                           // #1 -> 4, 5
  k.dup(fd);                          // #2 -> 6
  k.dup2(fd, 9);                      // #3 -> 9
  k.made_from(Symbol::signalfd, -1);  // #4 -> 7
  k.made_from(Symbol::signalfd, 7);   // #5: changes 7
  k.fopen("/s");                      // #6 -> 8
  k.fdopen(fd);                       // #7: the same number
  k.fstat(fd);                        // #8
  k.close(9);                         // #9
  k.inject(EMFILE);
  k.open("/g");  // #10
  EXPECT_EQ(acquired(0), std::vector<int>{3});
  EXPECT_EQ(acquired(1), (std::vector<int>{4, 5}));
  EXPECT_EQ(acquired(2), std::vector<int>{6});
  EXPECT_EQ(acquired(3), std::vector<int>{9});
  EXPECT_EQ(acquired(4), std::vector<int>{7});
  EXPECT_EQ(acquired(5), std::vector<int>{});
  EXPECT_EQ(acquired(6), std::vector<int>{8});
  EXPECT_EQ(acquired(7), std::vector<int>{});
  EXPECT_EQ(acquired(8), std::vector<int>{});
  EXPECT_EQ(acquired(9), std::vector<int>{});
  EXPECT_EQ(acquired(10), std::vector<int>{});
  Event note;
  note.kind = Event::Kind::note;
  note.result = 3;
  EXPECT_EQ(Ledger::acquired_descriptors(note, out), 0U);
}

}  // namespace
}  // namespace ffikit::check
