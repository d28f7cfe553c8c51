// Internal: finding the real libc function behind each preloaded entry point.
#pragma once

#include <sys/types.h>

#include <cerrno>
#include <cstddef>
#include <type_traits>

#include "ffikit/check/symbol.hpp"
#include "intercept/interposers.hpp"

namespace ffikit::check::preload {

/// @cond internal
/// The next definition of @p symbol after this library (libc's, or a
/// sanitizer runtime's), looked up once with dlsym(RTLD_NEXT). nullptr
/// while this thread is inside dlsym (which may map memory itself) or when
/// no library defines it.
void* resolve(Symbol symbol) noexcept;

/// Resolves every symbol now, so that later calls find them ready.
void resolve_all() noexcept;

// Raw system calls for the moments when dlsym itself is what is calling.
void* raw_mmap(void* address, std::size_t length, int prot, int flags, int fd,
               off_t offset) noexcept;
int raw_munmap(void* address, std::size_t length) noexcept;
int raw_close(int fd) noexcept;

/// Stands in for a function no library defines: fails with ENOSYS.
template <class F>
struct Unavailable;
template <class R, class... A>
struct Unavailable<R (*)(A...)> {
  static R call(A...) noexcept {
    errno = ENOSYS;
    if constexpr (!std::is_void_v<R>) {
      return detail::failure_value<R>();
    }
  }
};
template <class R, class... A>
struct Unavailable<R (*)(A..., ...)> {
  // It stands in for a C variadic function, so it must be one.
  // NOLINTNEXTLINE(cert-dcl50-cpp)
  static R call(A..., ...) noexcept {
    errno = ENOSYS;
    return detail::failure_value<R>();
  }
};

/// The real function of type @p F for @p symbol; never nullptr.
template <class F>
F next(Symbol symbol) noexcept {
  if (void* found = resolve(symbol)) {
    // SAFETY: dlsym found the symbol the table names with this signature.
    return reinterpret_cast<F>(found);
  }
  if constexpr (std::is_same_v<F, decltype(&raw_mmap)>) {
    return &raw_mmap;
  } else if constexpr (std::is_same_v<F, decltype(&raw_munmap)>) {
    return &raw_munmap;
  } else if constexpr (std::is_same_v<F, decltype(&raw_close)>) {
    if (symbol == Symbol::close) {
      return &raw_close;
    }
  }
  return &Unavailable<F>::call;
}
/// @endcond

}  // namespace ffikit::check::preload
