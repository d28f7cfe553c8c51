/// @file
/// Fuzz target "contents": the input's bytes become a file, and each
/// consumer must see exactly the bytes read(2) returns for it:
/// - stage 3's with_mmap_file_contents and stage 4's
///   try_with_mmap_file_contents must hand them to the callback;
/// - ffikit-cat's core (cat::copy_operand) must write them, in order, once.
///
/// The file is a memfd reopened by path through /proc/self/fd, so a run
/// touches no disk and leaves nothing behind. The target also checks that
/// every descriptor a consumer opened is closed again.
///
/// One open-map-unmap-close cycle costs about 30 microseconds here, so each
/// input goes to one consumer, picked by its first byte (inputs of 0 or 1
/// byte go to all three): the choice depends on the input alone, so a crash
/// reproduces, and libFuzzer's coverage feedback steers inputs to every
/// consumer. The first byte's top bit also decides how stages 3 and 4 get
/// the bytes: set, every file with a size is mapped (Options::read_below
/// 0); clear, the default, which reads files under the small-file
/// threshold. cat maps or reads by its own threshold, which max_len lets
/// inputs cross.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <span>
#include <string>
#include <vector>

#include "ffikit/cat/cat.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"
#include "fuzz_support.hpp"

namespace {

constexpr std::string_view target = "contents";

/// The one file every run rewrites.
struct MemoryFile {
  int fd = -1;
  std::string path;  ///< "/proc/self/fd/N": a real path the stages open.
};

const MemoryFile& memory_file() {
  static const MemoryFile file = [] {
    MemoryFile made;
    // SAFETY: memfd_create takes a NUL-terminated name and flags only; the
    // descriptor lives for the whole process and is closed by exit.
    made.fd = ::memfd_create("ffikit-fuzz-contents", MFD_CLOEXEC);
    ffikit::fuzz::require(made.fd >= 0, target, "memfd_create failed");
    made.path = "/proc/self/fd/" + std::to_string(made.fd);
    return made;
  }();
  // Closed at exit so that valgrind's descriptor check sees nothing open.
  static const bool closed_at_exit = std::atexit([] {
                                       // SAFETY: the memfd is owned by this
                                       // target and closed once, at exit.
                                       ::close(memory_file().fd);
                                     }) == 0;
  ffikit::fuzz::require(closed_at_exit, target, "atexit failed");
  return file;
}

/// Makes the file hold exactly @p bytes. Every byte is overwritten, so only
/// a change of size needs ftruncate; skipping it when the size repeats
/// saves freeing and refaulting pages, the target's largest cost.
void rewrite(int fd, std::span<const std::uint8_t> bytes) {
  static std::size_t current_size = 0;
  if (bytes.size() != current_size) {
    // SAFETY: fd is the memfd owned by memory_file(); the new size drops any
    // stale tail a longer earlier input left.
    ffikit::fuzz::require(
        ::ftruncate(fd, static_cast<off_t>(bytes.size())) == 0, target,
        "ftruncate failed");
    current_size = bytes.size();
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    // SAFETY: the source range is inside bytes; offsets stay inside it.
    const ssize_t wrote = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                                   static_cast<off_t>(done));
    ffikit::fuzz::require(wrote > 0, target, "pwrite failed");
    done += static_cast<std::size_t>(wrote);
  }
}

/// The file's contents as read(2) returns them, independent of any mapping.
std::vector<std::byte> read_back(int fd, std::size_t expected) {
  std::vector<std::byte> bytes(expected + 1);  // one more: detect a long file
  std::size_t done = 0;
  while (done < bytes.size()) {
    // SAFETY: the destination range is inside bytes.
    const ssize_t got = ::pread(fd, bytes.data() + done, bytes.size() - done,
                                static_cast<off_t>(done));
    ffikit::fuzz::require(got >= 0, target, "pread failed");
    done += static_cast<std::size_t>(got);
    if (got == 0 || done < bytes.size()) {
      break;  // a short read of a regular file is its end
    }
  }
  bytes.resize(done);
  return bytes;
}

bool same_bytes(std::span<const std::byte> seen,
                const std::vector<std::byte>& want) {
  return seen.size() == want.size() &&
         std::equal(seen.begin(), seen.end(), want.begin());
}

/// What cat's core wrote during one run: its write(2) is replaced by this
/// capture, so the copy costs no system call and no output descriptor.
std::vector<std::byte>& cat_output() {
  static std::vector<std::byte> written;
  return written;
}

ssize_t capture_write(int /*fd*/, const void* buffer, std::size_t count) {
  const auto* bytes = static_cast<const std::byte*>(buffer);
  cat_output().insert(cat_output().end(), bytes, bytes + count);
  return static_cast<ssize_t>(count);
}

void check_stage3(const std::string& path,
                  const ffikit::stage3::Options& options,
                  const std::vector<std::byte>& truth) {
  const auto matches = [&truth](std::span<const std::byte> seen) {
    return same_bytes(seen, truth);
  };
  try {
    ffikit::fuzz::require(
        ffikit::stage3::with_mmap_file_contents(path, options, matches), target,
        "stage 3 callback saw other bytes than read(2)");
  } catch (const std::exception& error) {
    ffikit::fuzz::broken(target, "stage 3 threw", error.what());
  }
}

void check_stage4(const std::string& path,
                  const ffikit::stage3::Options& options,
                  const std::vector<std::byte>& truth) {
  const auto matches = [&truth](std::span<const std::byte> seen) {
    return same_bytes(seen, truth);
  };
  const auto result =
      ffikit::stage4::try_with_mmap_file_contents(path, options, matches);
  if (!result) {
    ffikit::fuzz::broken(target, "stage 4 failed", result.error().message());
  }
  ffikit::fuzz::require(*result, target,
                        "stage 4 callback saw other bytes than read(2)");
}

void check_cat(const std::string& path, int any_fd,
               const std::vector<std::byte>& truth) {
  cat_output().clear();
  ffikit::cat::Syscalls syscalls;
  syscalls.write = &capture_write;
  const ffikit::cat::Streams streams{any_fd, any_fd, any_fd};
  const auto copied = ffikit::cat::copy_operand(path, streams, syscalls);
  if (!copied) {
    ffikit::fuzz::broken(target, "cat core failed",
                         copied.error().error.message());
  }
  ffikit::fuzz::require(same_bytes(cat_output(), truth), target,
                        "cat core wrote other bytes than read(2)");
  ffikit::fuzz::require(copied->bytes == truth.size(), target,
                        "cat core reported another byte count");
  const ffikit::cat::Route expected_route =
      truth.empty() ? ffikit::cat::Route::read_size_zero
      : truth.size() < ffikit::stage3::small_file_threshold
          ? ffikit::cat::Route::read_small
          : ffikit::cat::Route::mapped;
  ffikit::fuzz::require(copied->route == expected_route, target,
                        "cat core took another route for a regular file");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  static_cast<void>(memory_file());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const MemoryFile& file = memory_file();
  // Probed before and after this run only: between runs libFuzzer may open
  // and close files of its own.
  const int free_before = ffikit::fuzz::lowest_free_descriptor(file.fd, target);
  rewrite(file.fd, {data, size});
  const std::vector<std::byte> truth = read_back(file.fd, size);
  // SAFETY: both ranges hold size bytes (truth's size was checked first).
  ffikit::fuzz::require(
      truth.size() == size &&
          (size == 0 || std::memcmp(truth.data(), data, size) == 0),
      target, "read(2) does not return what was written");

  const unsigned consumer = size <= 1 ? 3U : data[0] % 3U;
  ffikit::stage3::Options options;
  if (size > 0 && data[0] >= 0x80U) {
    options.read_below = 0;
  }
  if (consumer == 0 || consumer == 3) {
    check_stage3(file.path, options, truth);
  }
  if (consumer == 1 || consumer == 3) {
    check_stage4(file.path, options, truth);
  }
  if (consumer == 2 || consumer == 3) {
    check_cat(file.path, file.fd, truth);
  }

  const int free_after = ffikit::fuzz::lowest_free_descriptor(file.fd, target);
  ffikit::fuzz::require(free_after == free_before, target,
                        "a descriptor was left open");
  return 0;
}
