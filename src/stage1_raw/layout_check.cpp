// Compile-time proof that stage 1's hand-written declarations agree with the
// system headers. This file has no run-time content: if it compiles, the
// declarations are right; if glibc or the kernel ABI ever differed, the build
// fails here with a message naming the field or function.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <type_traits>

#include "ffikit/stage1_raw/raw.hpp"

namespace raw = ffikit::stage1;

// Functions. The C-linkage declarations name the same entities as glibc's, so
// a different parameter list or exception specification is already a
// "conflicting declaration" error; these asserts say it in words as well.
// GCC warns that glibc's nonnull attributes are dropped inside the template
// argument, which is irrelevant to a type comparison.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
static_assert(std::is_same_v<decltype(&raw::open), decltype(&::open)>,
              "hand-written open() differs from <fcntl.h>");
static_assert(std::is_same_v<decltype(&raw::close), decltype(&::close)>,
              "hand-written close() differs from <unistd.h>");
static_assert(std::is_same_v<decltype(&raw::mmap), decltype(&::mmap)>,
              "hand-written mmap() differs from <sys/mman.h>");
static_assert(std::is_same_v<decltype(&raw::munmap), decltype(&::munmap)>,
              "hand-written munmap() differs from <sys/mman.h>");
static_assert(
    std::is_same_v<decltype(&::fstat), int (*)(int, struct stat*) noexcept>,
    "<sys/stat.h> fstat() is not the shape stage 1 binds to");
#pragma GCC diagnostic pop
static_assert(std::is_same_v<raw::off_t, ::off_t>,
              "hand-written off_t differs from <sys/types.h>");

// fstat takes the hand-written structure, so compare everything but that.
// (The glibc side is compared above, inside the pragma.)
static_assert(std::is_same_v<decltype(&raw::fstat),
                             int (*)(int, raw::stat_buffer*) noexcept>);

// Constants.
static_assert(raw::prot_none == PROT_NONE, "PROT_NONE");
static_assert(raw::prot_read == PROT_READ, "PROT_READ");
static_assert(raw::prot_write == PROT_WRITE, "PROT_WRITE");
static_assert(raw::prot_exec == PROT_EXEC, "PROT_EXEC");
static_assert(raw::map_shared == MAP_SHARED, "MAP_SHARED");
static_assert(raw::map_private == MAP_PRIVATE, "MAP_PRIVATE");
static_assert(raw::o_rdonly == O_RDONLY, "O_RDONLY");
static_assert(raw::o_nonblock == O_NONBLOCK, "O_NONBLOCK");
static_assert(raw::o_cloexec == O_CLOEXEC, "O_CLOEXEC");
static_assert(raw::s_ifmt == S_IFMT, "S_IFMT");
static_assert(raw::s_ifreg == S_IFREG, "S_IFREG");

// The structure: the post's pain point, checked field by field.
#if defined(__x86_64__) && defined(__linux__)
// A macro because offsetof and the field names must be spelled in source;
// a function or template cannot take a member name.
// NOLINTNEXTLINE(cppcoreguidelines-macro-usage)
#define FFIKIT_SAME_FIELD(hand, system)                                    \
  static_assert(                                                           \
      offsetof(raw::stat_buffer, hand) == offsetof(struct stat, system) && \
          sizeof(raw::stat_buffer::hand) ==                                \
              sizeof(static_cast<struct stat*>(nullptr)->system),          \
      "stat_buffer::" #hand " is not where struct stat keeps " #system)
static_assert(sizeof(raw::stat_buffer) == sizeof(struct stat),
              "stat_buffer and struct stat differ in size");
static_assert(alignof(raw::stat_buffer) == alignof(struct stat));
FFIKIT_SAME_FIELD(st_dev, st_dev);
FFIKIT_SAME_FIELD(st_ino, st_ino);
FFIKIT_SAME_FIELD(st_nlink, st_nlink);
FFIKIT_SAME_FIELD(st_mode, st_mode);
FFIKIT_SAME_FIELD(st_uid, st_uid);
FFIKIT_SAME_FIELD(st_gid, st_gid);
FFIKIT_SAME_FIELD(st_rdev, st_rdev);
FFIKIT_SAME_FIELD(st_size, st_size);
FFIKIT_SAME_FIELD(st_blksize, st_blksize);
FFIKIT_SAME_FIELD(st_blocks, st_blocks);
FFIKIT_SAME_FIELD(st_atime_sec, st_atim.tv_sec);
FFIKIT_SAME_FIELD(st_atime_nsec, st_atim.tv_nsec);
FFIKIT_SAME_FIELD(st_mtime_sec, st_mtim.tv_sec);
FFIKIT_SAME_FIELD(st_mtime_nsec, st_mtim.tv_nsec);
FFIKIT_SAME_FIELD(st_ctime_sec, st_ctim.tv_sec);
FFIKIT_SAME_FIELD(st_ctime_nsec, st_ctim.tv_nsec);
#undef FFIKIT_SAME_FIELD
#else
#error \
    "stage1_raw's stat_buffer is written for x86_64 Linux only, as in the post"
#endif
