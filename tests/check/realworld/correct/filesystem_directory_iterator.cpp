// std::filesystem::directory_iterator and file_size over a directory:
// libstdc++ (GCC 12) opens the directory with openat and wraps it with
// fdopendir inside its shared library, and closedirs it when the last
// iterator copy goes away: a directory stream from a library's calls.
// expect: ok
// args: {dir}
#include <cstdint>
#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::uintmax_t total = 0;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    total += entry.file_size();
    ++files;
  }
  return files == 3 && total == 6 ? 0 : 1;
}
