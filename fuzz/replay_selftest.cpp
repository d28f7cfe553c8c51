/// @file
/// A target that exists to test the replay driver itself: the input "leak"
/// leaves a descriptor open and "broken" breaks an invariant; anything else
/// does nothing. The CTest tests fuzz_replay_reports_* prove the driver
/// fails on both, so a clean replay of the real corpora means something.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input == "leak") {
    // SAFETY: a constant, NUL-terminated path; the descriptor outlives the
    // run on purpose and is closed at exit, so only the driver sees a leak.
    static const int leaked = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    static const bool closed_at_exit = std::atexit([] {
                                         // SAFETY: closes the one descriptor
                                         // opened above, once.
                                         ::close(leaked);
                                       }) == 0;
    static_cast<void>(closed_at_exit);
  } else if (input == "broken") {
    ffikit::fuzz::broken("selftest",
                         "planted for the replay driver's own test");
  }
  return 0;
}
