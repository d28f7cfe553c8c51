// Lesson 9's reference fuzz target.
#include <cstddef>
#include <cstdint>
#include <span>

#include "lesson09.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  static_cast<void>(lesson09::summarize_records(std::as_bytes(input)));
  return 0;
}
