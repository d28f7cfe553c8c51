/// @file
/// Asking the kernel whether memory is mapped, without touching it.
#pragma once

#include <string>

namespace ffikit::test_support {

/// True when the page holding @p address is mapped, with any protection
/// (PROT_NONE included). Uses mincore(2), which reads no byte of the page,
/// so probing a released or inaccessible page neither faults nor looks
/// like a bad pointer to valgrind.
bool page_is_mapped(const void* address);

/// True when the page holding @p address is a mapping of the file at
/// @p path (the same device and inode, as /proc/self/maps lists them).
/// The test that a release really unmapped: once a page is unmapped, any
/// allocator may map anonymous memory into the hole before the test looks
/// (sanitizer runtimes do), so "nothing is mapped there" is the wrong
/// question; "this file is no longer mapped there" is the right one.
/// False when @p path cannot be stat-ed.
bool page_maps_file(const void* address, const std::string& path);

}  // namespace ffikit::test_support
