/// @file
/// ffikit-faultrun's side of the fork server (`--fork-server`, protocol in
/// ffikit/check/fork_server.hpp): the program is started once per worker
/// thread, stopped by the preload library before `main`, and each case is
/// a child forked from it instead of a new exec. Every case still gets its
/// own report directory, fault plan, stdout, stderr and process group, so
/// it is watched and judged exactly as an executed one.
#pragma once

#include <string>

#include "launch.hpp"

namespace ffikit::faultrun {

/// Runs one case as launch_and_wait(@p launch) would, but as a child of a
/// fork server started from the same command and environment (on first use
/// in this thread, and again whenever they change). @p report_dir and
/// @p fault are the case's FFIKIT_CHECK_REPORT and FFIKIT_CHECK_FAULT
/// (empty: none), which @p launch.env also carries.
///
/// Falls back to launch_and_wait() when the command does not become a fork
/// server within its timeout: a program the preload library cannot enter
/// or skips, one that hands the work to another process, or one that ends
/// first. Safe to call from several threads at once.
Ended launch_forked(const Launch& launch, const std::string& report_dir,
                    const std::string& fault);

}  // namespace ffikit::faultrun
