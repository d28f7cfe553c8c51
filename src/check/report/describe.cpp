// describe(): a finding as one line of text for people.
#include <string>

#include "ffikit/check/ledger.hpp"
#include "report/hex.hpp"

namespace ffikit::check {
namespace {

// How a descriptor came to be: "fd 3 from open(/tmp/x)", "fd 5 from pipe",
// "fd 4 from dup2 of fd 3 (/tmp/x)".
std::string story(const Finding& f) {
  std::string out = "fd " + std::to_string(f.fd);
  if (f.origin == no_entry) {
    return out;
  }
  out += " from ";
  out += name(f.acquired_by);
  const Function function = function_of(f.acquired_by);
  if (function == Function::dup || function == Function::fcntl) {
    out += " of fd " + std::to_string(f.source_fd);
    if (!f.path.empty()) {
      out += " (" + printable(f.path) + ")";
    }
  } else if (!f.path.empty()) {
    out += "(" + printable(f.path) + ")";
  }
  return out;
}

// "FILE* from fopen(/x) (fd 3)".
std::string stream_story(const Finding& f) {
  std::string out = f.directory ? "DIR*" : "FILE*";
  out += " from ";
  out += name(f.acquired_by);
  if (!f.path.empty()) {
    out += "(" + printable(f.path) + ")";
  }
  return out + " (fd " + std::to_string(f.fd) + ")";
}

std::string range(std::uintptr_t address, std::size_t length) {
  return "munmap(" + hex(address) + ", " + std::to_string(length) + ")";
}

// The call that released (or tried to release) a descriptor: "close(3)",
// or "dup2 closing fd 3" for the calls that close one as a side effect.
std::string release(const Finding& f) {
  if (f.call == Symbol::close) {
    return "close(" + std::to_string(f.fd) + ")";
  }
  return std::string(name(f.call)) + " closing fd " + std::to_string(f.fd);
}

// "mapped by mmap from fd 3 (/tmp/x)": a mapping's origin is the mmap call;
// the descriptor it was made from says which file.
std::string mapping_story(const Finding& f) {
  std::string out = "mapped by ";
  out += name(f.acquired_by);
  out += " from fd " + std::to_string(f.fd);
  if (!f.path.empty()) {
    out += " (" + printable(f.path) + ")";
  }
  return out;
}

std::string detail(const Finding& f) {
  switch (f.kind) {
    case FindingKind::leaked_descriptor:
      return story(f);
    case FindingKind::leaked_stream:
      return stream_story(f);
    case FindingKind::leaked_mapping:
      return std::to_string(f.length) + " bytes at " + hex(f.address) + " " +
             mapping_story(f);
    case FindingKind::double_close:
      return std::string(name(f.call)) + " of already closed " + story(f);
    case FindingKind::close_of_unknown:
      return release(f) + ": a descriptor never acquired while watched";
    case FindingKind::use_after_close:
      return std::string(name(f.call)) + " on closed " + story(f);
    case FindingKind::munmap_of_unknown:
      return range(f.address, f.length) + " of a range never mapped";
    case FindingKind::munmap_wrong_range:
      return range(f.address, f.length) + " of a mapping of " +
             std::to_string(f.mapped_length) + " bytes";
    case FindingKind::double_munmap:
      return range(f.address, f.length) + " of a range already unmapped";
    case FindingKind::close_before_munmap:
      return release(f) + " while the mapping at " + hex(f.address) +
             " made from it is still mapped";
    case FindingKind::close_of_stream_descriptor:
      return release(f) + ", the descriptor of " + stream_story(f) +
             ", which its " + (f.directory ? "closedir" : "fclose") +
             " will close again";
    case FindingKind::leaked_into_exec:
      return story(f) + " has no close-on-exec and survives into the new image";
    case FindingKind::close_of_borrowed:
      return release(f) + ": a descriptor the caller lent";
  }
  return "?";
}

}  // namespace

std::string describe(const Finding& finding) {
  std::string out = kind_name(finding.kind);
  if (finding.at != no_entry) {
    out += " at #" + std::to_string(finding.at);
  }
  out += ": " + detail(finding);
  if (finding.origin != no_entry) {
    out += " (acquired at #" + std::to_string(finding.origin) + ")";
  }
  return out;
}

}  // namespace ffikit::check
