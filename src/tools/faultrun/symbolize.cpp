#include "symbolize.hpp"

#include <cxxabi.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>

#include <cstdlib>
#include <string_view>

#include "ffikit/check/report.hpp"

namespace ffikit::faultrun {
namespace {

std::string hex(std::uint64_t value) {
  static constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[value & 0xfU]);
    value >>= 4U;
  } while (value != 0);
  return "0x" + out;
}

// "ns::f(int) const" -> "ns::f": a parameter list says nothing a reviewer
// needs next to file:line, and template arguments stay.
std::string without_parameters(std::string name) {
  std::string_view view = name;
  if (view.ends_with(" const")) {
    view.remove_suffix(6);
  }
  if (!view.ends_with(')')) {
    return name;
  }
  int depth = 0;
  for (std::size_t i = view.size(); i-- > 0;) {
    if (view[i] == ')') {
      ++depth;
    } else if (view[i] == '(' && --depth == 0) {
      return i == 0 ? name : name.substr(0, i);
    }
  }
  return name;
}

std::string demangle(const char* name) {
  int status = 0;
  // SAFETY: __cxa_demangle returns a malloc'ed string (freed below) or
  // nullptr for a name that is not a mangled C++ name.
  char* plain = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (plain == nullptr) {
    return name;
  }
  std::string out = plain;
  std::free(plain);  // NOLINT(cppcoreguidelines-no-malloc): its contract.
  return without_parameters(std::move(out));
}

// libdw looks for separate debug information beside the file, in
// /usr/lib/debug by build ID, and (only if the user set DEBUGINFOD_URLS)
// through debuginfod.
const Dwfl_Callbacks callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = nullptr,
};

}  // namespace

struct Symbolizer::Module {
  Dwfl* dwfl = nullptr;
  Dwfl_Module* module = nullptr;
  GElf_Addr bias = 0;
  std::vector<LoadSegment> segments;

  Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  Module(Module&&) = delete;
  Module& operator=(Module&&) = delete;
  ~Module() {
    if (dwfl != nullptr) {
      // SAFETY: created by dwfl_begin, ended once.
      dwfl_end(dwfl);
    }
  }
};

std::string SourceLocation::text() const {
  if (!file.empty() && line > 0) {
    return file + ":" + std::to_string(line) +
           (function.empty() ? "" : " (" + function + ")");
  }
  if (!function.empty()) {
    return function + "+" + hex(function_offset) + " (" + module + ")";
  }
  if (!module.empty()) {
    return module + "+" + hex(module_offset);
  }
  return hex(module_offset);
}

std::optional<std::uint64_t> file_offset_to_vaddr(
    const std::vector<LoadSegment>& segments, std::uint64_t offset) {
  for (const LoadSegment& s : segments) {
    if (s.offset <= offset && offset - s.offset < s.filesz) {
      return offset - s.offset + s.vaddr;
    }
  }
  return std::nullopt;
}

Symbolizer::Symbolizer() = default;
Symbolizer::~Symbolizer() = default;

Symbolizer::Module* Symbolizer::module_for(const std::string& path) {
  auto found = modules_.find(path);
  if (found != modules_.end()) {
    return found->second.get();
  }
  auto made = std::make_unique<Module>();
  // SAFETY: callbacks outlives every Dwfl; each call below checks its
  // result before the next uses it.
  made->dwfl = dwfl_begin(&callbacks);
  if (made->dwfl != nullptr) {
    dwfl_report_begin(made->dwfl);
    made->module =
        dwfl_report_elf(made->dwfl, path.c_str(), path.c_str(), -1, 0, false);
    dwfl_report_end(made->dwfl, nullptr, nullptr);
  }
  if (made->module != nullptr) {
    Elf* elf = dwfl_module_getelf(made->module, &made->bias);
    std::size_t count = 0;
    if (elf != nullptr && elf_getphdrnum(elf, &count) == 0) {
      for (std::size_t i = 0; i < count; ++i) {
        GElf_Phdr header{};
        if (gelf_getphdr(elf, static_cast<int>(i), &header) != nullptr &&
            header.p_type == PT_LOAD) {
          made->segments.push_back(
              {header.p_offset, header.p_vaddr, header.p_filesz});
        }
      }
    }
  }
  Module* out = made.get();
  modules_.emplace(path, std::move(made));
  return out;
}

SourceLocation Symbolizer::locate(std::uintptr_t site,
                                  const std::vector<check::Module>& modules) {
  SourceLocation out;
  out.module_offset = site;
  const check::Module* mapped = nullptr;
  for (const check::Module& m : modules) {
    if (m.start <= site && site < m.end) {
      mapped = &m;
      break;
    }
  }
  if (mapped == nullptr) {
    return out;
  }
  out.module = mapped->path;
  out.module_offset = site - mapped->start + mapped->offset;
  Module* module = module_for(mapped->path);
  if (module == nullptr || module->module == nullptr) {
    return out;
  }
  const auto vaddr = file_offset_to_vaddr(module->segments, out.module_offset);
  if (!vaddr || *vaddr == 0) {
    return out;
  }
  // A return address follows the call: look up the call instruction.
  const Dwarf_Addr address = *vaddr + module->bias - 1;
  GElf_Off offset = 0;
  GElf_Sym symbol{};
  // SAFETY: every out-parameter points at a local; the returned name lives
  // as long as the module.
  if (const char* name =
          dwfl_module_addrinfo(module->module, address, &offset, &symbol,
                               nullptr, nullptr, nullptr)) {
    out.function = demangle(name);
    out.function_offset = offset + 1;
  }
  // SAFETY: as above; the file name lives as long as the module.
  if (Dwfl_Line* line = dwfl_module_getsrc(module->module, address)) {
    int number = 0;
    if (const char* file =
            dwfl_lineinfo(line, nullptr, &number, nullptr, nullptr, nullptr)) {
      out.file = file;
      out.line = number;
    }
    return out;
  }
  // clang writes no .debug_aranges, the index dwfl_module_getsrc looks the
  // address up in: ask each compilation unit whether it holds the address.
  Dwarf_Die* unit = nullptr;
  Dwarf_Addr unit_bias = 0;
  // SAFETY: each unit returned is owned by the module and used only here.
  while ((unit = dwfl_module_nextcu(module->module, unit, &unit_bias)) !=
         nullptr) {
    if (dwarf_haspc(unit, address - unit_bias) <= 0) {
      continue;
    }
    if (Dwarf_Line* line = dwarf_getsrc_die(unit, address - unit_bias)) {
      int number = 0;
      if (const char* file = dwarf_linesrc(line, nullptr, nullptr);
          file != nullptr && dwarf_lineno(line, &number) == 0) {
        out.file = file;
        out.line = number;
      }
    }
    break;
  }
  return out;
}

std::string Symbolizer::text(std::uintptr_t site,
                             const std::vector<check::Module>& modules) {
  return site == 0 ? std::string() : locate(site, modules).text();
}

}  // namespace ffikit::faultrun
