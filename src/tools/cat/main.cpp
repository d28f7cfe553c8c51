// ffikit-cat FILE...: the closing example of "mmap and the Rust Foreign
// Function Interface" (Tommy McGuire, 12 June 2013) as a real tool. All the
// logic lives in ffikit::cat::run so that tests and fuzz targets share it.
//
// SIGPIPE keeps its default disposition, so `ffikit-cat big | head -1` ends
// silently the way cat does; with SIGPIPE ignored, run() sees EPIPE and stops
// quietly with status 1.
#include <cstdio>
#include <new>
#include <string_view>
#include <vector>

#include "ffikit/cat/cat.hpp"

int main(int argc, char** argv) {
  std::vector<std::string_view> operands;
  try {
    for (int i = 1; i < argc; ++i) {
      operands.emplace_back(argv[i]);
    }
  } catch (const std::bad_alloc&) {
    // Nothing more can be done if stderr fails too; the status says it.
    static_cast<void>(std::fputs("ffikit-cat: out of memory\n", stderr));
    return 1;
  }
  return ffikit::cat::run(operands, ffikit::cat::Streams{});
}
