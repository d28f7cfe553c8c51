// The in-process way in: link-time wrappers. A target linked with
// ffikit_link_checker() has every reference to a watched function in its
// own objects and static libraries redirected here by -Wl,--wrap=NAME; the
// linker binds __real_NAME to the libc function. Only the rows of
// watched_calls.def marked `both` are wrapped: exec, _exit and vfork stay
// untouched in a test binary.
#include "monitor.hpp"

// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cppcoreguidelines-macro-usage,bugprone-macro-parentheses)
#define FFIKIT_ENTRY(result, symbol, parameters) \
  extern "C" result __real_##symbol parameters;  \
  extern "C" result __wrap_##symbol parameters;  \
  extern "C" result __wrap_##symbol parameters
#define FFIKIT_REAL(symbol, result, parameters) (&__real_##symbol)
#define FFIKIT_CALL_preload(symbol, result, parameters, arguments)
#include "intercept/entry_points.inc"
// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cppcoreguidelines-macro-usage,bugprone-macro-parentheses)

namespace ffikit::check::detail {

const RealCalls& real_calls() noexcept {
  static constexpr RealCalls calls{__real_close, __real_mmap, __real_munmap};
  return calls;
}

}  // namespace ffikit::check::detail
