#include "hostile_inputs.hpp"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "files.hpp"

namespace ffikit::faultrun {
namespace {

// 4 GiB + 1: a size that does not fit 32 bits.
constexpr off_t sparse_size = (off_t{1} << 32) + 1;

std::string failure(const char* call, const std::string& path) {
  return std::string(call) + "(" + path + "): " + ::strerrordesc_np(errno);
}

}  // namespace

HostileInputs::HostileInputs() {
  dir_ = make_temporary_directory("ffikit-inputs-");
  if (dir_.empty()) {
    error_ = failure("mkdtemp", "ffikit-inputs-XXXXXX");
    return;
  }
  const std::string empty = dir_ + "/empty";
  const std::string directory = dir_ + "/directory";
  const std::string fifo = dir_ + "/fifo";
  const std::string unprintable = dir_ + "/name\x01\x1b[7m\n\x7f\xff";
  const std::string sparse = dir_ + "/sparse";
  if (int e = write_file(empty, ""); e != 0) {
    errno = e;
    error_ = failure("open", empty);
    return;
  }
  if (int e = write_file(unprintable, "a file with an unprintable name\n");
      e != 0) {
    errno = e;
    error_ = failure("open", unprintable);
    return;
  }
  // SAFETY: NUL-terminated paths inside our own fresh directory.
  if (::mkdir(directory.c_str(), 0755) != 0) {
    error_ = failure("mkdir", directory);
    return;
  }
  // SAFETY: as above.
  if (::mkfifo(fifo.c_str(), 0644) != 0) {
    error_ = failure("mkfifo", fifo);
    return;
  }
  // SAFETY: as above; the descriptor is closed below, close-on-exec
  // meanwhile.
  const int fd = ::open(sparse.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error_ = failure("open", sparse);
    return;
  }
  // SAFETY: our own descriptor; ftruncate makes a hole, no data written.
  const bool sized = ::ftruncate(fd, sparse_size) == 0;
  const int saved = errno;
  // SAFETY: closed once, never retried.
  ::close(fd);
  if (!sized) {
    errno = saved;
    error_ = failure("ftruncate", sparse);
    return;
  }
  inputs_ = {{"empty file", empty},
             {"directory", directory},
             {"FIFO", fifo},
             {"/dev/null", "/dev/null"},
             {"/dev/zero", "/dev/zero"},
             {"/proc file", "/proc/version"},
             {"unprintable name", unprintable},
             {"sparse 4 GiB file", sparse}};
}

HostileInputs::~HostileInputs() {
  if (!dir_.empty()) {
    remove_tree(dir_);
  }
}

std::vector<std::string> substitute(const std::vector<std::string>& command,
                                    const std::string& path) {
  std::vector<std::string> out = command;
  for (std::size_t i = 1; i < out.size(); ++i) {
    for (std::size_t at = out[i].find("{}"); at != std::string::npos;
         at = out[i].find("{}", at + path.size())) {
      out[i].replace(at, 2, path);
    }
  }
  return out;
}

}  // namespace ffikit::faultrun
