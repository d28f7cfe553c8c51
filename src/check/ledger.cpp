#include "ffikit/check/ledger.hpp"

#include <sys/mman.h>

#include <limits>
#include <string_view>

namespace ffikit::check {
namespace {

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

std::string hex(std::uintptr_t value) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[value & 0xfU]);
    value >>= 4U;
  } while (value != 0);
  return "0x" + out;
}

bool file_backed(const Event& event) {
  return event.fd >= 0 && (event.map_flags & MAP_ANONYMOUS) == 0;
}

// "fd 3 from open(/tmp/x)": a descriptor and the open that returned it.
std::string story(int fd, const std::string& path) {
  return "fd " + std::to_string(fd) + " from open(" + path + ")";
}

}  // namespace

const char* kind_name(FindingKind kind) noexcept {
  switch (kind) {
    case FindingKind::leaked_descriptor:
      return "leaked descriptor";
    case FindingKind::leaked_mapping:
      return "leaked mapping";
    case FindingKind::double_close:
      return "double close";
    case FindingKind::close_of_unknown:
      return "close of unknown descriptor";
    case FindingKind::use_after_close:
      return "use after close";
    case FindingKind::munmap_of_unknown:
      return "munmap of unknown range";
    case FindingKind::munmap_wrong_range:
      return "munmap of wrong range";
    case FindingKind::double_munmap:
      return "double munmap";
    case FindingKind::close_before_munmap:
      return "close before munmap";
  }
  return "?";
}

std::string describe(const Finding& finding) {
  std::string out = kind_name(finding.kind);
  if (finding.at != none) {
    out += " at #" + std::to_string(finding.at);
  }
  out += ": " + finding.detail;
  if (finding.origin != none) {
    out += " (acquired at #" + std::to_string(finding.origin) + ")";
  }
  return out;
}

std::size_t Ledger::rounded(std::size_t length) const noexcept {
  return (length + page_size_ - 1) / page_size_ * page_size_;
}

void Ledger::violate(FindingKind kind, const Event& event, std::size_t origin,
                     std::string detail) {
  violations_.push_back({kind, event.index, origin, std::move(detail), 0, 0});
}

void Ledger::apply(const Event& event) {
  if (event.kind != Event::Kind::call) {
    return;
  }
  switch (event.function) {
    case Function::open:
      open_done(event);
      break;
    case Function::fstat:
      use_fd(event);
      break;
    case Function::mmap:
      mmap_done(event);
      break;
    case Function::munmap:
      munmap_done(event);
      break;
    case Function::close:
      close_done(event);
      break;
  }
}

void Ledger::open_done(const Event& event) {
  if (event.failed()) {
    return;
  }
  const int fd = static_cast<int>(event.result);
  open_[fd] = {event.index, event.path};
  closed_.erase(fd);
}

void Ledger::use_fd(const Event& event) {
  if (open_.count(event.fd) == 0) {
    if (const auto old = closed_.find(event.fd); old != closed_.end()) {
      violate(FindingKind::use_after_close, event, old->second.origin,
              std::string(name(event.function)) + " on closed " +
                  story(event.fd, old->second.path));
    }
  }
}

void Ledger::mmap_done(const Event& event) {
  if (file_backed(event)) {
    use_fd(event);
  }
  if (event.failed()) {
    return;
  }
  const auto start = static_cast<std::uintptr_t>(event.result);
  const std::uintptr_t end = start + rounded(event.length);
  // A new mapping over an old released range makes a later munmap of that
  // range legitimate again.
  for (auto it = unmapped_.begin(); it != unmapped_.end();) {
    const std::uintptr_t old_end = it->first + rounded(it->second.length);
    it = (it->first < end && start < old_end) ? unmapped_.erase(it)
                                              : std::next(it);
  }
  live_[start] = {event.length, file_backed(event) ? event.fd : -1,
                  event.index};
}

void Ledger::munmap_done(const Event& event) {
  // A real failure released nothing; an injected one counts as a release.
  if (event.failed() && !event.injected) {
    return;
  }
  const std::uintptr_t start = event.address;
  const std::uintptr_t end = start + rounded(event.length);
  if (const auto it = live_.find(start); it != live_.end()) {
    const Mapping mapping = it->second;
    if (rounded(mapping.length) == rounded(event.length)) {
      unmapped_[start] = mapping;
      live_.erase(it);
      return;
    }
    violate(FindingKind::munmap_wrong_range, event, mapping.origin,
            "munmap(" + hex(start) + ", " + std::to_string(event.length) +
                ") of a mapping of " + std::to_string(mapping.length) +
                " bytes");
    if (rounded(event.length) > rounded(mapping.length)) {
      live_.erase(it);
    }
    return;
  }
  for (const auto& [begin, mapping] : live_) {
    if (begin < end && start < begin + rounded(mapping.length)) {
      violate(FindingKind::munmap_wrong_range, event, mapping.origin,
              "munmap(" + hex(start) + ", " + std::to_string(event.length) +
                  ") overlaps the mapping at " + hex(begin) + " of " +
                  std::to_string(mapping.length) + " bytes");
      return;
    }
  }
  if (const auto old = unmapped_.find(start); old != unmapped_.end()) {
    violate(FindingKind::double_munmap, event, old->second.origin,
            "munmap(" + hex(start) + ", " + std::to_string(event.length) +
                ") of a range already unmapped");
    return;
  }
  violate(FindingKind::munmap_of_unknown, event, none,
          "munmap(" + hex(start) + ", " + std::to_string(event.length) +
              ") of a range never mapped");
}

void Ledger::close_done(const Event& event) {
  const int fd = event.fd;
  if (const auto it = open_.find(fd); it != open_.end()) {
    if (nesting_ == Nesting::strict) {
      for (const auto& [begin, mapping] : live_) {
        if (mapping.fd == fd) {
          violate(FindingKind::close_before_munmap, event, mapping.origin,
                  "close(" + std::to_string(fd) + ") while the mapping at " +
                      hex(begin) + " made from it is still mapped");
        }
      }
    }
    closed_[fd] = it->second;
    open_.erase(it);
    return;
  }
  if (const auto old = closed_.find(fd); old != closed_.end()) {
    violate(FindingKind::double_close, event, old->second.origin,
            "close of already closed " + story(fd, old->second.path));
    return;
  }
  violate(FindingKind::close_of_unknown, event, none,
          "close(" + std::to_string(fd) + ") of a descriptor never opened");
}

bool Ledger::owns_exactly(std::uintptr_t address,
                          std::size_t length) const noexcept {
  const auto it = live_.find(address);
  return it != live_.end() && rounded(it->second.length) == rounded(length);
}

std::vector<Finding> Ledger::leaks() const {
  std::vector<Finding> out;
  for (const auto& [fd, descriptor] : open_) {
    out.push_back({FindingKind::leaked_descriptor, none, descriptor.origin,
                   story(fd, descriptor.path), static_cast<std::uintptr_t>(fd),
                   0});
  }
  for (const auto& [begin, mapping] : live_) {
    if (mapping.fd >= 0) {
      out.push_back({FindingKind::leaked_mapping, none, mapping.origin,
                     std::to_string(mapping.length) + " bytes at " +
                         hex(begin) + " mapped from fd " +
                         std::to_string(mapping.fd),
                     begin, mapping.length});
    }
  }
  return out;
}

}  // namespace ffikit::check
