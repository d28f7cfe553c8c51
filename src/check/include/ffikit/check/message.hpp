/// @file
/// Recognising the kit's error messages in a program's output.
#pragma once

#include <string_view>

#include "ffikit/check/function.hpp"

namespace ffikit::check {

/// True when @p text names a failed call the way the stages print it:
/// "OPERATION(" followed, later on, by strerror(@p error); e.g.
/// "ffikit-cat: mmap(/tmp/a): Cannot allocate memory" names
/// (Function::mmap, ENOMEM).
bool names_failure(std::string_view text, Function function, int error);

}  // namespace ffikit::check
