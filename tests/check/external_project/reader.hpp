// The code a project outside the kit wants checked.
#pragma once

#include <cstdint>

namespace reader {

// The size of the file at @p path (open, fstat, close), or -errno.
std::int64_t file_size(const char* path);

// Uses the descriptor @p fd it was lent, and closes it: the bug a caller
// declaring it borrowed wants caught.
int consume(int fd);

}  // namespace reader
