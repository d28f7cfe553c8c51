// How trace entries read: every flag table, every kind of fstat result,
// failures with and without a known errno name, openat's directory, and the
// indentation rule for mappings that hold nothing.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "ffikit/check/event.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/trace_format.hpp"

namespace ffikit::check {
namespace {

Event call(Function function, const char* symbol) {
  Event e;
  e.function = function;
  e.symbol = symbol_from_name(symbol).value();
  return e;
}

Event fstat_of(unsigned mode, std::int64_t size) {
  Event e = call(Function::fstat, "fstat");
  e.fd = 3;
  e.file_mode = mode;
  e.file_size = size;
  return e;
}

TEST(FormatOpenFlags, NoFlagsIsReadOnly) {
  EXPECT_EQ(format_open_flags(0), "O_RDONLY");
}

TEST(FormatOpenFlags, WriteAccessDropsReadOnly) {
  EXPECT_EQ(format_open_flags(O_WRONLY | O_CREAT | O_TRUNC),
            "O_WRONLY|O_CREAT|O_TRUNC");
  EXPECT_EQ(format_open_flags(O_RDWR | O_APPEND | O_EXCL),
            "O_RDWR|O_EXCL|O_APPEND");
}

TEST(FormatOpenFlags, EveryNamedFlagInTableOrder) {
  EXPECT_EQ(format_open_flags(O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW |
                              O_DIRECTORY | O_NONBLOCK),
            "O_RDONLY|O_NONBLOCK|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC|O_NOCTTY");
}

TEST(FormatOpenFlags, UnnamedBitsFollowAsHex) {
  // O_PATH is not in the table: it is printed as the number it is.
  EXPECT_EQ(format_open_flags(O_RDONLY | O_PATH | O_CLOEXEC),
            "O_RDONLY|O_CLOEXEC|0x200000");
  EXPECT_EQ(format_open_flags(O_WRONLY | O_SYNC), "O_WRONLY|0x101000");
}

TEST(FormatProt, ZeroIsProtNone) {
  EXPECT_EQ(format_prot(PROT_NONE), "PROT_NONE");
}

TEST(FormatProt, NamedBitsJoined) {
  EXPECT_EQ(format_prot(PROT_READ | PROT_WRITE | PROT_EXEC),
            "PROT_READ|PROT_WRITE|PROT_EXEC");
}

TEST(FormatProt, UnnamedBitFollowsAsHex) {
  EXPECT_EQ(format_prot(PROT_READ | PROT_GROWSDOWN), "PROT_READ|0x1000000");
}

TEST(FormatMapFlags, ZeroIsZero) { EXPECT_EQ(format_map_flags(0), "0"); }

TEST(FormatMapFlags, EveryNamedFlag) {
  EXPECT_EQ(format_map_flags(MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                             MAP_POPULATE | MAP_FIXED),
            "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS|MAP_NORESERVE|MAP_POPULATE");
}

TEST(FormatMapFlags, OnlyUnnamedBitsIsBareHex) {
  EXPECT_EQ(format_map_flags(MAP_STACK), "0x20000");
  EXPECT_EQ(format_map_flags(MAP_SHARED | MAP_STACK), "MAP_SHARED|0x20000");
}

TEST(FormatEvent, OpenatShowsItsDirectoryDescriptor) {
  Event e = call(Function::open, "openat");
  e.dirfd = 7;
  e.path = "data";
  e.flags = O_RDONLY | O_CLOEXEC;
  e.result = 4;
  EXPECT_EQ(format_event(e), "openat(7, \"data\", O_RDONLY|O_CLOEXEC) = 4");
  e.dirfd = AT_FDCWD;
  EXPECT_EQ(format_event(e),
            "openat(AT_FDCWD, \"data\", O_RDONLY|O_CLOEXEC) = 4");
}

TEST(FormatEvent, OpenWithCreateShowsOctalMode) {
  Event e = call(Function::open, "open64");
  e.path = "/tmp/new";
  e.flags = O_WRONLY | O_CREAT | O_EXCL;
  e.mode = 0640;
  e.result = 5;
  EXPECT_EQ(format_event(e),
            "open64(\"/tmp/new\", O_WRONLY|O_CREAT|O_EXCL, 0640) = 5");
}

TEST(FormatEvent, FstatNamesEveryFileType) {
  EXPECT_EQ(format_event(fstat_of(S_IFREG | 0644, 12)),
            "fstat(3) = 0 {size 12, regular file}");
  EXPECT_EQ(format_event(fstat_of(S_IFDIR | 0755, 4096)),
            "fstat(3) = 0 {size 4096, directory}");
  EXPECT_EQ(format_event(fstat_of(S_IFIFO | 0600, 0)),
            "fstat(3) = 0 {size 0, fifo}");
  EXPECT_EQ(format_event(fstat_of(S_IFCHR | 0666, 0)),
            "fstat(3) = 0 {size 0, character device}");
  EXPECT_EQ(format_event(fstat_of(S_IFSOCK | 0777, 0)),
            "fstat(3) = 0 {size 0, other}");
  EXPECT_EQ(format_event(fstat_of(S_IFBLK | 0660, 0)),
            "fstat(3) = 0 {size 0, other}");
}

TEST(FormatEvent, RealFailureHasNoInjectedMark) {
  Event e = call(Function::open, "open");
  e.path = "/missing";
  e.result = -1;
  e.error = ENOENT;
  EXPECT_EQ(format_event(e), "open(\"/missing\", O_RDONLY) = -1 ENOENT");
}

TEST(FormatEvent, UnknownErrnoIsPrintedAsNumber) {
  Event e = call(Function::fstat, "fstat64");
  e.fd = 9;
  e.result = -1;
  e.error = 4095;
  EXPECT_EQ(format_event(e), "fstat64(9) = -1 4095");
  e.injected = true;
  EXPECT_EQ(format_event(e), "fstat64(9) = -1 4095 (injected)");
}

TEST(FormatEvent, MmapAddressesShownOrHidden) {
  Event e = call(Function::mmap, "mmap64");
  e.address = 0x7f00a000;
  e.length = 8192;
  e.prot = PROT_READ;
  e.map_flags = MAP_PRIVATE | MAP_FIXED;
  e.fd = 3;
  e.offset = 4096;
  e.result = 0x7f00a000;
  EXPECT_EQ(format_event(e),
            "mmap64(0x7f00a000, 8192, PROT_READ, MAP_PRIVATE|MAP_FIXED, 3, "
            "4096) = 0x7f00a000");
  EXPECT_EQ(format_event(e, false),
            "mmap64(ADDR, 8192, PROT_READ, MAP_PRIVATE|MAP_FIXED, 3, 4096) = "
            "ADDR");
}

TEST(FormatEvent, FailedMmapShowsErrnoNotAddress) {
  Event e = call(Function::mmap, "mmap");
  e.length = 12;
  e.prot = PROT_READ;
  e.map_flags = MAP_SHARED;
  e.fd = 3;
  e.result = -1;
  e.error = ENOMEM;
  e.injected = true;
  EXPECT_EQ(format_event(e),
            "mmap(NULL, 12, PROT_READ, MAP_SHARED, 3, 0) = -1 ENOMEM "
            "(injected)");
}

TEST(FormatEvent, QuarantinedMunmapSaysSo) {
  Event e = call(Function::munmap, "munmap");
  e.address = 0x1000;
  e.length = 4096;
  e.quarantined = true;
  EXPECT_EQ(format_event(e),
            "munmap(0x1000, 4096) = 0 (quarantined: left PROT_NONE)");
}

TEST(FormatEvent, UnknownFunctionPrintsNoArguments) {
  Event e = call(static_cast<Function>(200), "close");
  e.fd = 3;
  e.result = 12;
  EXPECT_EQ(format_event(e), "close() = 12");
}

TEST(FormatEvent, InjectedFailureShowsErrnoName) {
  Event e = call(Function::close, "close");
  e.fd = 4;
  e.result = -1;
  e.error = EINTR;
  e.injected = true;
  EXPECT_EQ(format_event(e), "close(4) = -1 EINTR (injected)");
}

// One event of every watched operation, as the interposers fill it, and
// the line it reads as (addresses hidden).
struct Line {
  Event event;
  std::string text;
};

std::vector<Line> every_operation() {
  std::vector<Line> lines;
  const auto add = [&](Event e, std::string text) {
    lines.push_back({e, std::move(text)});
  };
  Event e = call(Function::open, "creat");
  e.path = "/new";
  e.flags = O_CREAT | O_WRONLY | O_TRUNC;
  e.mode = 0644;
  e.result = 3;
  add(e, "creat(\"/new\", 0644) = 3");
  e = call(Function::open, "__openat_2");
  e.dirfd = 5;
  e.path = "rel";
  e.flags = O_RDONLY;
  e.result = 4;
  add(e, "__openat_2(5, \"rel\", O_RDONLY) = 4");
  e = call(Function::dup, "dup");
  e.fd = 3;
  e.result = 5;
  add(e, "dup(3) = 5");
  e = call(Function::dup, "dup2");
  e.fd = 3;
  e.fd2 = 9;
  e.result = 9;
  add(e, "dup2(3, 9) = 9");
  e = call(Function::dup, "dup3");
  e.fd = 3;
  e.fd2 = 9;
  e.flags = O_CLOEXEC;
  e.result = 9;
  add(e, "dup3(3, 9, O_RDONLY|O_CLOEXEC) = 9");
  e = call(Function::fcntl, "fcntl");
  e.fd = 3;
  e.flags = F_DUPFD;
  e.fd2 = 10;
  e.result = 10;
  add(e, "fcntl(3, F_DUPFD, 10) = 10");
  e.flags = F_DUPFD_CLOEXEC;
  add(e, "fcntl(3, F_DUPFD_CLOEXEC, 10) = 10");
  e = call(Function::pipe, "pipe2");
  e.fd = 6;
  e.fd2 = 7;
  add(e, "pipe2([6, 7]) = 0");
  e = call(Function::socketpair, "socketpair");
  e.result = -1;
  e.error = EMFILE;
  add(e, "socketpair([?, ?]) = -1 EMFILE");
  e = call(Function::socket, "socket");
  e.mode = 2;
  e.flags = 1;
  e.result = 8;
  add(e, "socket(domain 2, type 1) = 8");
  e = call(Function::accept, "accept4");
  e.fd = 8;
  e.result = 11;
  add(e, "accept4(8) = 11");
  e = call(Function::memfd_create, "memfd_create");
  e.path = "buf";
  e.flags = 1;
  e.result = 12;
  add(e, "memfd_create(\"buf\", 1) = 12");
  e = call(Function::signalfd, "signalfd");
  e.fd = -1;
  e.flags = 0;
  e.result = 13;
  add(e, "signalfd(-1, 0) = 13");
  for (const char* symbol :
       {"eventfd", "timerfd_create", "epoll_create1", "inotify_init1"}) {
    e = call(*function_from_name(symbol), symbol);
    e.flags = 2048;
    e.result = 14;
    add(e, std::string(symbol) + "(2048) = 14");
  }
  e = call(Function::close_range, "close_range");
  e.fd = 3;
  e.fd2 = -1;  // ~0U
  e.flags = 4;
  add(e, "close_range(3, 4294967295, 4) = 0");
  e = call(Function::close_range, "closefrom");
  e.fd = 3;
  add(e, "closefrom(3)");
  e = call(Function::fopen, "fopen64");
  e.path = "/s";
  e.stream = 0x5550000;
  e.result = 3;
  add(e, "fopen64(\"/s\") = fd 3 (FILE* ADDR)");
  e = call(Function::fopen, "freopen");
  e.path = "/t";
  e.stream = 0x5550000;
  e.fd = 3;
  e.result = 3;
  add(e, "freopen(\"/t\", FILE* ADDR) = fd 3 (FILE* ADDR)");
  e = call(Function::fdopen, "fdopen");
  e.fd = 4;
  e.stream = 0x5550100;
  e.result = 4;
  add(e, "fdopen(4) = fd 4 (FILE* ADDR)");
  e = call(Function::fclose, "fclose");
  e.stream = 0x5550100;
  e.fd = 4;
  add(e, "fclose(FILE* ADDR: fd 4) = 0");
  e = call(Function::fclose, "fcloseall");
  add(e, "fcloseall() = 0");
  e = call(Function::opendir, "opendir");
  e.path = "/d";
  e.stream = 0x5550200;
  e.result = 5;
  add(e, "opendir(\"/d\") = fd 5 (DIR* ADDR)");
  e = call(Function::fdopendir, "fdopendir");
  e.fd = 6;
  e.stream = 0x5550300;
  e.result = 6;
  add(e, "fdopendir(6) = fd 6 (DIR* ADDR)");
  e = call(Function::closedir, "closedir");
  e.stream = 0x5550300;
  e.fd = 6;
  add(e, "closedir(DIR* ADDR: fd 6) = 0");
  e = call(Function::mremap, "mremap");
  e.address = 0x10000;
  e.length = 4096;
  e.new_length = 8192;
  e.map_flags = 1;
  e.result = 0x20000;
  add(e, "mremap(ADDR, 4096, 8192, 1) = ADDR");
  e = call(Function::exec, "execve");
  e.path = "/bin/true";
  add(e, "execve(\"/bin/true\") = 0");
  e = call(Function::exec, "fexecve");
  e.fd = 7;
  e.result = -1;
  e.error = ENOEXEC;
  add(e, "fexecve(7) = -1 ENOEXEC");
  e = call(Function::exit, "_exit");
  e.flags = 3;
  add(e, "_exit(3)");
  e = call(Function::fork, "vfork");
  e.result = 4242;
  add(e, "vfork() = 4242");
  return lines;
}

TEST(FormatEvent, EveryOperationReadsAsItsCall) {
  for (const Line& line : every_operation()) {
    EXPECT_EQ(format_event(line.event, false), line.text);
  }
}

TEST(FormatEvent, NotePathsAndArgumentsAreEscaped) {
  Event note;
  note.kind = Event::Kind::note;
  note.path = std::string_view("line\nbreak\x01", 12);
  EXPECT_EQ(format_event(note), "line\\nbreak\\x01\\x00");  // NUL included
  Event e = call(Function::open, "open");
  e.path = std::string(300, 'a');
  e.result = 3;
  EXPECT_EQ(format_event(e), "open(\"" + std::string(Text::capacity, 'a') +
                                 "...(300 bytes)\", O_RDONLY) = 3");
}

TEST(FormatEvent, NoteIsItsText) {
  Event e;
  e.kind = Event::Kind::note;
  e.path = "callback(12 bytes)";
  EXPECT_EQ(format_event(e), "callback(12 bytes)");
}

TEST(FormatTrace, NestsAcquisitionsAndReleases) {
  std::vector<Event> events(6);
  events[0] = call(Function::open, "open");
  events[0].path = "/f";
  events[0].flags = O_RDONLY | O_CLOEXEC;
  events[0].result = 3;
  events[1] = fstat_of(S_IFREG | 0644, 5);
  events[2] = call(Function::mmap, "mmap");
  events[2].length = 5;
  events[2].prot = PROT_READ;
  events[2].map_flags = MAP_SHARED;
  events[2].fd = 3;
  events[2].result = 0x10000;
  events[3].kind = Event::Kind::note;
  events[3].path = "callback";
  events[4] = call(Function::munmap, "munmap");
  events[4].address = 0x10000;
  events[4].length = 5;
  events[5] = call(Function::close, "close");
  events[5].fd = 3;
  EXPECT_EQ(format_trace(events, false),
            "open(\"/f\", O_RDONLY|O_CLOEXEC) = 3\n"
            "  fstat(3) = 0 {size 5, regular file}\n"
            "  mmap(NULL, 5, PROT_READ, MAP_SHARED, 3, 0) = ADDR\n"
            "    callback\n"
            "  munmap(ADDR, 5) = 0\n"
            "close(3) = 0\n");
}

TEST(FormatTrace, PairsAndCopiesDeepenAndStreamsShareTheirDescriptor) {
  std::vector<Event> events(5);
  events[0] = call(Function::pipe, "pipe");
  events[0].fd = 3;
  events[0].fd2 = 4;
  events[1] = call(Function::fdopen, "fdopen");
  events[1].fd = 3;
  events[1].stream = 0x5550000;
  events[1].result = 3;
  events[2] = call(Function::dup, "dup2");
  events[2].fd = 4;
  events[2].fd2 = 9;
  events[2].result = 9;
  events[3] = call(Function::fclose, "fclose");
  events[3].stream = 0x5550000;
  events[3].fd = 3;
  events[4] = call(Function::close, "close");
  events[4].fd = 4;
  EXPECT_EQ(format_trace(events, false),
            "pipe([3, 4]) = 0\n"
            "    fdopen(3) = fd 3 (FILE* ADDR)\n"
            "    dup2(4, 9) = 9\n"
            "  fclose(FILE* ADDR: fd 3) = 0\n"
            "close(4) = 0\n");
}

TEST(FormatTrace, EveryDescriptorFromNothingDeepens) {
  std::vector<Event> events(6);
  events[0] = call(Function::socket, "socket");
  events[0].result = 3;
  events[1] = call(Function::accept, "accept");
  events[1].fd = 3;
  events[1].result = 4;
  events[2] = call(Function::signalfd, "signalfd");
  events[2].fd = -1;
  events[2].result = 5;
  events[3] = call(Function::signalfd, "signalfd");  // changes 5, makes none
  events[3].fd = 5;
  events[3].result = 5;
  events[4] = call(Function::fopen, "fopen");
  events[4].path = "/s";
  events[4].stream = 0x5550000;
  events[4].result = 6;
  events[5] = call(Function::fopen, "freopen");  // the same stream again
  events[5].path = "/t";
  events[5].stream = 0x5550000;
  events[5].result = 6;
  EXPECT_EQ(format_trace(events, false),
            "socket(domain 0, type 0) = 3\n"
            "  accept(3) = 4\n"
            "    signalfd(-1, 0) = 5\n"
            "      signalfd(5, 0) = 5\n"
            "      fopen(\"/s\") = fd 6 (FILE* ADDR)\n"
            "        freopen(\"/t\", FILE* ADDR) = fd 6 (FILE* ADDR)\n");
}

TEST(FormatTrace, RefusedReleasesReleaseNothing) {
  std::vector<Event> events(5);
  events[0] = call(Function::open, "open");
  events[0].path = "/a";
  events[0].result = 3;
  events[1] = call(Function::open, "open");
  events[1].path = "/b";
  events[1].result = 4;
  events[2] = call(Function::close, "close");
  events[2].fd = 3;
  events[3] = call(Function::close, "close");  // the kernel refuses: EBADF
  events[3].fd = 3;
  events[3].result = -1;
  events[3].error = EBADF;
  events[4] = call(Function::close, "close");
  events[4].fd = 4;
  events.push_back(call(Function::munmap, "munmap"));  // EINVAL: still held
  events.back().address = 0x10001;
  events.back().length = 4096;
  events.back().result = -1;
  events.back().error = EINVAL;
  events.insert(events.begin() + 1, call(Function::mmap, "mmap"));
  events[1].length = 4096;
  events[1].prot = PROT_READ;
  events[1].map_flags = MAP_SHARED;
  events[1].fd = 3;
  events[1].result = 0x10000;
  EXPECT_EQ(format_trace(events, false),
            "open(\"/a\", O_RDONLY) = 3\n"
            "  mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3, 0) = ADDR\n"
            "    open(\"/b\", O_RDONLY) = 4\n"
            "    close(3) = 0\n"
            "    close(3) = -1 EBADF\n"
            "  close(4) = 0\n"
            "  munmap(ADDR, 4096) = -1 EINVAL\n");
}

TEST(FormatTrace, AnonymousMappingAndFailedOpenHoldNothing) {
  std::array<Event, 5> events{};
  events[0] = call(Function::open, "open");
  events[0].path = "/missing";
  events[0].result = -1;
  events[0].error = ENOENT;
  events[1] = call(Function::mmap, "mmap");
  events[1].length = 4096;
  events[1].prot = PROT_READ | PROT_WRITE;
  events[1].map_flags = MAP_PRIVATE | MAP_ANONYMOUS;
  events[1].result = 0x2000;
  events[2] = call(Function::open, "open");
  events[2].path = "/f";
  events[2].result = 3;
  events[3] = call(Function::close, "close");
  events[3].fd = 3;
  // A release with nothing held does not indent below the margin.
  events[4] = call(Function::munmap, "munmap");
  events[4].address = 0x2000;
  events[4].length = 4096;
  EXPECT_EQ(format_trace(events, false),
            "open(\"/missing\", O_RDONLY) = -1 ENOENT\n"
            "mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, "
            "-1, 0) = ADDR\n"
            "open(\"/f\", O_RDONLY) = 3\n"
            "close(3) = 0\n"
            "munmap(ADDR, 4096) = 0\n");
}

}  // namespace
}  // namespace ffikit::check
