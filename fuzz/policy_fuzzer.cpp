/// @file
/// Fuzz target "policy": stage 3's pure mapping policy (plan_mapping,
/// narrow_file_size, refusal_errno) against a reference model written
/// separately from it, for every unsigned length type a caller may pick.
///
/// Input layout (little-endian, missing bytes read as zero):
///   bytes 0-3   st_mode
///   bytes 4-11  st_size (two's complement, so negative sizes are reachable)
#include <sys/stat.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

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
constexpr std::uint32_t type_directory = 004;
constexpr std::uint32_t type_regular = 010;
static_assert(S_IFMT == 0170000 && S_IFDIR == 0040000 && S_IFREG == 0100000,
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
const char* first_difference(std::uint32_t mode, std::int64_t size) {
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
  return nullptr;
}

template <class Size>
void check_one(std::uint32_t mode, std::int64_t size, const char* type_name) {
  if (const char* difference = first_difference<Size>(mode, size)) {
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
  check_one<std::uint8_t>(mode, file_size, "uint8_t");
  check_one<std::uint16_t>(mode, file_size, "uint16_t");
  check_one<std::uint32_t>(mode, file_size, "uint32_t");
  check_one<std::uint64_t>(mode, file_size, "uint64_t");
  check_one<std::size_t>(mode, file_size, "size_t");
  check_one<unsigned long long>(mode, file_size, "unsigned long long");
  return 0;
}
