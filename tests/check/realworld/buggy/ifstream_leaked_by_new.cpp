// A std::ifstream made with new and never deleted (an owner held by raw
// pointer in a long-lived object): its file stays open. libstdc++'s
// filebuf opens with fopen64, so what leaks is a stream.
// expect: leaked stream
// args: {file}
#include <cstdio>
#include <fstream>
#include <string>

namespace {

struct Config {
  std::ifstream* source = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  Config config;
  config.source = new std::ifstream(argv[1]);  // bug: never deleted
  std::string first;
  return std::getline(*config.source, first) && first == "0000000" ? 0 : 1;
}
