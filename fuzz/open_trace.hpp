/// @file
/// A minimal record of the paths that reach open(2), by link-time wrapping
/// (-Wl,--wrap=open and its variants), for the "paths" target: it must see
/// the exact bytes the kernel is given, or no call at all.
///
/// Only calls made from objects in the same link are seen, and only while
/// armed, so libFuzzer's own file handling stays out of the record.
#pragma once

#include <string>
#include <vector>

namespace ffikit::fuzz {

/// Starts recording, with an empty record.
void arm_open_trace();

/// Stops recording. @return each path passed to open(2) (or open64,
/// openat, openat64, __open_2, __open64_2) while armed, in call order, as C
/// saw it: the bytes up to the terminating NUL.
std::vector<std::string> disarm_open_trace();

}  // namespace ffikit::fuzz
