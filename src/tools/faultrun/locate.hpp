/// @file
/// Finding the preload library without help from the user.
#pragma once

#include <string>

namespace ffikit::faultrun {

/// The preload library's path: $FFIKIT_PRELOAD if set, else the first that
/// exists of the install layout (lib/ffikit beside bin/) and the build tree
/// layout, both relative to this executable's own directory.
/// @return an empty string when none exists.
std::string locate_preload();

}  // namespace ffikit::faultrun
