/// @file
/// A small lifetime probe for the lessons' graders: while a Probe is alive,
/// every open, fstat, mmap, munmap and close made by the code linked into
/// the test binary is recorded, checked for ownership and nesting, and can
/// be made to fail on purpose.
///
/// It works by link-time wrapping (`-Wl,--wrap=open,...`), which the
/// `ffikit_lesson_probe` CMake target adds to whatever links it: only calls
/// from objects in that link (the student's code, the stages, the tests) are
/// seen, and only while a Probe is armed. It serves one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ffikit::lessons {

/// One intercepted call, as the code under test made it.
struct ProbeCall {
  std::string function;   ///< "open", "fstat", "mmap", "munmap" or "close".
  std::string path;       ///< For open: the path; empty otherwise.
  int fd = -1;            ///< Descriptor argument (fstat, mmap, close), or
                          ///< the descriptor open returned.
  void* address = nullptr;  ///< mmap's result or munmap's argument.
  std::size_t length = 0;   ///< mmap's or munmap's length.
  long result = 0;        ///< The call's return value (-1 on failure; mmap
                          ///< records 0 on success and -1 for MAP_FAILED).
  int error = 0;          ///< errno when the call failed, else 0.
  bool injected = false;  ///< True when the failure was injected.
};

/// Which call to break, and how.
struct Fault {
  /// The function to break ("open", "fstat", "mmap", "munmap", "close"),
  /// or "any" to count every intercepted call.
  std::string function;
  /// 1-based index among the calls counted for @p function.
  int nth = 1;
  /// The errno the broken call reports.
  int error = 0;
  /// When true, every later call counted for @p function fails as well.
  bool persistent = false;
};

/// Arms the probe for its lifetime. Only one Probe may be alive at a time.
///
/// An injected close failure still closes the descriptor, and an injected
/// munmap failure still unmaps the range, because that is what Linux does
/// for close and what a program that reports the error cannot do better
/// for munmap; both count as released.
///
/// @code
/// ffikit::lessons::Probe probe({"mmap", 1, ENOMEM});
/// run_code_under_test();
/// EXPECT_TRUE(probe.held().empty()) << probe.trace();
/// @endcode
class Probe {
 public:
  /// Arms with no fault: calls are only recorded and checked.
  Probe();
  /// Arms and breaks the call described by @p fault.
  explicit Probe(Fault fault);
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;
  /// Disarms.
  ~Probe();

  /// Every call seen so far, in order.
  [[nodiscard]] const std::vector<ProbeCall>& calls() const noexcept;
  /// The function names of calls(), in order: {"open", "fstat", ...}.
  [[nodiscard]] std::vector<std::string> functions() const;
  /// How many calls of @p function were seen.
  [[nodiscard]] int count(std::string_view function) const;
  /// True once the requested fault has been injected at least once.
  [[nodiscard]] bool fault_fired() const noexcept;
  /// Ownership and nesting violations, one sentence each: a close of a
  /// descriptor that is not open, a close while a mapping made from that
  /// descriptor is still mapped, fstat or mmap on a descriptor that is not
  /// open, a munmap that matches no mapping exactly.
  [[nodiscard]] const std::vector<std::string>& violations() const noexcept;
  /// What is still held: descriptors opened and mappings made while armed
  /// and not released, each with the call that acquired it.
  [[nodiscard]] std::vector<std::string> held() const;
  /// calls() as text, one call a line, for failure messages.
  [[nodiscard]] std::string trace() const;
};

}  // namespace ffikit::lessons
