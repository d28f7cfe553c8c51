// How many iterations a stress test runs: the full count in plain builds,
// fewer where every call costs many times more (sanitizers, coverage,
// valgrind). Tests are bounded by iteration counts, never by wall time, so
// a slow configuration runs fewer steps of the same test, not a weaker one.
#pragma once

#include <valgrind/valgrind.h>

#include <cstddef>

namespace ffikit::check::stress {

#ifndef FFIKIT_STRESS_DIVISOR
#define FFIKIT_STRESS_DIVISOR 1
#endif

/// @p full divided by the build's divisor, and by 50 more under valgrind;
/// never below 1.
inline std::size_t scaled(std::size_t full) {
  std::size_t n = full / FFIKIT_STRESS_DIVISOR;
  if (RUNNING_ON_VALGRIND) {
    n /= 50;
  }
  return n == 0 ? 1 : n;
}

}  // namespace ffikit::check::stress
