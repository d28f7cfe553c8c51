// Each stage's whole job (open, fstat, mmap, read, munmap, close) as one
// repeatable operation that reports its failure as an Outcome, for sweeps.
#pragma once

#include <string>

#include "ffikit/check/sweep.hpp"

namespace ffikit::check::testing_support {

// Stage 2, composed by hand from its owners, reporting the first error.
Outcome run_stage2(const std::string& path);
// Stage 3: with_mmap_file_contents; the exception's what() must read
// "OP(PATH): REASON", or the outcome's operation says "malformed".
Outcome run_stage3(const std::string& path);
// Stage 4: try_with_mmap_file_contents; same message check on Error.
Outcome run_stage4(const std::string& path);
// Stage 1: with_mmap_file_contents; returns only on success (it dies on
// every error).
Outcome run_stage1(const std::string& path);

}  // namespace ffikit::check::testing_support
