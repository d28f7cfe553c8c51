/// @file
/// ffikit-faultrun as a function: parse, run, judge, report.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ffikit::faultrun {

/// Runs ffikit-faultrun with @p args (argv[1..]); @p self is how it was
/// invoked (argv[0]), for the reproduce commands it prints. Reports go to
/// @p out, diagnostics to @p err.
/// @return the exit status: 0 clean, 1 a run failed, 2 usage error or a
/// program that cannot be started or watched.
int faultrun_main(const std::vector<std::string>& args, const std::string& self,
                  std::ostream& out, std::ostream& err);

}  // namespace ffikit::faultrun
