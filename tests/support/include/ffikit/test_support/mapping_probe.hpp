/// @file
/// Asking the kernel whether memory is mapped, without touching it.
#pragma once

namespace ffikit::test_support {

/// True when the page holding @p address is mapped, with any protection
/// (PROT_NONE included). Uses mincore(2), which reads no byte of the page,
/// so probing a released or inaccessible page neither faults nor looks
/// like a bad pointer to valgrind.
bool page_is_mapped(const void* address);

}  // namespace ffikit::test_support
