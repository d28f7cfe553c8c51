#include "ffikit/stage3_callback/opened_file.hpp"

#include <fcntl.h>

#include <utility>

namespace ffikit::stage3 {

Failure open_for_contents(std::string_view path, const Options& options,
                          OpenedFile& out) noexcept {
  std::error_code error;
  const struct stat seen = stage2::status_of(path, error);
  bool blocking = false;
  if (!error) {
    const ContentsPlan planned =
        plan_contents(seen.st_mode, seen.st_size, options);
    if (planned.route == ContentsRoute::refuse) {
      return {check_step, {planned.refusal, std::system_category()}};
    }
    blocking = planned.route == ContentsRoute::read_special;
  }
  OpenedFile file;
  file.descriptor =
      stage2::open_read_only(path, error, blocking ? 0 : O_NONBLOCK);
  if (error) {
    return {"open", error};
  }
  file.status = stage2::status_of(file.descriptor, error);
  if (error) {
    return {"fstat", error};
  }
  file.plan = plan_contents(file.status.st_mode, file.status.st_size, options);
  if (file.plan.route == ContentsRoute::refuse) {
    return {check_step, {file.plan.refusal, std::system_category()}};
  }
  out = std::move(file);
  return {};
}

}  // namespace ffikit::stage3
