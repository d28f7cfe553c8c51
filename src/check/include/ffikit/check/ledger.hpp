/// @file
/// Ownership of descriptors and mappings, in the spirit of Android's fdsan:
/// a pure state machine fed with trace events. It makes no system call, so
/// every rule can be unit-tested with hand-written events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ffikit/check/event.hpp"

namespace ffikit::check {

/// What the ledger found.
enum class FindingKind : unsigned char {
  leaked_descriptor,    ///< Still open when the watch ended.
  leaked_mapping,       ///< A file mapping still mapped when the watch ended.
  double_close,         ///< close of a descriptor already closed.
  close_of_unknown,     ///< close of a descriptor never seen opened.
  use_after_close,      ///< fstat or mmap on a descriptor already closed.
  munmap_of_unknown,    ///< munmap of a range never seen mapped.
  munmap_wrong_range,   ///< munmap that covers part of a mapping, or more.
  double_munmap,        ///< munmap of a range already unmapped.
  close_before_munmap,  ///< a descriptor closed while a mapping of it lives.
};

/// Short name of a finding kind ("double close").
const char* kind_name(FindingKind kind) noexcept;

/// One finding: what, at which trace entry, and the entry that acquired the
/// resource involved (or npos when there is none).
struct Finding {
  FindingKind kind{};      ///< What was found.
  std::size_t at = 0;      ///< The trace entry that showed it (npos for leaks).
  std::size_t origin = 0;  ///< The open or mmap that acquired the resource.
  std::string detail;      ///< e.g. "fd 3 from open(/tmp/x)".
  /// For leaks: the descriptor, or the mapping's start address.
  std::uintptr_t handle = 0;
  /// For leaked mappings: the length passed to mmap.
  std::size_t length = 0;
};

/// "double close at #7: fd 3 from #0 open(/tmp/x)".
std::string describe(const Finding& finding);

/// How strictly the lifetimes of a descriptor and its mappings must nest.
enum class Nesting : unsigned char {
  strict,   ///< A mapping of fd X must be unmapped before X is closed.
  relaxed,  ///< Closing X while its mapping lives is allowed (POSIX keeps
            ///< the mapping valid); some wrappers close right after mmap.
};

/// The ownership table.
class Ledger {
 public:
  /// @param nesting the nesting rule to enforce.
  /// @param page_size lengths are compared after rounding up to this.
  explicit Ledger(Nesting nesting = Nesting::strict,
                  std::size_t page_size = 4096) noexcept
      : nesting_(nesting), page_size_(page_size) {}

  /// Applies a completed call (result and errno filled in). A munmap that
  /// failed by injection counts as a release: the program did try. A close
  /// releases the descriptor whatever it returned, as Linux does.
  void apply(const Event& event);

  /// True when [@p address, + @p length) is exactly a live mapping.
  [[nodiscard]] bool owns_exactly(std::uintptr_t address,
                                  std::size_t length) const noexcept;

  /// Ownership violations seen so far, in trace order.
  [[nodiscard]] const std::vector<Finding>& violations() const noexcept {
    return violations_;
  }
  /// What is held now: descriptors opened and file mappings made while
  /// watched and not released, each with the entry that acquired it.
  [[nodiscard]] std::vector<Finding> leaks() const;

  /// A held descriptor.
  struct Descriptor {
    std::size_t origin = 0;  ///< The open that returned it.
    std::string path;        ///< Its path.
  };
  /// A live mapping.
  struct Mapping {
    std::size_t length = 0;  ///< Length passed to mmap.
    int fd = -1;             ///< Descriptor it was made from, or -1.
    std::size_t origin = 0;  ///< The mmap that made it.
  };

 private:
  void open_done(const Event& event);
  void use_fd(const Event& event);
  void mmap_done(const Event& event);
  void munmap_done(const Event& event);
  void close_done(const Event& event);
  void violate(FindingKind kind, const Event& event, std::size_t origin,
               std::string detail);
  [[nodiscard]] std::size_t rounded(std::size_t length) const noexcept;

  Nesting nesting_;
  std::size_t page_size_;
  std::map<int, Descriptor> open_;
  std::map<int, Descriptor> closed_;  // fd -> what it was
  std::map<std::uintptr_t, Mapping> live_;
  std::map<std::uintptr_t, Mapping> unmapped_;  // released exactly
  std::vector<Finding> violations_;
};

}  // namespace ffikit::check
