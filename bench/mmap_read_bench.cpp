// mmap or read? One whole-file cycle (open, fstat, get the bytes, scan,
// release, close) on page-cached files from 1 KiB to 1 GiB, four ways:
//   read          read(2) of the whole file into a buffer reused by every
//                 cycle (allocated once, outside the timing)
//   mmap          mmap(2), as the stages map a file
//   mmap_seq      mmap(2), then madvise(MADV_SEQUENTIAL)
//   mmap_populate mmap(2) with MAP_POPULATE (page tables filled at once)
// The size where mapping starts to win is the small-file threshold below
// which a wrapper should read instead of map.
//
// Benchmarks: whole_file/WAY/SIZE; bytes_per_second and the real time per
// cycle are in the JSON output.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ffikit/bench/files.hpp"
#include "ffikit/bench/runner.hpp"

namespace {

using ffikit::bench::die;
using ffikit::bench::gib;
using ffikit::bench::kib;

enum class Way : unsigned char { read, mmap, mmap_seq, mmap_populate };

const char* way_name(Way way) {
  switch (way) {
    case Way::read:
      return "read";
    case Way::mmap:
      return "mmap";
    case Way::mmap_seq:
      return "mmap_seq";
    case Way::mmap_populate:
      return "mmap_populate";
  }
  return "unknown";
}

std::size_t file_size(int fd, const std::string& path) {
  struct stat status {};
  // SAFETY: fd is open; status is a live struct stat for the kernel to fill.
  if (::fstat(fd, &status) != 0) {
    die("fstat", path, errno);
  }
  return static_cast<std::size_t>(status.st_size);
}

std::uint64_t read_cycle(const std::string& path,
                         std::vector<std::byte>& buffer) {
  // SAFETY: path is NUL-terminated.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    die("open", path, errno);
  }
  const std::size_t size = file_size(fd, path);
  std::size_t got = 0;
  while (got < size) {
    // SAFETY: buffer holds size bytes (sized by the caller), and got < size.
    const ssize_t n = ::read(fd, buffer.data() + got, size - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      die("read", path, n < 0 ? errno : EIO);
    }
    got += static_cast<std::size_t>(n);
  }
  const std::uint64_t sum = ffikit::bench::scan(buffer.data(), size);
  // SAFETY: fd was opened above and is closed once.
  if (::close(fd) != 0) {
    die("close", path, errno);
  }
  return sum;
}

std::uint64_t map_cycle(const std::string& path, Way way) {
  // SAFETY: path is NUL-terminated.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    die("open", path, errno);
  }
  const std::size_t size = file_size(fd, path);
  const int flags = MAP_SHARED | (way == Way::mmap_populate ? MAP_POPULATE : 0);
  // SAFETY: a new read-only mapping of size (> 0) bytes of an open file.
  void* address = ::mmap(nullptr, size, PROT_READ, flags, fd, 0);
  if (address == MAP_FAILED) {
    die("mmap", path, errno);
  }
  // SAFETY: address and size are exactly what mmap returned and was given.
  if (way == Way::mmap_seq && ::madvise(address, size, MADV_SEQUENTIAL) != 0) {
    die("madvise", path, errno);
  }
  const std::uint64_t sum =
      ffikit::bench::scan(static_cast<const std::byte*>(address), size);
  // SAFETY: unmaps exactly the mapping made above, once.
  if (::munmap(address, size) != 0) {
    die("munmap", path, errno);
  }
  // SAFETY: fd was opened above and is closed once.
  if (::close(fd) != 0) {
    die("close", path, errno);
  }
  return sum;
}

void whole_file(benchmark::State& state, Way way, std::size_t size) {
  const std::string path = ffikit::bench::page_cached_file(size);
  std::vector<std::byte> buffer(way == Way::read ? size : 0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(way == Way::read ? read_cycle(path, buffer)
                                              : map_cycle(path, way));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
  state.SetLabel(ffikit::bench::size_name(size));
}

}  // namespace

int main(int argc, char** argv) {
  for (const std::size_t size : ffikit::bench::powers_of_two(kib, gib)) {
    for (const Way way :
         {Way::read, Way::mmap, Way::mmap_seq, Way::mmap_populate}) {
      const std::string name = std::string("whole_file/") + way_name(way) +
                               "/" + std::to_string(size);
      benchmark::RegisterBenchmark(name.c_str(), whole_file, way, size)
          ->UseRealTime();
    }
  }
  return ffikit::bench::run_registered_benchmarks(argc, argv);
}
