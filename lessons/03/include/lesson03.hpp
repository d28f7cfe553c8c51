/// @file
/// Lesson 3: deciding from fstat alone whether, and how much, to map. The
/// decision types are the kit's (stage 3); you write the decisions in
/// policy.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include "ffikit/stage3_callback/policy.hpp"

/// Lesson 3's exercise namespace.
namespace lesson03 {

using ffikit::stage3::MapDecision;
using ffikit::stage3::MapPlan;

/// @p size (an off_t from st_size) as a size_t, or std::nullopt when it is
/// negative or larger than PTRDIFF_MAX.
std::optional<std::size_t> narrow_file_size(std::int64_t size) noexcept;

/// The decision for a file of type and permissions @p mode and size @p size:
/// directories refuse_directory, anything not regular refuse_special (even
/// with a plausible size), a size that does not narrow refuse_size, 0 bytes
/// empty, else map with the exact length. Makes no system call.
MapPlan plan_mapping(std::uint32_t mode, std::int64_t size) noexcept;

/// Opens @p path (O_RDONLY | O_CLOEXEC | O_NONBLOCK, so a FIFO does not
/// block), calls fstat, closes, and returns plan_mapping()'s decision.
/// The descriptor is closed on every path.
/// @param[out] error the errno of the first call that failed (open, fstat
/// or close); cleared on success.
/// @return plan_mapping()'s decision, or {refuse_special, 0} when a call
/// failed.
MapPlan plan_for_path(std::string_view path, std::error_code& error) noexcept;

}  // namespace lesson03
