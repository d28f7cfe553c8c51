/// @file
/// Ownership of descriptors and mappings, modelled on the kernel's own
/// tables and judged as Android's fdsan judges: only what was acquired
/// while watched. A pure state machine fed with trace events: it makes no
/// system call (what only the kernel knows arrives in the events), so every
/// rule can be unit-tested with hand-written events, and it never allocates
/// after construction, so the interposers may feed it from a signal handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ffikit/check/event.hpp"
#include "ffikit/check/options.hpp"

namespace ffikit::check {

/// What the ledger found.
enum class FindingKind : unsigned char {
  leaked_descriptor,           ///< Still open when the watch ended.
  leaked_mapping,              ///< File-mapped pages still mapped at the end.
  leaked_stream,               ///< A FILE* or DIR* never closed.
  double_close,                ///< close of a descriptor already closed.
  close_of_unknown,            ///< (strict ownership) close of a descriptor
                               ///< never acquired while watched.
  use_after_close,             ///< A call on a descriptor already closed.
  munmap_of_unknown,           ///< (strict ownership) munmap of a range
                               ///< never mapped while watched.
  munmap_wrong_range,          ///< (exact ranges) munmap of part of a
                               ///< mapping, or more than it.
  double_munmap,               ///< munmap of pages already unmapped.
  close_before_munmap,         ///< A descriptor closed while a mapping made
                               ///< from it lives (see Nesting).
  close_of_stream_descriptor,  ///< close() of a descriptor a live FILE* or
                               ///< DIR* owns: its fclose closes it again.
  leaked_into_exec,            ///< A descriptor without close-on-exec that
                               ///< survives into a new program image.
  close_of_borrowed,           ///< close of a descriptor the caller lent.
};

/// How much a finding weighs.
enum class Severity : unsigned char {
  error,   ///< A defect: fails the run.
  policy,  ///< Legal, but against the chosen policy (relaxed nesting): shown,
           ///< never failing.
};

/// Short name of a finding kind ("double close").
const char* kind_name(FindingKind kind) noexcept;

/// Sentinel for "no trace entry".
inline constexpr std::size_t no_entry = std::numeric_limits<std::size_t>::max();

/// One finding: what, at which trace entry, and the call that acquired the
/// resource involved. Trivially copyable: the ledger records it without
/// allocating; describe() turns it into text.
struct Finding {
  FindingKind kind{};                   ///< What was found.
  Severity severity = Severity::error;  ///< How much it weighs.
  std::size_t at = no_entry;  ///< The entry that showed it (none: leaks).
  /// The call of the entry `at` (close, fclose, dup2, fstat, munmap, ...),
  /// which describe() names; execve for every exec.
  Symbol call = Symbol::close;
  std::size_t origin = no_entry;      ///< The call that acquired the resource.
  Symbol acquired_by = Symbol::open;  ///< The acquiring call (with origin).
  Text path;                          ///< Its path or name, if any.
  int fd = -1;                        ///< The descriptor involved, or -1.
  int source_fd = -1;  ///< For copies (dup, fdopen): the descriptor copied.
  std::uintptr_t address = 0;        ///< The mapping's or range's start.
  std::size_t length = 0;            ///< The range's length in bytes.
  std::size_t mapped_length = 0;     ///< The mapping's length (wrong ranges).
  bool stream = false;               ///< The resource is a FILE* (or DIR*).
  bool directory = false;            ///< ... a DIR*.
  std::uintptr_t site = 0;           ///< Call site of the entry `at`.
  std::uintptr_t acquired_site = 0;  ///< Call site of the origin.
  /// For leaks: the descriptor, or the mapping's start address (what
  /// Session::release_leaks() releases).
  std::uintptr_t handle = 0;
};

/// One line for people, naming the call that showed the finding, e.g.
/// "double close at #7: close of already closed fd 3 from open(/tmp/x)
/// (acquired at #0)" or "use after close at #4: fstat on closed fd 3 from
/// open(/tmp/x) (acquired at #0)". Bytes of a path that are not printable
/// ASCII are escaped, and a path that was cut says how long it was.
std::string describe(const Finding& finding);

/// Sizes of the ledger's fixed tables. Each is allocated once; what does not
/// fit is counted (Ledger::overflow()), never allocated later.
struct LedgerCapacity {
  /// Descriptor numbers tracked: 0 .. descriptors - 1.
  std::size_t descriptors = 65536;
  /// Acquisitions whose details (call, path, site) are kept at once.
  std::size_t records = 8192;
  /// Disjoint page ranges of live mappings.
  std::size_t intervals = 8192;
  /// Recently released page ranges remembered for double munmaps.
  std::size_t released_ranges = 1024;
  /// Findings kept; later ones are counted.
  std::size_t findings = 512;
};

/// The ownership tables of one process.
///
/// Descriptors are *inherited* (open when the watch began: inherit()),
/// *tracked* (acquired through a watched call; each acquisition of a number
/// is a new generation) or *foreign* (appeared without a watched call). Only
/// tracked ones are judged. A double close is a close the kernel refused
/// with EBADF of a number whose last watched state was "released"; a close
/// of a foreign descriptor is traced, never a violation unless
/// Options::strict_ownership says so.
///
/// Mappings are page intervals, as the kernel's VMAs: a partial munmap
/// releases those pages, MAP_FIXED replaces what it overlaps, mremap moves
/// and resizes while keeping the origin.
class Ledger {
 public:
  /// @param options the policy (nesting, exact_ranges, strict_ownership,
  /// borrowed); the fault and quarantine settings are not the ledger's.
  /// @param page_size mappings are kept in pages of this size (a power of 2).
  /// @param capacity sizes of the fixed tables.
  explicit Ledger(const Options& options = {}, std::size_t page_size = 4096,
                  const LedgerCapacity& capacity = {});
  /// A ledger with default options except @p nesting.
  explicit Ledger(Nesting nesting, std::size_t page_size = 4096);
  ~Ledger();
  /// Takes over @p other's tables; @p other may then only be destroyed or
  /// assigned to.
  Ledger(Ledger&& other) noexcept;
  /// Takes over @p other's tables (see the move constructor).
  Ledger& operator=(Ledger&& other) noexcept;
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  /// Marks @p fd open before the watch began.
  void inherit(int fd) noexcept;

  /// Applies a completed call (result and errno filled in). A release is
  /// applied as begin_release() then end_release().
  void apply(const Event& event) noexcept;

  /// What a descriptor release looked like when it began; opaque.
  struct Release {
    int fd = -1;               ///< The number, or -1 for none or a range.
    std::uint8_t state = 0;    ///< The number's state before.
    bool was_tracked = false;  ///< Its last generation was a watched one.
    std::uint32_t record = 0;  ///< Its acquisition record before.
  };
  /// First half of a release of one descriptor (close, fclose, closedir,
  /// freopen) or a range (close_range, closefrom, fcloseall), applied
  /// *before* the real call so that no other thread can be handed the
  /// number while the ledger still holds it. dup2 and dup3 release their
  /// target in end_release(), and only when they worked: the kernel
  /// replaces the target atomically, so its number is never free.
  /// @p event carries the arguments; result and errno are not read.
  /// @pre every begin_release() is followed by one end_release() with what
  /// it returned: the acquisition's details are held in between.
  [[nodiscard]] Release begin_release(const Event& event) noexcept;
  /// Second half: judges the release by the real result in @p event
  /// (EBADF from the kernel on a number already released is a double
  /// close), then applies what the call acquired, if anything.
  void end_release(const Event& event, const Release& release) noexcept;

  /// The descriptors @p event acquired (none, one, or a pipe's two ends),
  /// written to @p out. @return how many.
  static std::size_t acquired_descriptors(const Event& event,
                                          std::span<int, 2> out) noexcept;
  /// Records which file tracked @p fd is (st_dev, st_ino), so that a later
  /// check can tell it from another file given the same number after an
  /// unseen close.
  void set_identity(int fd, std::uint64_t device, std::uint64_t inode) noexcept;
  /// True when tracked @p fd's identity is recorded (by set_identity(), or
  /// learned from a successful fstat of it).
  [[nodiscard]] bool identity_known(int fd) const noexcept;
  /// True when @p fd is tracked with a recorded identity other than
  /// (@p device, @p inode).
  [[nodiscard]] bool identity_differs(int fd, std::uint64_t device,
                                      std::uint64_t inode) const noexcept;

  /// The kernel says @p fd is no longer open although the ledger tracks it:
  /// it was released by a call the checker does not see (a raw system call).
  /// Not a leak.
  void released_unseen(int fd) noexcept;

  /// @p fd, tracked and without close-on-exec, survives into the new image
  /// that trace entry @p at (an exec) starts.
  void leaked_into_exec(int fd, std::size_t at, std::uintptr_t site) noexcept;

  /// Drops the findings from index @p first of findings() on: what an exec
  /// that then failed found (leaked_into_exec() for an image that never
  /// started). Findings that did not fit the table are not withdrawn from
  /// overflow().
  ///
  /// @code
  /// const std::size_t before = ledger.findings().size();
  /// // ... leaked_into_exec() for each descriptor; the exec fails ...
  /// ledger.withdraw_findings(before);
  /// @endcode
  void withdraw_findings(std::size_t first) noexcept;

  /// In a forked child: what the parent tracked is inherited here, nothing
  /// found so far is the child's.
  void forked() noexcept;

  /// True when [@p address, + @p length) is exactly one live mapping as
  /// mmap made it (for quarantine).
  [[nodiscard]] bool owns_exactly(std::uintptr_t address,
                                  std::size_t length) const noexcept;
  /// True when any page of [@p address, + @p length) is a live mapping the
  /// ledger holds.
  [[nodiscard]] bool holds_any(std::uintptr_t address,
                               std::size_t length) const noexcept;

  /// Descriptor numbers currently tracked (open through a watched call),
  /// from @p from upwards, in order, written to @p out.
  /// @return how many were written (at most out.size(); call again from
  /// the last one + 1 when the span was filled).
  std::size_t tracked(std::span<int> out, int from = 0) const noexcept;

  /// Violations and policy findings seen so far, in trace order.
  [[nodiscard]] std::span<const Finding> findings() const noexcept;
  /// The findings of Severity::error.
  [[nodiscard]] std::vector<Finding> violations() const;
  /// The findings of Severity::policy.
  [[nodiscard]] std::vector<Finding> policy_findings() const;
  /// What is held now: tracked descriptors above 2 (the standard three are
  /// the process's) that are not borrowed, streams never closed, and
  /// file-mapped pages, one finding per acquiring call.
  [[nodiscard]] std::vector<Finding> leaks() const;
  /// As leaks(), without allocating: writes at most out.size() findings.
  /// @return how many there are (more than out.size() when it was short).
  std::size_t leaks(std::span<Finding> out) const noexcept;

  /// Events or findings that did not fit a fixed table (descriptors beyond
  /// the capacity, records, intervals, findings).
  [[nodiscard]] std::size_t overflow() const noexcept;

 private:
  struct Tables;
  std::unique_ptr<Tables> tables_;
};

}  // namespace ffikit::check
