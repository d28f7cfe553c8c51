/// @file
/// The C calls the checker watches, by logical operation.
#pragma once

#include <array>
#include <optional>
#include <string_view>

/// The lifetime checker and fault injector.
namespace ffikit::check {

/// One watched operation. The variants a program may link against
/// (open64, openat, openat64, __open_2, __open64_2; fstat64; mmap64) count as
/// the operation they perform, so a fault plan for `open` also hits `openat`.
enum class Function : unsigned char {
  open,    ///< open, open64, openat, openat64, __open_2, __open64_2
  fstat,   ///< fstat, fstat64
  mmap,    ///< mmap, mmap64
  munmap,  ///< munmap
  close,   ///< close
};

/// Every operation, in the order a file is used.
inline constexpr std::array<Function, 5> all_functions = {
    Function::open, Function::fstat, Function::mmap, Function::munmap,
    Function::close};

/// The operation's name as the stages print it ("open", "mmap", ...).
const char* name(Function function) noexcept;

/// Parses an operation or one of its symbol names ("openat", "mmap64").
/// @return std::nullopt for anything else.
std::optional<Function> function_from_name(std::string_view text) noexcept;

}  // namespace ffikit::check
