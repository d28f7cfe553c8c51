/// @file
/// Which executable the preload library must arm in, and whether it can:
/// the loader ignores LD_PRELOAD for a static program or a set-user-ID one,
/// and a script runs as its interpreter.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ffikit::faultrun {

/// What the first bytes of an executable file say about watching it. Pure.
struct ExecutableKind {
  /// The file can be watched through LD_PRELOAD.
  bool watchable = false;
  /// A "#!" script: the interpreter named on its first line (empty if
  /// none); the interpreter is what runs, so it is what must be watched.
  std::string interpreter;
  /// When not watchable: why, e.g. "statically linked: no dynamic loader
  /// reads LD_PRELOAD".
  std::string reason;
};

/// Classifies an executable from its first bytes (as many as were read,
/// up to the program headers). ELF files are watchable when they name a
/// dynamic loader (PT_INTERP); scripts defer to their interpreter.
ExecutableKind classify_executable(std::span<const unsigned char> head);

/// The program a command runs and whether the checker can watch it.
struct Target {
  std::string program;  ///< Absolute path of the executable to arm in.
  std::string reason;   ///< Empty when it can be watched; else why not.
  /// The command could not be started at all (not found, not executable),
  /// as opposed to started but not watchable.
  bool cannot_start = false;
};

/// Resolves @p command as execvp would (PATH), follows a script to its
/// interpreter (one level), and checks the executable: static programs and
/// set-user-ID or set-group-ID programs the loader would run securely
/// cannot be watched.
Target watch_target(const std::string& command);

}  // namespace ffikit::faultrun
