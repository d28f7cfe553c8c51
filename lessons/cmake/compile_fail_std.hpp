// The standard headers the lessons' compile-fail sources and the headers
// they test include. compile_fail_check.cmake passes this file to every
// compile with -include, so the misuse and its control see the same
// declarations; the build precompiles it once (next to its copy in the build
// tree), which makes each of those compiles several times cheaper than
// parsing these headers again.
#include <concepts>
#include <cstddef>
#include <functional>
#include <ranges>
#include <span>
#include <type_traits>
#include <vector>
