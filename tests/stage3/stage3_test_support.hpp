// Small helpers the stage 3 test files share (one unity unit holds several
// of them, so each helper is defined once, here).
#pragma once

#include <system_error>

#include "ffikit/stage3_callback/file_mapping.hpp"

namespace ffikit::stage3::testing_support {

/// @p value as the error_code the stages report for that errno.
inline std::error_code errno_code(int value) {
  return {value, std::system_category()};
}

/// Options that let FIFOs, devices and other special files be read.
inline Options allowing_special_files() {
  Options options;
  options.read_special_files = true;
  return options;
}

}  // namespace ffikit::stage3::testing_support
