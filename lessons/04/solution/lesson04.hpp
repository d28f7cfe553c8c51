/// @file
/// Lesson 4's reference is stage 2 of the kit, ffikit::stage2.
#pragma once

#include "ffikit/stage2_raii/mapped_region.hpp"

/// Lesson 4's exercise namespace.
namespace lesson04 {
using ffikit::stage2::FileDescriptor;
using ffikit::stage2::map_read_only;
using ffikit::stage2::MappedRegion;
using ffikit::stage2::open_read_only;
}  // namespace lesson04
