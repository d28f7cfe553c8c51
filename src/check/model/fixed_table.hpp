// Internal: a fixed-size array allocated once, zero-filled lazily.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>

namespace ffikit::check {

/// @cond internal
/// An array of @p T sized once, at construction, with calloc: large tables
/// cost only the pages that are touched (the kernel hands out zero pages
/// lazily). T must be trivially copyable and all-zero bits must be a valid
/// value; each element is value-initialised before use.
template <class T>
class FixedArray {
  static_assert(std::is_trivially_copyable_v<T>);
  static_assert(std::is_trivially_destructible_v<T>);

 public:
  explicit FixedArray(std::size_t size)
      // SAFETY: calloc returns zeroed, suitably aligned storage or nullptr;
      // the deleter frees it. calloc, not new: untouched pages cost nothing.
      // NOLINTNEXTLINE(cppcoreguidelines-no-malloc)
      : data_(static_cast<T*>(std::calloc(size == 0 ? 1 : size, sizeof(T)))),
        size_(size) {
    if (data_ == nullptr) {
      throw std::bad_alloc();
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  T& operator[](std::size_t i) noexcept { return data_.get()[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_.get()[i]; }

 private:
  struct Free {
    void operator()(T* p) const noexcept {
      // SAFETY: p came from calloc.
      std::free(p);  // NOLINT(cppcoreguidelines-no-malloc)
    }
  };
  std::unique_ptr<T, Free> data_;
  std::size_t size_;
};
/// @endcond

}  // namespace ffikit::check
