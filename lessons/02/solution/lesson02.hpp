/// @file
/// Lesson 2's reference is stage 2 of the kit, ffikit::stage2.
#pragma once

#include "ffikit/stage2_raii/file_descriptor.hpp"

/// Lesson 2's exercise namespace.
namespace lesson02 {
using ffikit::stage2::FileDescriptor;
using ffikit::stage2::open_read_only;
using ffikit::stage2::read_only_flags;
}  // namespace lesson02
