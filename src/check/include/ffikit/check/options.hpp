/// @file
/// How a watch is configured.
#pragma once

#include <optional>
#include <vector>

#include "ffikit/check/fault.hpp"

namespace ffikit::check {

/// How strictly the lifetimes of a descriptor and its mappings must nest.
enum class Nesting : unsigned char {
  strict,   ///< A mapping of fd X must be unmapped before X is closed: the
            ///< stages' contract; a close before munmap is a violation.
  relaxed,  ///< Closing X while its mapping lives is legal POSIX (the
            ///< mapping stays valid; libmagic does it): reported as a
            ///< policy finding, never a violation.
};

/// Options of one watch (an armed Session, or one black-box run). The
/// defaults are the kit's own contract, the strictest; a program nobody
/// here wrote is judged by what the kernel allows (ffikit-faultrun's
/// defaults: relaxed nesting, any page range, foreign closes traced).
struct Options {
  /// The nesting rule for descriptors and their mappings.
  Nesting nesting = Nesting::strict;
  /// munmap leaves the range reserved as PROT_NONE instead of returning it,
  /// so a view used after its mapping was released faults at once rather
  /// than reading whatever is mapped there next.
  bool quarantine = false;
  /// The fault to inject, if any.
  std::optional<FaultPlan> fault{};
  /// munmap must name exactly the address and the byte length that mmap (or
  /// mremap) made; false accepts any page range the kernel accepts, so a
  /// partial munmap (an allocator trimming an aligned reservation) releases
  /// just those pages.
  bool exact_ranges = true;
  /// A close or munmap of something never acquired while watched (an
  /// inherited or foreign descriptor, a range never mapped) is a violation;
  /// false traces it without judging, as Android's fdsan does for
  /// descriptors it holds no tag for.
  bool strict_ownership = true;
  /// Descriptors that belong to the caller: the code under test may use
  /// them but must neither close them nor be blamed for keeping them.
  std::vector<int> borrowed{};
};

}  // namespace ffikit::check
