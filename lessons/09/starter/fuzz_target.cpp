// A libFuzzer target: libFuzzer calls this with many generated inputs and
// reports the first one that makes ASan or UBSan complain.
#include <cstddef>
#include <cstdint>
#include <span>

#include "lesson09.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  // TODO: hand the input to lesson09::summarize_records as a span of
  // std::byte (std::as_bytes of a std::span<const std::uint8_t>).
  static_cast<void>(data);
  static_cast<void>(size);
  return 0;
}
