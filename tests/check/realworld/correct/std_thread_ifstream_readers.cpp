// Eight std::thread workers each read the file 50 times through a
// std::ifstream that its scope closes, the C++ way to fan out over files
// (libstdc++ opens with fopen64, which bypasses an interposed open()).
// expect: ok
// args: {file}
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

bool read_lines(const std::string& path) {
  for (int round = 0; round < 50; ++round) {
    std::ifstream in(path);
    if (!in) {
      return false;
    }
    const auto lines = std::count(std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>(), '\n');
    if (lines != 1024) {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  std::vector<int> ok(8, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&ok, &path, i] { ok[i] = read_lines(path) ? 1 : 0; });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  return std::count(ok.begin(), ok.end(), 1) == 8 ? 0 : 1;
}
