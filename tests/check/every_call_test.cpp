// Every row of watched_calls.def that is watched in process, called once
// through its own name under a Session: the trace must show exactly that
// symbol, counted as its operation, with its result; and every operation,
// failed by a fault plan, must fail with the planned errno without the
// real call changing anything it should not.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/check/trace_format.hpp"
#include "scratch_dir.hpp"

// The fortified entry points, which only a -D_FORTIFY_SOURCE build calls
// by itself; called by name here so that every build reaches them.
// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
extern "C" int __open_2(const char* path, int flags);
extern "C" int __open64_2(const char* path, int flags);
extern "C" int __openat_2(int dirfd, const char* path, int flags);
extern "C" int __openat64_2(int dirfd, const char* path, int flags);
// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)

namespace ffikit::check {
namespace {

using testing_support::ScratchDir;

// Each call below is one C call made for the checker to see; its SAFETY
// is the same throughout: arguments are valid for the call (paths are
// NUL-terminated strings of a scratch directory, buffers are live locals),
// and every descriptor, stream and mapping made is released in the same
// test.

struct Fixture {
  ScratchDir dir;
  std::string file = dir.file("f", 8192);
  std::string directory = dir.directory("d");
};

// What one row does: make its call (and release what it made) under a
// session, returning the symbols it expects in the trace, in order.
struct Row {
  const char* name;
  std::function<std::vector<Symbol>(Fixture&)> run;
};

int open_file(const Fixture& f) {
  return ::open(f.file.c_str(), O_RDONLY | O_CLOEXEC);
}

// A connected pair on an abstract unix socket, to have something to accept.
int listener(int& client) {
  const int server = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string name = "ffikit-every-call-" + std::to_string(::getpid());
  std::memcpy(address.sun_path + 1, name.data(), name.size());
  const auto length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  auto* raw = reinterpret_cast<sockaddr*>(&address);
  EXPECT_EQ(::bind(server, raw, length), 0);
  EXPECT_EQ(::listen(server, 1), 0);
  client = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  EXPECT_EQ(::connect(client, raw, length), 0);
  return server;
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      {"open",
       [](Fixture& f) {
         ::close(open_file(f));
         return std::vector{Symbol::open, Symbol::close};
       }},
      {"open with O_CREAT",
       [](Fixture& f) {
         ::close(::open(f.dir.path("new").c_str(),
                        O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
         return std::vector{Symbol::open, Symbol::close};
       }},
      {"open64",
       [](Fixture& f) {
         ::close(::open64(f.file.c_str(), O_RDONLY | O_CLOEXEC));
         return std::vector{Symbol::open64, Symbol::close};
       }},
      {"openat",
       [](Fixture& f) {
         ::close(::openat(AT_FDCWD, f.file.c_str(), O_RDONLY | O_CLOEXEC));
         return std::vector{Symbol::openat, Symbol::close};
       }},
      {"openat64 with O_CREAT",
       [](Fixture& f) {
         ::close(::openat64(AT_FDCWD, f.dir.path("new64").c_str(),
                            O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
         return std::vector{Symbol::openat64, Symbol::close};
       }},
      {"__open_2",
       [](Fixture& f) {
         ::close(::__open_2(f.file.c_str(), O_RDONLY | O_CLOEXEC));
         return std::vector{Symbol::__open_2, Symbol::close};
       }},
      {"__open64_2",
       [](Fixture& f) {
         ::close(::__open64_2(f.file.c_str(), O_RDONLY | O_CLOEXEC));
         return std::vector{Symbol::__open64_2, Symbol::close};
       }},
      {"__openat_2",
       [](Fixture& f) {
         ::close(::__openat_2(AT_FDCWD, f.file.c_str(), O_RDONLY | O_CLOEXEC));
         return std::vector{Symbol::__openat_2, Symbol::close};
       }},
      {"__openat64_2",
       [](Fixture& f) {
         ::close(
             ::__openat64_2(AT_FDCWD, f.file.c_str(), O_RDONLY | O_CLOEXEC));
         return std::vector{Symbol::__openat64_2, Symbol::close};
       }},
      {"creat",
       [](Fixture& f) {
         ::close(::creat(f.dir.path("c").c_str(), 0600));
         return std::vector{Symbol::creat, Symbol::close};
       }},
      {"creat64",
       [](Fixture& f) {
         ::close(::creat64(f.dir.path("c64").c_str(), 0600));
         return std::vector{Symbol::creat64, Symbol::close};
       }},
      {"fstat and fstat64",
       [](Fixture& f) {
         const int fd = open_file(f);
         struct stat status {};
         struct stat64 status64 {};
         ::fstat(fd, &status);
         ::fstat64(fd, &status64);
         ::close(fd);
         return std::vector{Symbol::open, Symbol::fstat, Symbol::fstat64,
                            Symbol::close};
       }},
      {"dup, dup2, dup3",
       [](Fixture& f) {
         const int fd = open_file(f);
         const int a = ::dup(fd);
         const int b = ::dup2(fd, a + 10);
         const int c = ::dup3(fd, b + 1, O_CLOEXEC);
         for (const int each : {c, b, a, fd}) {
           ::close(each);
         }
         return std::vector{Symbol::open,  Symbol::dup,   Symbol::dup2,
                            Symbol::dup3,  Symbol::close, Symbol::close,
                            Symbol::close, Symbol::close};
       }},
      {"fcntl and fcntl64 duplicate; other commands pass unwatched",
       [](Fixture& f) {
         const int fd = open_file(f);
         const int a = ::fcntl(fd, F_DUPFD_CLOEXEC, 20);
         const int b = ::fcntl64(fd, F_DUPFD, 30);
         static_cast<void>(::fcntl(fd, F_GETFD));
         ::close(b);
         ::close(a);
         ::close(fd);
         return std::vector{Symbol::open,  Symbol::fcntl, Symbol::fcntl64,
                            Symbol::close, Symbol::close, Symbol::close};
       }},
      {"pipe and pipe2",
       [](Fixture&) {
         std::array<int, 2> a{-1, -1};
         std::array<int, 2> b{-1, -1};
         ::pipe(a.data());
         ::pipe2(b.data(), O_CLOEXEC);
         for (const int each : {a[0], a[1], b[0], b[1]}) {
           ::close(each);
         }
         return std::vector{Symbol::pipe,  Symbol::pipe2, Symbol::close,
                            Symbol::close, Symbol::close, Symbol::close};
       }},
      {"socket, socketpair, accept, accept4",
       [](Fixture&) {
         std::array<int, 2> pair{-1, -1};
         ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair.data());
         int client = -1;
         const int server = listener(client);
         const int accepted = ::accept(server, nullptr, nullptr);
         int client2 = -1;
         ::close(client);
         ::close(server);
         const int server2 = listener(client2);
         const int accepted2 =
             ::accept4(server2, nullptr, nullptr, SOCK_CLOEXEC);
         for (const int each :
              {pair[0], pair[1], accepted, client2, server2, accepted2}) {
           ::close(each);
         }
         return std::vector{Symbol::socketpair, Symbol::socket, Symbol::socket,
                            Symbol::accept,     Symbol::close,  Symbol::close,
                            Symbol::socket,     Symbol::socket, Symbol::accept4,
                            Symbol::close,      Symbol::close,  Symbol::close,
                            Symbol::close,      Symbol::close,  Symbol::close};
       }},
      {"eventfd, memfd_create, timerfd_create",
       [](Fixture&) {
         const int e = ::eventfd(0, EFD_CLOEXEC);
         const int m = ::memfd_create("every-call", MFD_CLOEXEC);
         const int t = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
         for (const int each : {t, m, e}) {
           ::close(each);
         }
         return std::vector{Symbol::eventfd,        Symbol::memfd_create,
                            Symbol::timerfd_create, Symbol::close,
                            Symbol::close,          Symbol::close};
       }},
      {"signalfd makes, then changes, a descriptor",
       [](Fixture&) {
         sigset_t mask;
         sigemptyset(&mask);
         sigaddset(&mask, SIGUSR2);
         const int s = ::signalfd(-1, &mask, SFD_CLOEXEC);
         if (s >= 0) {
           ::signalfd(s, &mask, 0);
         }
         ::close(s);
         return std::vector{Symbol::signalfd, Symbol::signalfd, Symbol::close};
       }},
      {"epoll_create, epoll_create1, inotify_init, inotify_init1",
       [](Fixture&) {
         const int a = ::epoll_create(1);
         const int b = ::epoll_create1(EPOLL_CLOEXEC);
         const int c = ::inotify_init();
         const int d = ::inotify_init1(IN_CLOEXEC);
         for (const int each : {d, c, b, a}) {
           ::close(each);
         }
         return std::vector{Symbol::epoll_create, Symbol::epoll_create1,
                            Symbol::inotify_init, Symbol::inotify_init1,
                            Symbol::close,        Symbol::close,
                            Symbol::close,        Symbol::close};
       }},
      {"close_range and closefrom",
       [](Fixture& f) {
         const int first = open_file(f);
         const int a = ::fcntl(first, F_DUPFD_CLOEXEC, 900);
         ::close(first);
         const int second = open_file(f);
         const int b = ::fcntl(second, F_DUPFD_CLOEXEC, 950);
         ::close(second);
         ::close_range(static_cast<unsigned>(a), static_cast<unsigned>(a), 0);
         ::closefrom(b);
         return std::vector{Symbol::open,        Symbol::fcntl,
                            Symbol::close,       Symbol::open,
                            Symbol::fcntl,       Symbol::close,
                            Symbol::close_range, Symbol::closefrom};
       }},
      {"fopen, fopen64, fdopen, freopen, freopen64, fclose",
       [](Fixture& f) {
         FILE* a = ::fopen(f.file.c_str(), "re");
         FILE* b = ::fopen64(f.file.c_str(), "re");
         const int fd = open_file(f);
         FILE* c = ::fdopen(fd, "r");
         if (c == nullptr) {
           ::close(fd);
         }
         // freopen and fclose take no null stream.
         a = a == nullptr ? nullptr : ::freopen(f.file.c_str(), "re", a);
         b = b == nullptr ? nullptr : ::freopen64(f.file.c_str(), "re", b);
         for (FILE* each : {a, b, c}) {
           if (each != nullptr) {
             ::fclose(each);
           }
         }
         return std::vector{Symbol::fopen,  Symbol::fopen64, Symbol::open,
                            Symbol::fdopen, Symbol::freopen, Symbol::freopen64,
                            Symbol::fclose, Symbol::fclose,  Symbol::fclose};
       }},
      {"opendir, fdopendir, closedir",
       [](Fixture& f) {
         DIR* a = ::opendir(f.directory.c_str());
         const int fd =
             ::open(f.directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
         DIR* b = ::fdopendir(fd);
         if (b == nullptr) {
           ::close(fd);
         }
         // closedir takes no null stream.
         for (DIR* each : {b, a}) {
           if (each != nullptr) {
             ::closedir(each);
           }
         }
         return std::vector{Symbol::opendir, Symbol::open, Symbol::fdopendir,
                            Symbol::closedir, Symbol::closedir};
       }},
      {"mmap, mmap64, mremap, munmap",
       [](Fixture& f) {
         const int fd = open_file(f);
         void* a = ::mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
         void* b = ::mmap64(nullptr, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
         void* c = ::mremap(a, 4096, 8192, MREMAP_MAYMOVE);
         ::munmap(b, 4096);
         ::munmap(c, 8192);
         ::close(fd);
         return std::vector{Symbol::open,   Symbol::mmap,   Symbol::mmap64,
                            Symbol::mremap, Symbol::munmap, Symbol::munmap,
                            Symbol::close};
       }},
  };
  return table;
}

class EveryCall : public ::testing::TestWithParam<std::size_t> {};

TEST_P(EveryCall, IsTracedUnderItsOwnNameWithNoFinding) {
  const Row& row = rows()[GetParam()];
  Fixture fixture;
  Options relaxed;
  relaxed.nesting = Nesting::relaxed;
  Session session(relaxed);
  const std::vector<Symbol> expected = row.run(fixture);
  session.disarm();
  const Report report = session.report();
  std::vector<Symbol> seen;
  std::string trace;
  for (const Event& e : report.trace) {
    seen.push_back(e.symbol);
    trace += format_event(e) + '\n';
    EXPECT_EQ(e.function, function_of(e.symbol)) << format_event(e);
    EXPECT_FALSE(e.failed()) << format_event(e);
  }
  EXPECT_EQ(seen, expected) << row.name << '\n' << trace;
  EXPECT_TRUE(report.violations.empty())
      << row.name << ": " << describe(report.violations.at(0)) << '\n'
      << trace;
  EXPECT_TRUE(report.leaks.empty())
      << row.name << ": " << describe(report.leaks.at(0)) << '\n'
      << trace;
}

INSTANTIATE_TEST_SUITE_P(
    WatchedCalls, EveryCall, ::testing::Range<std::size_t>(0, rows().size()),
    [](const auto& param_info) {
      std::string name;
      for (const char c : std::string(rows()[param_info.param].name)) {
        name += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
      }
      return name;
    });

// The first call of each row, failed with the first errno its man page
// lists: the program sees exactly that failure, the trace says it was
// injected, and whatever the row does next with the failure leaves
// nothing behind.
TEST_P(EveryCall, FirstCallFailsWithThePlannedErrno) {
  const Row& row = rows()[GetParam()];
  Fixture probe;
  const Symbol first = [&] {
    Session session;
    const Symbol s = row.run(probe).front();
    session.disarm();
    session.release_leaks();
    return s;
  }();
  const Function function = function_of(first);
  const int error = documented_errors(function).front();
  Fixture fixture;
  Options options;
  options.nesting = Nesting::relaxed;
  options.strict_ownership = false;
  options.fault = FaultPlan{function, 1, error, false};
  Session session(options);
  static_cast<void>(row.run(fixture));
  session.disarm();
  const Report report = session.report();
  ASSERT_FALSE(report.trace.empty());
  EXPECT_EQ(report.trace[0].symbol, first);
  EXPECT_TRUE(report.trace[0].injected) << format_event(report.trace[0]);
  EXPECT_EQ(report.trace[0].error, error) << format_event(report.trace[0]);
  EXPECT_TRUE(report.fault_fired);
  EXPECT_TRUE(report.leaks.empty())
      << row.name << ": " << describe(report.leaks.at(0));
  session.release_leaks();
}

// fopen's mode reaches the trace as open(2) flags, so that a lint can ask
// whether a stream's descriptor closes on exec.
TEST(EveryCall, FopenModeIsTracedAsOpenFlags) {
  Fixture fixture;
  Session session;
  const std::vector<std::pair<std::string, const char*>> opens = {
      {fixture.file, "r"},
      {fixture.file, "re"},
      {fixture.dir.path("w"), "w+"},
      {fixture.dir.path("a"), "ae"},
      {fixture.dir.path("x"), "wx"}};
  for (const auto& [path, mode] : opens) {
    FILE* stream = ::fopen(path.c_str(), mode);
    ASSERT_NE(stream, nullptr) << mode;
    ::fclose(stream);
  }
  session.disarm();
  std::vector<int> flags;
  for (const Event& e : session.report().trace) {
    if (e.function == Function::fopen) {
      flags.push_back(e.flags);
    }
  }
  EXPECT_EQ(flags, (std::vector<int>{O_RDONLY, O_RDONLY | O_CLOEXEC,
                                     O_RDWR | O_CREAT | O_TRUNC,
                                     O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                                     O_WRONLY | O_CREAT | O_TRUNC | O_EXCL}));
}

TEST(EveryCall, FcloseallReleasesEveryStreamItOwns) {
  Fixture fixture;
  Options relaxed;
  relaxed.strict_ownership = false;
  Session session(relaxed);
  FILE* stream = ::fopen(fixture.file.c_str(), "re");
  ASSERT_NE(stream, nullptr);
  ::fcloseall();
  session.disarm();
  const Report report = session.report();
  EXPECT_EQ(report.trace.back().symbol, Symbol::fcloseall);
  EXPECT_TRUE(report.leaks.empty());
  // glibc's fcloseall flushes every stream and closes none: the stream is
  // released for real, unwatched, so that the test leaves nothing open.
  ::fclose(stream);
}

TEST(EveryCall, EveryRowWatchedInProcessIsCalledByTheTable) {
  std::set<Symbol> covered;
  for (const Row& row : rows()) {
    Fixture fixture;
    Session session;
    for (const Symbol s : row.run(fixture)) {
      covered.insert(s);
    }
    session.disarm();
    session.release_leaks();
  }
  for (const SymbolInfo& info : symbol_table) {
    const auto symbol = static_cast<Symbol>(&info - symbol_table.data());
    if (info.ways == Ways::both && symbol != Symbol::fcloseall) {  // above
      EXPECT_EQ(covered.count(symbol), 1U) << info.name;
    }
  }
}

}  // namespace
}  // namespace ffikit::check
