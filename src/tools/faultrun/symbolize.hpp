/// @file
/// Call sites as source locations: a return address recorded in a watched
/// process, with the executable mappings its report lists, becomes
/// "file.cpp:42 (function)" through elfutils' libdw, or "function+0x1c"
/// without debug information, or "module+0x2a1f" without symbols.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ffikit/check/report.hpp"

namespace ffikit::faultrun {

/// Where a call site is.
struct SourceLocation {
  std::string module;                 ///< The mapped file, or empty.
  std::uint64_t module_offset = 0;    ///< File offset of the address in it.
  std::string function;               ///< Demangled function name, or empty.
  std::uint64_t function_offset = 0;  ///< The address's offset in it.
  std::string file;  ///< Source file from the debug information, or empty.
  int line = 0;      ///< Its line, 0 when unknown.

  /// "x.cpp:42 (leak_on_error)", "leak_on_error+0x1c (/usr/bin/prog)",
  /// "/usr/bin/prog+0x2a1f", or the address in hex for an unknown module.
  [[nodiscard]] std::string text() const;
};

/// One PT_LOAD program header: where a part of the file is mapped.
struct LoadSegment {
  std::uint64_t offset = 0;  ///< p_offset.
  std::uint64_t vaddr = 0;   ///< p_vaddr.
  std::uint64_t filesz = 0;  ///< p_filesz.
};

/// The ELF virtual address of file offset @p offset in a file with these
/// PT_LOAD @p segments; std::nullopt when no segment holds it. Pure.
std::optional<std::uint64_t> file_offset_to_vaddr(
    const std::vector<LoadSegment>& segments, std::uint64_t offset);

/// Resolves call sites, keeping each module's debug information open
/// between calls. It opens files without close-on-exec (libdw does), so
/// use it only when no program will be started any more.
class Symbolizer {
 public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;
  Symbolizer(Symbolizer&&) = delete;
  Symbolizer& operator=(Symbolizer&&) = delete;

  /// Where the return address @p site of a process with @p modules points:
  /// the call instruction just before it.
  SourceLocation locate(std::uintptr_t site,
                        const std::vector<check::Module>& modules);

  /// locate(site, modules).text(), or "" for site 0.
  std::string text(std::uintptr_t site,
                   const std::vector<check::Module>& modules);

 private:
  struct Module;
  Module* module_for(const std::string& path);
  std::map<std::string, std::unique_ptr<Module>> modules_;
};

}  // namespace ffikit::faultrun
