// How trace entries read: every flag table, every kind of fstat result,
// failures with and without a known errno name, openat's directory, and the
// indentation rule for mappings that hold nothing.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>

#include <gtest/gtest.h>

#include "ffikit/check/event.hpp"
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
  Event e = call(static_cast<Function>(200), "read");
  e.fd = 3;
  e.result = 12;
  EXPECT_EQ(format_event(e), "read() = 12");
}

TEST(FormatEvent, NoteIsItsText) {
  Event e;
  e.kind = Event::Kind::note;
  e.path = "callback(12 bytes)";
  EXPECT_EQ(format_event(e), "callback(12 bytes)");
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
