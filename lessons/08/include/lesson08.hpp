/// @file
/// Lesson 8: a small wrapper in plain C style that works on a good day.
/// The checker's fault sweep shows what it does on a bad one.
#pragma once

#include <string>

/// Lesson 8's exercise namespace.
namespace lesson08 {

/// What load_file() reports: the failed call and its errno, or an empty
/// operation on success.
struct LoadStatus {
  const char* operation = nullptr;  ///< "open", "fstat", "mmap", "munmap",
                                    ///< "close", or nullptr on success.
  int error = 0;                    ///< errno of that call.
};

/// Copies the whole file at @p path into @p out through a read-only
/// mapping. An empty file gives an empty @p out without mmap. On any
/// failure nothing stays open or mapped, the mapping is always released
/// before the descriptor, and the first failed call is reported (a failed
/// munmap or close after a successful copy is a failure too).
LoadStatus load_file(const char* path, std::string& out) noexcept;

}  // namespace lesson08
