/// @file
/// Readable rendering of a trace. Pure: formatting makes no system call.
#pragma once

#include <span>
#include <string>

#include "ffikit/check/event.hpp"

namespace ffikit::check {

/// open(2) flags as "O_RDONLY|O_CLOEXEC|O_NONBLOCK".
std::string format_open_flags(int flags);
/// mmap(2) protection as "PROT_READ|PROT_WRITE" or "PROT_NONE".
std::string format_prot(int prot);
/// mmap(2) flags as "MAP_SHARED|MAP_FIXED".
std::string format_map_flags(int flags);

/// One entry as C-like text, without index or indentation, e.g.
/// `open("/tmp/a", O_RDONLY|O_CLOEXEC) = 3` or
/// `mmap(NULL, 12, PROT_READ, MAP_SHARED, 3, 0) = -1 ENOMEM (injected)`.
/// @param show_addresses false prints addresses as "ADDR" so that the text
/// is the same from run to run (for tests and comparisons).
std::string format_event(const Event& event, bool show_addresses = true);

/// The whole trace, one entry a line, indented by how many resources are
/// held: an acquisition is printed and then deepens the indent, a release
/// first shallows it, so open ... close and mmap ... munmap visibly nest.
std::string format_trace(std::span<const Event> events,
                         bool show_addresses = true);

}  // namespace ffikit::check
