/// @file
/// Lints read from a trace: calls that worked but deserve a look. Pure: the
/// caller supplies what the file system says about a path.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ffikit/check/event.hpp"
#include "judged_run.hpp"

namespace ffikit::faultrun {

/// What stat(2) says about a path: its S_IFMT type and, for a device, its
/// major number.
struct FileFacts {
  mode_t type = 0;            ///< S_IFREG, S_IFIFO, S_IFCHR, ...
  unsigned device_major = 0;  ///< major(st_rdev) for a device.
};

/// Looks a path up (stat(2)); std::nullopt when it cannot.
using FileLookup = std::function<std::optional<FileFacts>(const std::string&)>;

/// The lints of one process's trace, one per kind and call site, counted:
/// - "open without O_CLOEXEC": the descriptor leaks into any program
///   started later (CWE-403; PEP 446);
/// - "FIFO or device opened without O_NONBLOCK": opening a FIFO blocks
///   until a writer appears (the memory devices of major 1, such as
///   /dev/null, never block and are not reported);
/// - "mmap of length 0": always EINVAL (an empty file);
/// - "mmap of a file that is not regular": a FIFO, directory or device
///   (ENODEV, or a size that means nothing).
/// A type comes from an fstat of the descriptor in the trace, else from
/// @p lookup of its path.
std::vector<Lint> lint_trace(std::span<const check::Event> trace,
                             std::size_t process, const FileLookup& lookup);

/// "a FIFO", "a directory", "a character device", ... for an S_IFMT type.
const char* file_type_name(mode_t type) noexcept;

}  // namespace ffikit::faultrun
