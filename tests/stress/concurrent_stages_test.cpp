// Several threads open, size, map, read and release files through stages 2,
// 3 and 4 at the same time. Under TSan this shows the stages share no
// unsynchronised state; under ASan and valgrind it shows that every thread
// releases exactly what it acquired. Iteration counts bound the work.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <latch>
#include <span>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "byte_pattern.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit::stress {
namespace {

constexpr int thread_count = 4;
constexpr int iterations_per_thread = 120;

struct Sample {
  std::string path;
  std::uint64_t expected;
};

// What one thread saw; written by that thread only, read after join.
struct ThreadReport {
  int completed = 0;
  std::vector<std::string> mismatches;
};

std::uint64_t read_with_stage2(const std::string& path, std::string& problem) {
  std::error_code error;
  stage2::FileDescriptor fd = stage2::open_read_only(path, error);
  if (error) {
    problem = "open: " + error.message();
    return 0;
  }
  const struct stat status = stage2::status_of(fd, error);
  if (error) {
    problem = "fstat: " + error.message();
    return 0;
  }
  if (status.st_size == 0) {
    return checksum({});
  }
  stage2::MappedRegion region = stage2::map_read_only(
      fd, static_cast<std::size_t>(status.st_size), error);
  if (error) {
    problem = "mmap: " + error.message();
    return 0;
  }
  const std::uint64_t sum = checksum(region.bytes());
  // Release in nested order and check both results, as stage 3 does.
  if (const std::error_code unmapped = region.unmap()) {
    problem = "munmap: " + unmapped.message();
  }
  if (const std::error_code closed = fd.close()) {
    problem = "close: " + closed.message();
  }
  return sum;
}

std::uint64_t read_with_stage3(const std::string& path) {
  return stage3::with_mmap_file_contents(
      path, [](std::span<const std::byte> bytes) { return checksum(bytes); });
}

tl::expected<std::uint64_t, Error> read_with_stage4(const std::string& path) {
  return stage4::try_with_mmap_file_contents(
      path, [](std::span<const std::byte> bytes) { return checksum(bytes); });
}

// Runs one thread's share: a fixed, thread-dependent walk over the samples
// and the three stages, plus the two failure paths every few iterations.
void run_thread(int id, const std::vector<Sample>& samples,
                const std::string& missing, const std::string& directory,
                std::latch& start, ThreadReport& report) {
  start.arrive_and_wait();
  for (int i = 0; i < iterations_per_thread; ++i) {
    const auto index = static_cast<std::size_t>(i + id) % samples.size();
    const Sample& sample = samples[index];
    const std::string where = "thread " + std::to_string(id) + " iteration " +
                              std::to_string(i) + ": ";
    switch ((i + id) % 5) {
      case 0: {
        std::string problem;
        const std::uint64_t sum = read_with_stage2(sample.path, problem);
        if (!problem.empty() || sum != sample.expected) {
          report.mismatches.push_back(where + "stage2 " + problem);
        }
        break;
      }
      case 1:
        if (read_with_stage3(sample.path) != sample.expected) {
          report.mismatches.push_back(where + "stage3 checksum");
        }
        break;
      case 2: {
        const auto result = read_with_stage4(sample.path);
        if (!result || *result != sample.expected) {
          report.mismatches.push_back(where + "stage4 result");
        }
        break;
      }
      case 3:
        try {
          static_cast<void>(read_with_stage3(missing));
          report.mismatches.push_back(where + "stage3 opened a missing file");
        } catch (const std::system_error& e) {
          if (e.code().value() != ENOENT) {
            report.mismatches.push_back(where + "stage3 wrong errno " +
                                        e.what());
          }
        }
        break;
      default: {
        const auto result = read_with_stage4(directory);
        if (result || result.error().operation() != "check" ||
            result.error().code().value() != EISDIR) {
          report.mismatches.push_back(where + "stage4 mapped a directory");
        }
        break;
      }
    }
    ++report.completed;
  }
}

TEST(ConcurrentStages, ThreadsMapAndReleaseTheSameFilesThroughStages2To4) {
  const test_support::TempDir tree;
  std::vector<Sample> samples;
  // Both sides of the small-file threshold: read and mapped files alike.
  const std::vector<std::size_t> sizes = {
      0, 1, 4095, 4096, 4097, ffikit::stage3::small_file_threshold, 70000};
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::vector<unsigned char> bytes =
        pattern(sizes[i], static_cast<unsigned>(i));
    const std::string path =
        write_pattern(tree, "file" + std::to_string(i), bytes);
    samples.push_back(
        {path, checksum(std::as_bytes(std::span<const unsigned char>(bytes)))});
  }
  const std::string missing = tree.join("missing");
  const std::string directory = tree.path();

  std::latch start(thread_count);
  std::vector<ThreadReport> reports(thread_count);
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (int id = 0; id < thread_count; ++id) {
    threads.emplace_back(run_thread, id, std::cref(samples), std::cref(missing),
                         std::cref(directory), std::ref(start),
                         std::ref(reports[static_cast<std::size_t>(id)]));
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  for (const ThreadReport& report : reports) {
    EXPECT_EQ(report.completed, iterations_per_thread);
    for (const std::string& mismatch : report.mismatches) {
      ADD_FAILURE() << mismatch;
    }
  }
}

TEST(ConcurrentStages, OwnersMovedToAnotherThreadReleaseThere) {
  const test_support::TempDir tree;
  const std::vector<unsigned char> bytes = pattern(5000, 7);
  const std::string path = write_pattern(tree, "moved", bytes);
  const std::uint64_t expected =
      checksum(std::as_bytes(std::span<const unsigned char>(bytes)));

  for (int round = 0; round < 20; ++round) {
    std::error_code error;
    stage2::FileDescriptor fd = stage2::open_read_only(path, error);
    ASSERT_FALSE(error) << error.message();
    stage2::MappedRegion region =
        stage2::map_read_only(fd, bytes.size(), error);
    ASSERT_FALSE(error) << error.message();

    std::uint64_t seen = 0;
    std::error_code unmapped;
    std::error_code closed;
    // The worker becomes the only owner: it reads, then releases in nested
    // order. The originals are empty afterwards and release nothing.
    std::thread worker(
        [&seen, &unmapped, &closed](stage2::FileDescriptor owned_fd,
                                    stage2::MappedRegion owned_region) {
          seen = checksum(owned_region.bytes());
          unmapped = owned_region.unmap();
          closed = owned_fd.close();
        },
        std::move(fd), std::move(region));
    worker.join();

    EXPECT_EQ(seen, expected);
    EXPECT_FALSE(unmapped) << unmapped.message();
    EXPECT_FALSE(closed) << closed.message();
    EXPECT_FALSE(fd.is_open());
    EXPECT_FALSE(region.is_mapped());
  }
}

}  // namespace
}  // namespace ffikit::stress
