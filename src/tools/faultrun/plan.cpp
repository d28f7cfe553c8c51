#include "plan.hpp"

#include <cerrno>

#include "ffikit/check/errno_catalog.hpp"

namespace ffikit::faultrun {

std::vector<check::FaultPlan> plan_cases(const Options& options,
                                         const check::Report& counted) {
  std::vector<check::FaultPlan> plans;
  for (const check::Function function : options.functions) {
    std::vector<std::size_t> numbers;
    if (const auto chosen = options.calls.find(function);
        chosen != options.calls.end()) {
      numbers = chosen->second;
    } else {
      for (std::size_t n = 1; n <= counted.calls_of(function); ++n) {
        numbers.push_back(n);
      }
    }
    const auto listed = check::documented_errors(function);
    const std::vector<int> errors =
        options.errors.empty() ? std::vector<int>(listed.begin(), listed.end())
                               : options.errors;
    for (const std::size_t nth : numbers) {
      for (const int error : errors) {
        if (options.transient) {
          plans.push_back(check::FaultPlan{function, nth, error, false});
        }
        if (options.persistent &&
            (error != EINTR || options.persistent_eintr)) {
          plans.push_back(check::FaultPlan{function, nth, error, true});
        }
      }
    }
  }
  return plans;
}

}  // namespace ffikit::faultrun
