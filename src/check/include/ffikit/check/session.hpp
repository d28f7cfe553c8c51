/// @file
/// The in-process way in: an armed scope around the code under test.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ffikit/check/options.hpp"
#include "ffikit/check/report.hpp"

namespace ffikit::check {

/// Watches every open, fstat, mmap, munmap and close that the code linked
/// with ffikit_link_checker() makes while the session is armed: records the
/// trace, tracks ownership, injects the planned fault.
///
/// Only one session may exist at a time. Calls made before construction or
/// after disarm() (GoogleTest's own, a fuzzer's) are neither counted nor
/// failed.
///
/// @code
/// namespace check = ffikit::check;
/// check::Session session({.fault = check::parse_fault("mmap:1:ENOMEM")});
/// auto result =
///     ffikit::stage4::try_with_mmap_file_contents(path, count_lines);
/// session.disarm();
/// EXPECT_EQ(result.error().operation(), "mmap");
/// EXPECT_TRUE(session.report().leaks.empty());
/// @endcode
class Session {
 public:
  /// Arms a fresh watch with @p options.
  /// @pre no other Session is armed in this process: sessions share one
  /// ledger, so overlapping ones would mix their findings. A violation is
  /// reported on stderr and aborts.
  explicit Session(const Options& options = {});
  /// Disarms, then really releases what the checker parked (quarantined
  /// reservations, mappings whose munmap failed by injection).
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&&) = delete;
  Session& operator=(Session&&) = delete;

  /// Stops watching. The report keeps what was recorded; leaks are what is
  /// held at this moment.
  void disarm() noexcept;

  /// Everything recorded so far (a copy).
  [[nodiscard]] Report report() const;
  /// The trace rendered by format_trace().
  [[nodiscard]] std::string trace_text(bool show_addresses = true) const;

  /// Really closes and unmaps whatever the report lists as leaked, so that
  /// a test that planted a leak on purpose leaves nothing behind.
  void release_leaks() noexcept;

 private:
  bool armed_ = true;
};

/// Adds a note (e.g. "callback(12 bytes)") to the trace of the armed
/// session, so that a trace shows where user code ran. Does nothing when
/// nothing is armed.
void note(std::string_view text);

}  // namespace ffikit::check
