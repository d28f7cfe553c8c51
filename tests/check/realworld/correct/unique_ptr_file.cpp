// std::unique_ptr<FILE, fclose deleter> and std::unique_ptr<DIR, closedir
// deleter>: C handles owned the C++ way, released on every return path
// (the pattern the C++ Core Guidelines' R.1 recommends for C APIs).
// expect: ok
// args: {file} {dir}
#include <dirent.h>

#include <cstdio>
#include <memory>

namespace {

struct CloseFile {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
struct CloseDir {
  void operator()(DIR* dir) const noexcept { ::closedir(dir); }
};

int entries(const char* path) {
  const std::unique_ptr<DIR, CloseDir> dir(::opendir(path));
  if (!dir) {
    return -1;
  }
  int count = 0;
  while (::readdir(dir.get()) != nullptr) {
    ++count;
  }
  return count;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s FILE DIR\n", argv[0]);
    return 2;
  }
  const std::unique_ptr<std::FILE, CloseFile> file(std::fopen(argv[1], "re"));
  if (!file) {
    return 2;
  }
  long first = 0;
  if (std::fscanf(file.get(), "%ld", &first) != 1) {
    return 1;
  }
  return entries(argv[2]) == 5 ? 0 : 1;
}
