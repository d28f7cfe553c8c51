#include "ffikit/stage4_result/error.hpp"

#include <cerrno>
#include <new>
#include <string>

#include "ffikit/stage3_callback/failure.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"

namespace ffikit {

std::string Error::message() const {
  return stage3::describe(operation_, path_, code_);
}

std::ostream& operator<<(std::ostream& out, const Error& error) {
  return out << error.message();
}

namespace stage4 {

Error to_error(const stage3::Failure& failure, std::string_view path) noexcept {
  try {
    return Error(failure.operation, failure.code, std::string(path));
  } catch (const std::bad_alloc&) {
    // Operation names are short enough for the small-string buffer, and an
    // empty path allocates nothing, so this cannot throw again.
    return Error(failure.operation,
                 std::error_code(ENOMEM, std::system_category()), {});
  }
}

}  // namespace stage4
}  // namespace ffikit
