#include "judged_run.hpp"

namespace ffikit::faultrun {

const SourceLocation* JudgedRun::location(std::size_t process,
                                          std::uintptr_t site) const {
  if (site == 0 || process >= sites.size()) {
    return nullptr;
  }
  const auto it = sites[process].find(site);
  return it != sites[process].end() ? &it->second : nullptr;
}

std::string JudgedRun::where(std::size_t process, std::uintptr_t site) const {
  if (site == 0) {
    return {};
  }
  if (const SourceLocation* found = location(process, site)) {
    return found->text();
  }
  return process < run.processes.size()
             ? check::site_text(site, run.processes[process].modules)
             : std::string();
}

}  // namespace ffikit::faultrun
