/// @file
/// One open-fstat-map-scan-unmap-close cycle through each stage of the kit,
/// the unit the price-of-safety benchmark times and callgrind counts.
///
/// Each stage's cycle is its own extern "C" function with a plain name, so
/// that `valgrind --tool=callgrind --toggle-collect=ffikit_bench_cycle_stage2`
/// counts exactly the instructions of that stage's cycle.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ffikit::bench {

/// The four stages, in the order the kit builds them.
enum class Stage : unsigned char {
  raw,       ///< Stage 1: raw calls through the helpers that die on error.
  owners,    ///< Stage 2: FileDescriptor and MappedRegion, composed by hand.
  callback,  ///< Stage 3: with_mmap_file_contents(path, f).
  result,    ///< Stage 4: try_with_mmap_file_contents(path, f).
};

/// Every stage, for loops and tables.
inline constexpr std::array<Stage, 4> all_stages{
    Stage::raw, Stage::owners, Stage::callback, Stage::result};

/// The name a stage has in benchmark names and on the command line:
/// "stage1_raw", "stage2_owners", "stage3_callback", "stage4_result".
std::string_view stage_name(Stage stage) noexcept;

/// The stage called @p name (as stage_name() spells it), if any.
std::optional<Stage> stage_named(std::string_view name) noexcept;

/// Runs one cycle of @p stage on @p path and returns scan() of its bytes.
/// A failure ends the process with a message naming the call and the path
/// (stage 1 dies by design; the others die here, since a benchmark has no
/// way to report an error from inside its timed loop).
/// @pre @p path is NUL-terminated and names a non-empty regular file.
std::uint64_t run_cycle(Stage stage, const char* path);

}  // namespace ffikit::bench

/// @name One cycle per stage, with names callgrind can select
/// @{
/// Never inlined: callgrind can only count a function that is called.
extern "C" {
/// Stage 1's cycle on @p path; see ffikit::bench::run_cycle().
[[gnu::noinline]] std::uint64_t ffikit_bench_cycle_stage1(const char* path);
/// Stage 2's cycle on @p path.
[[gnu::noinline]] std::uint64_t ffikit_bench_cycle_stage2(const char* path);
/// Stage 3's cycle on @p path.
[[gnu::noinline]] std::uint64_t ffikit_bench_cycle_stage3(const char* path);
/// Stage 4's cycle on @p path.
[[gnu::noinline]] std::uint64_t ffikit_bench_cycle_stage4(const char* path);
}
/// @}
