/// @file
/// The hostile inputs of --inputs: files a program that takes a path must
/// survive, built fresh in a temporary directory.
#pragma once

#include <string>
#include <vector>

namespace ffikit::faultrun {

/// One input: what it is and its path.
struct HostileInput {
  std::string name;  ///< "empty file", "FIFO", ...
  std::string path;  ///< Where it is.
};

/// The inputs, and the directory that holds the ones built for the run
/// (removed when this is destroyed).
class HostileInputs {
 public:
  /// Builds: an empty file, a directory, a FIFO with no writer, /dev/null,
  /// /dev/zero, a /proc file (size 0, yet content), a file whose name has
  /// unprintable bytes (control characters, a newline, bytes that are not
  /// UTF-8), and a sparse file of 4 GiB + 1 byte.
  HostileInputs();
  ~HostileInputs();
  HostileInputs(const HostileInputs&) = delete;
  HostileInputs& operator=(const HostileInputs&) = delete;
  HostileInputs(HostileInputs&&) = delete;
  HostileInputs& operator=(HostileInputs&&) = delete;

  /// The inputs, in the order above; empty when they could not be built.
  [[nodiscard]] const std::vector<HostileInput>& inputs() const noexcept {
    return inputs_;
  }
  /// Why they could not be built ("mkfifo(/tmp/...): ..."), or empty.
  [[nodiscard]] const std::string& error() const noexcept { return error_; }

 private:
  std::string dir_;
  std::vector<HostileInput> inputs_;
  std::string error_;
};

/// @p command with every "{}" in its arguments (not the program) replaced
/// by @p path. Pure.
std::vector<std::string> substitute(const std::vector<std::string>& command,
                                    const std::string& path);

}  // namespace ffikit::faultrun
