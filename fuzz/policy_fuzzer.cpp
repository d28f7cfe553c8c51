/// @file
/// Fuzz target "policy": the kit's pure policy against a reference model
/// written separately from it, for every unsigned length type a caller may
/// pick: stage 3's mapping and contents decisions (plan_mapping,
/// narrow_file_size, refusal_errno, plan_contents), its answers to failed
/// calls (read_instead_of_mapping, close_error_loses_nothing), and stage
/// 2's region arithmetic (plan_region) and open-flag check
/// (extra_flags_are_read_only).
///
/// Input layout (little-endian, missing bytes read as zero):
///   bytes 0-3    st_mode
///   bytes 4-11   st_size (two's complement, so negative sizes are reachable)
///   byte  12     bit 0: Options::read_special_files
///   bytes 13-20  Options::read_below
///   bytes 21-28  Options::read_limit
///   bytes 29-36  region offset
///   bytes 37-44  region length
///   byte  45     page size: below 128, 1 << (value % 24); else the value
///   bytes 46-49  an errno and open flags (the same 32 bits)
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "fuzz_support.hpp"

namespace {

using ffikit::stage3::MapDecision;
using ffikit::stage3::MapPlan;

constexpr std::string_view target = "policy";

// The model spells the file types with their POSIX octal values instead of
// reusing <sys/stat.h>, and compares sizes with std::cmp_* instead of the
// casts the implementation uses, so that a shared mistake is unlikely.
constexpr std::uint32_t type_shift = 12;
constexpr std::uint32_t type_fifo = 001;
constexpr std::uint32_t type_character = 002;
constexpr std::uint32_t type_directory = 004;
constexpr std::uint32_t type_block = 006;
constexpr std::uint32_t type_regular = 010;
static_assert(S_IFMT == 0170000 && S_IFDIR == 0040000 && S_IFREG == 0100000 &&
                  S_IFIFO == 0010000 && S_IFCHR == 0020000 &&
                  S_IFBLK == 0060000,
              "the model's file type numbering is the one Linux uses");

/// What the model expects: a decision and, for map, a length.
struct Expected {
  MapDecision decision;
  std::uint64_t length;
};

/// The largest size the model accepts for a length type @p Size.
template <class Size>
constexpr std::uint64_t model_limit() {
  std::uint64_t limit = std::numeric_limits<Size>::max();
  if (std::cmp_greater(limit, std::numeric_limits<std::ptrdiff_t>::max())) {
    limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::ptrdiff_t>::max());
  }
  return limit;
}

template <class Size>
std::optional<std::uint64_t> model_narrow(std::int64_t size) {
  if (std::cmp_less(size, 0) || std::cmp_greater(size, model_limit<Size>())) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(size);
}

template <class Size>
Expected model_plan(std::uint32_t mode, std::int64_t size) {
  const std::uint32_t type = (mode >> type_shift) & 017U;
  if (type == type_directory) {
    return {MapDecision::refuse_directory, 0};
  }
  if (type != type_regular) {
    return {MapDecision::refuse_special, 0};
  }
  const std::optional<std::uint64_t> length = model_narrow<Size>(size);
  if (!length) {
    return {MapDecision::refuse_size, 0};
  }
  if (*length == 0) {
    return {MapDecision::empty, 0};
  }
  return {MapDecision::map, *length};
}

using ffikit::stage3::ContentsPlan;
using ffikit::stage3::ContentsRoute;

template <class Size>
ContentsPlan model_contents(std::uint32_t mode, std::int64_t size,
                            const ffikit::stage3::Options& options) {
  const std::uint32_t type = (mode >> type_shift) & 017U;
  if (type == type_directory) {
    return {ContentsRoute::refuse, 0, EISDIR};
  }
  if (type == type_regular) {
    const std::optional<std::uint64_t> length = model_narrow<Size>(size);
    if (!length) {
      return {ContentsRoute::refuse, 0, EOVERFLOW};
    }
    if (*length == 0) {
      return {ContentsRoute::read_unsized, 0, 0};
    }
    const bool small = std::cmp_less(*length, options.read_below) &&
                       std::cmp_less_equal(*length, options.read_limit);
    const std::size_t bytes = *length;  // model_narrow checked it fits
    return {small ? ContentsRoute::read_small : ContentsRoute::map, bytes, 0};
  }
  const bool stream =
      type == type_fifo || type == type_character || type == type_block;
  if (stream && options.read_special_files) {
    return {ContentsRoute::read_special, 0, 0};
  }
  return {ContentsRoute::refuse, 0, ENODEV};
}

ffikit::stage2::RegionPlan model_region(std::uint64_t offset,
                                        std::uint64_t length,
                                        std::uint64_t page) {
  __extension__ using wide = unsigned __int128;
  const bool power_of_two = page != 0 && (page & (page - 1)) == 0;
  if (length == 0 || !power_of_two) {
    return {EINVAL, 0, 0, 0};
  }
  if (wide{offset} + length > wide{std::numeric_limits<std::int64_t>::max()}) {
    return {EOVERFLOW, 0, 0, 0};
  }
  const std::uint64_t view = offset % page;
  const wide most = std::min<wide>(std::numeric_limits<std::size_t>::max(),
                                   std::numeric_limits<std::ptrdiff_t>::max());
  if (wide{view} + length > most) {
    return {EOVERFLOW, 0, 0, 0};
  }
  return {0, offset - view, view, view + length};
}

std::string octal(std::uint32_t value) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + (value & 7U)));
    value >>= 3U;
  } while (value != 0);
  return digits;
}

int model_errno(MapDecision decision) {
  if (decision == MapDecision::refuse_directory) {
    return EISDIR;
  }
  if (decision == MapDecision::refuse_special) {
    return ENODEV;
  }
  if (decision == MapDecision::refuse_size) {
    return EOVERFLOW;
  }
  return 0;
}

/// Checks every policy function for one length type. @return the broken
/// invariant, or nullptr. The message is built only on failure, to keep the
/// fuzzer fast.
template <class Size>
const char* first_difference(std::uint32_t mode, std::int64_t size,
                             const ffikit::stage3::Options& options) {
  const std::optional<Size> narrowed =
      ffikit::stage3::narrow_file_size<Size>(size);
  const std::optional<std::uint64_t> narrowed_model = model_narrow<Size>(size);
  if (narrowed.has_value() != narrowed_model.has_value()) {
    return "narrow_file_size accepts differently";
  }
  if (narrowed && static_cast<std::uint64_t>(*narrowed) != *narrowed_model) {
    return "narrow_file_size changes the value";
  }
  const MapPlan plan = ffikit::stage3::plan_mapping<Size>(mode, size);
  const Expected expected = model_plan<Size>(mode, size);
  if (plan.decision != expected.decision) {
    return "plan_mapping decides differently";
  }
  if (plan.length != expected.length) {
    return "plan_mapping plans another length";
  }
  if (ffikit::stage3::refusal_errno(plan.decision) !=
      model_errno(plan.decision)) {
    return "refusal_errno reports another errno";
  }
  if (ffikit::stage3::plan_contents<Size>(mode, size, options) !=
      model_contents<Size>(mode, size, options)) {
    return "plan_contents decides differently";
  }
  return nullptr;
}

template <class Size>
void check_one(std::uint32_t mode, std::int64_t size,
               const ffikit::stage3::Options& options, const char* type_name) {
  if (const char* difference = first_difference<Size>(mode, size, options)) {
    ffikit::fuzz::broken(target, std::string(difference) + " for Size=" +
                                     type_name + ", st_mode=0" + octal(mode) +
                                     ", st_size=" + std::to_string(size));
  }
}

// The policy is constexpr: a few fixed cases prove it stays usable at
// compile time, which the fuzzer itself cannot observe.
static_assert(ffikit::stage3::plan_mapping(S_IFREG | 0644U, 7) ==
              MapPlan{MapDecision::map, 7});
static_assert(ffikit::stage3::plan_mapping(S_IFREG, 0) ==
              MapPlan{MapDecision::empty, 0});
static_assert(!ffikit::stage3::narrow_file_size<std::uint8_t>(256));

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ffikit::fuzz::ByteReader input(data, size);
  const auto mode = static_cast<std::uint32_t>(input.take(4));
  const auto file_size = static_cast<std::int64_t>(input.take(8));
  ffikit::stage3::Options options;
  options.read_special_files = (input.take(1) & 1U) != 0;
  options.read_below = input.take(8);
  options.read_limit = input.take(8);
  check_one<std::uint8_t>(mode, file_size, options, "uint8_t");
  check_one<std::uint16_t>(mode, file_size, options, "uint16_t");
  check_one<std::uint32_t>(mode, file_size, options, "uint32_t");
  check_one<std::uint64_t>(mode, file_size, options, "uint64_t");
  check_one<std::size_t>(mode, file_size, options, "size_t");
  check_one<unsigned long long>(mode, file_size, options, "unsigned long long");

  const std::uint64_t offset = input.take(8);
  const std::uint64_t length = input.take(8);
  const std::uint64_t code = input.take(1);
  const std::uint64_t page =
      code < 128 ? std::uint64_t{1} << (code % 24) : code;
  if (ffikit::stage2::plan_region(offset, length, page) !=
      model_region(offset, length, page)) {
    ffikit::fuzz::broken(target, "plan_region plans differently for offset " +
                                     std::to_string(offset) + ", length " +
                                     std::to_string(length) + ", page " +
                                     std::to_string(page));
  }

  const auto number = static_cast<int>(input.take(4));
  const bool read_instead =
      number == ENODEV || number == EACCES || number == ENOMEM;
  if (ffikit::stage3::read_instead_of_mapping(number) != read_instead) {
    ffikit::fuzz::broken(target, "read_instead_of_mapping answers differently",
                         std::to_string(number));
  }
  if (ffikit::stage3::close_error_loses_nothing(number) != (number != EBADF)) {
    ffikit::fuzz::broken(target,
                         "close_error_loses_nothing answers differently",
                         std::to_string(number));
  }
  // The flags that keep a descriptor read-only and create nothing, spelled
  // out here independently of the implementation's mask.
  constexpr int read_only = O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_NOATIME |
                            O_DIRECTORY | O_CLOEXEC | O_LARGEFILE | O_DIRECT;
  const bool allowed = (number | read_only) == read_only;
  if (ffikit::stage2::extra_flags_are_read_only(number) != allowed) {
    ffikit::fuzz::broken(target,
                         "extra_flags_are_read_only answers differently",
                         std::to_string(number));
  }
  return 0;
}
