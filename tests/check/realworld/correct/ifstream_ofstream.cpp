// The C++ streams: copy a file with std::ifstream and std::ofstream, both
// closed by their destructors at the end of the scope, then read the copy
// back. libstdc++ opens with fopen64, which no open() interposer sees.
// expect: ok
// args: {file} {out}
#include <cstdio>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s FILE OUT\n", argv[0]);
    return 2;
  }
  {
    std::ifstream in(argv[1], std::ios::binary);
    std::ofstream out(argv[2], std::ios::binary);
    if (!in || !out) {
      return 2;
    }
    out << in.rdbuf();
  }
  std::ifstream copy(argv[2], std::ios::binary);
  std::string line;
  int lines = 0;
  while (std::getline(copy, line)) {
    ++lines;
  }
  return lines == 1024 ? 0 : 1;
}
