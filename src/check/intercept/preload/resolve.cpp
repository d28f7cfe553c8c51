#include "intercept/preload/resolve.hpp"

#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <atomic>

namespace ffikit::check::preload {
namespace {

// The entry points are called by the program with no object to carry
// state; each slot is atomic and the flag thread-local.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables)
std::array<std::atomic<void*>, symbol_count> found{};
__attribute__((tls_model("initial-exec"))) thread_local bool resolving = false;
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

}  // namespace

void* resolve(Symbol symbol) noexcept {
  std::atomic<void*>& slot = found[static_cast<std::size_t>(symbol)];
  if (void* ready = slot.load(std::memory_order_acquire)) {
    return ready;
  }
  if (resolving) {
    return nullptr;
  }
  resolving = true;
  // SAFETY: RTLD_NEXT skips this library; the name is a C symbol of the
  // table, whose signature the entry point declares.
  void* next = ::dlsym(RTLD_NEXT, name(symbol));
  resolving = false;
  slot.store(next, std::memory_order_release);
  return next;
}

void resolve_all() noexcept {
  for (std::size_t i = 0; i < symbol_count; ++i) {
    static_cast<void>(resolve(static_cast<Symbol>(i)));
  }
}

void* raw_mmap(void* address, std::size_t length, int prot, int flags, int fd,
               off_t offset) noexcept {
  // SAFETY: the caller's own arguments, passed to the kernel unchanged.
  const long result =
      ::syscall(SYS_mmap, address, length, prot, flags, fd, offset);
  return reinterpret_cast<void*>(result);  // NOLINT(performance-no-int-to-ptr)
}

int raw_munmap(void* address, std::size_t length) noexcept {
  // SAFETY: the caller's own arguments, passed to the kernel unchanged.
  return static_cast<int>(::syscall(SYS_munmap, address, length));
}

int raw_close(int fd) noexcept {
  // SAFETY: the caller's own argument, passed to the kernel unchanged.
  return static_cast<int>(::syscall(SYS_close, fd));
}

}  // namespace ffikit::check::preload
