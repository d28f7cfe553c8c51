/// @file
/// Reading and writing whole files without leaking a descriptor into a
/// program started meanwhile from another thread (everything opened here is
/// close-on-exec), retrying on EINTR.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ffikit::faultrun {

/// The bytes of @p path, or std::nullopt when it cannot be opened or read
/// (errno says why). At most @p limit bytes are read.
std::optional<std::string> read_file(const std::string& path,
                                     std::size_t limit = std::size_t{1} << 30);

/// Writes @p bytes to @p path (created with mode 0644, truncated).
/// @return 0, or the errno of the call that failed.
int write_file(const std::string& path, std::string_view bytes);

/// A fresh directory under $TMPDIR (or /tmp) whose name starts with
/// @p prefix; empty when mkdtemp fails.
std::string make_temporary_directory(const std::string& prefix);

/// Removes @p path and everything under it; errors are ignored (it is a
/// directory this program made).
void remove_tree(const std::string& path);

}  // namespace ffikit::faultrun
