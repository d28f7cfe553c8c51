/// @file
/// Files the benchmarks read: made once per size in one folder, filled with
/// a fixed byte pattern and read through once so that every measured cycle
/// finds them in the page cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

/// Support code shared by the benchmarks in bench/.
namespace ffikit::bench {

/// One kibibyte, mebibyte and gibibyte, for naming sizes.
inline constexpr std::size_t kib = std::size_t{1} << 10U;
inline constexpr std::size_t mib = std::size_t{1} << 20U;  ///< 2^20 bytes.
inline constexpr std::size_t gib = std::size_t{1} << 30U;  ///< 2^30 bytes.

/// The folder the benchmark files live in: $FFIKIT_BENCH_DIR when set,
/// otherwise "ffikit-bench-files" in the system's temporary folder. It is
/// created when missing.
/// @throws std::filesystem::filesystem_error when it cannot be created.
std::string files_folder();

/// The path of a file of exactly @p size bytes in files_folder(), made on
/// first use (and kept for later runs), then read once so it is page cached.
/// @throws std::system_error naming the failed call and the path.
std::string page_cached_file(std::size_t size);

/// The scan every benchmark applies to the bytes it got: a sum of all bytes
/// as 64-bit words plus the tail, so every byte is read exactly once. It is
/// compiled in its own file so that no caller can be optimised around it.
/// @return a value that depends on every byte.
std::uint64_t scan(const std::byte* bytes, std::size_t size) noexcept;

/// A size as the tables print it: "4 KiB", "64 MiB", "1 GiB".
std::string size_name(std::size_t size);

/// Ends the process with "ffikit-bench: MESSAGE" on stderr and exit status
/// 1; for failures inside a measured cycle, which has no way to report them.
[[noreturn]] void die(const std::string& message) noexcept;

/// die() with "OPERATION(PATH): REASON", REASON being strerror(@p number).
[[noreturn]] void die(const char* operation, const std::string& path,
                      int number) noexcept;

}  // namespace ffikit::bench
