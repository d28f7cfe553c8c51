/// @file
/// How a watch is configured.
#pragma once

#include <optional>

#include "ffikit/check/fault.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::check {

/// Options of one watch (an armed Session, or one black-box run).
struct Options {
  /// The nesting rule for descriptors and their mappings.
  Nesting nesting = Nesting::strict;
  /// munmap leaves the range reserved as PROT_NONE instead of returning it,
  /// so a view used after its mapping was released faults at once rather
  /// than reading whatever is mapped there next.
  bool quarantine = false;
  /// The fault to inject, if any.
  std::optional<FaultPlan> fault;
};

}  // namespace ffikit::check
