/// @file
/// What a trace says about the resources its calls touch: which path a
/// descriptor, stream or mapping came from, and what kind of file it is.
/// Pure: it replays recorded events and makes no system call.
#pragma once

#include <sys/types.h>
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "ffikit/check/event.hpp"

namespace ffikit::faultrun {

/// The path the resource used by trace entry @p index came from: the
/// call's own path (open, fopen, opendir), or for a call on a descriptor,
/// stream or mapping the path of the call that acquired it, found by
/// replaying the entries before @p index (opens, dups, fdopen, mmap,
/// closes). Empty when the trace does not say (the acquisition is older
/// than the trace, or the resource never had a path).
std::string resource_path(std::span<const check::Event> trace,
                          std::size_t index);

/// The st_mode (S_IFMT bits) that an fstat in the trace reported for the
/// descriptor used by entry @p index, from the last successful fstat of
/// that descriptor since it was acquired; std::nullopt when none.
std::optional<mode_t> recorded_file_type(std::span<const check::Event> trace,
                                         std::size_t index);

/// The open(2) flags of the descriptor used (released, for a close) by
/// entry @p index, from the open or opendir that acquired it (a directory
/// stream counts as O_RDONLY); std::nullopt when the trace does not show
/// it (inherited, from fopen, or older than the trace).
std::optional<int> open_flags(std::span<const check::Event> trace,
                              std::size_t index);

/// The first entry whose failure was injected, or std::nullopt.
std::optional<std::size_t> first_injected(std::span<const check::Event> trace);

}  // namespace ffikit::faultrun
