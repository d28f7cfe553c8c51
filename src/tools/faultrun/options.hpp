/// @file
/// ffikit-faultrun's command line. Parsing is pure.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ffikit/check/function.hpp"
#include "ffikit/check/ledger.hpp"

namespace ffikit::faultrun {

/// Everything the command line says.
struct Options {
  bool trace = false;         ///< --trace: one plain run, print its trace.
  bool quiet = false;         ///< --quiet: print only failing rows.
  bool expect_error = false;  ///< --expect-error: every fault must be reported.
  bool valgrind = false;      ///< --valgrind: run the program under memcheck.
  bool quarantine =
      false;  ///< --quarantine: leave released mappings PROT_NONE.
  /// --nesting: relaxed by default (closing a descriptor while its mapping
  /// lives is legal POSIX; it is reported as a policy finding).
  check::Nesting nesting = check::Nesting::relaxed;
  /// --strict: munmap must name whole mappings exactly, and a close or
  /// munmap of something the program never acquired is a violation.
  bool strict = false;
  /// --borrowed FD (repeatable): descriptors the caller lends the program.
  std::vector<int> borrowed;
  /// --format: how results are printed.
  enum class Format : unsigned char { text, json };
  Format format = Format::text;  ///< --format text|json.
  std::vector<check::Function> functions;  ///< --functions (empty: all).
  std::vector<int> errors;      ///< --errnos (empty: each man page's list).
  bool transient = true;        ///< --modes includes transient.
  bool persistent = true;       ///< --modes includes persistent.
  unsigned timeout_ms = 10000;  ///< --timeout SECONDS per run.
  /// --may-recover CALL:ERRNO (repeatable): with --expect-error, a run in
  /// which this fault makes the program exit 0 counts as a recovery, not as
  /// a hidden failure (e.g. a reader that falls back to read(2) when mmap
  /// says ENODEV).
  std::vector<std::pair<check::Function, int>> recoverable;
  std::vector<std::string> command;  ///< PROGRAM ARGS... after "--".
};

/// The usage text.
const char* usage() noexcept;

/// Parses argv[1..]. @return the options, or std::nullopt with @p error set
/// to a one-line explanation.
std::optional<Options> parse_options(const std::vector<std::string>& args,
                                     std::string& error);

}  // namespace ffikit::faultrun
