/// @file
/// Lesson 1's reference: stage 1 of the kit, whose hand-written
/// declarations are proved against glibc by src/stage1_raw/layout_check.cpp.
#pragma once

#include <cstdint>

#include "ffikit/stage1_raw/raw.hpp"

/// Lesson 1's exercise namespace.
namespace lesson01 {
using ffikit::stage1::close;
using ffikit::stage1::fstat;
using ffikit::stage1::map_failed;
using ffikit::stage1::map_shared;
using ffikit::stage1::o_cloexec;
using ffikit::stage1::o_rdonly;
using ffikit::stage1::off_t;
using ffikit::stage1::open;
using ffikit::stage1::prot_read;
using ffikit::stage1::stat_buffer;

/// See the starter's declaration: the file's size through the raw calls.
std::int64_t raw_file_size(const char* path) noexcept;
}  // namespace lesson01
