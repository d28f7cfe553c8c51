/// @file
/// Replays fuzz inputs through a target's LLVMFuzzerTestOneInput without
/// libFuzzer, so that every build (g++, clang, sanitizers, valgrind) runs
/// the committed corpora as ordinary tests. Debian ships no such driver.
///
/// Usage: REPLAY [FILE|DIRECTORY]...
/// Each file is one input; a directory contributes its regular files in
/// name order. After every input the driver compares this process's open
/// descriptors and file-backed mappings with those before it and fails on
/// any difference, which libFuzzer itself would not notice. Exits 0 when
/// every input ran cleanly, 1 on a leak or when no input was found; a broken
/// invariant aborts inside the target, as it does under libFuzzer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);
// Optional in a target, as under libFuzzer.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc,
                                                          char*** argv);

namespace {

/// Open descriptors ("FD -> TARGET") and file-backed mappings of this
/// process. Anonymous memory is left out: allocators come and go.
std::set<std::string> resources() {
  std::set<std::string> held;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/self/fd", error)) {
    std::error_code link_error;
    const auto target = std::filesystem::read_symlink(entry.path(), link_error);
    held.insert("descriptor " + entry.path().filename().string() + " -> " +
                target.string());
  }
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    // "START-END PERMS OFFSET DEV INODE PATH": keep lines naming a file.
    const std::size_t slash = line.find('/');
    if (slash != std::string::npos) {
      held.insert("mapping " + line.substr(0, line.find(' ')) + " " +
                  line.substr(slash));
    }
  }
  return held;
}

/// What @p after holds that @p before did not. The snapshot's own directory
/// descriptor shows in both, with the same number, so it cancels out.
std::vector<std::string> appeared(const std::set<std::string>& before,
                                  const std::set<std::string>& after) {
  std::vector<std::string> out;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(out));
  return out;
}

std::vector<std::filesystem::path> inputs_of(const char* argument) {
  std::vector<std::filesystem::path> found;
  const std::filesystem::path path(argument);
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (entry.is_regular_file()) {
        found.push_back(entry.path());
      }
    }
    std::sort(found.begin(), found.end());
  } else {
    found.push_back(path);
  }
  return found;
}

bool read_all(const std::filesystem::path& path,
              std::vector<std::uint8_t>& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  bytes.assign(std::istreambuf_iterator<char>(in),
               std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) {
    LLVMFuzzerInitialize(&argc, &argv);
  }
  std::size_t replayed = 0;
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') {
      continue;  // libFuzzer flags, accepted so that reproducers carry over
    }
    for (const std::filesystem::path& input : inputs_of(argv[i])) {
      std::vector<std::uint8_t> bytes;
      if (!read_all(input, bytes)) {
        std::fprintf(stderr, "replay: cannot read %s\n", input.c_str());
        status = 1;
        continue;
      }
      const std::set<std::string> before = resources();
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      const std::set<std::string> after = resources();
      for (const std::string& leak : appeared(before, after)) {
        std::fprintf(stderr, "replay: %s left behind %s\n", input.c_str(),
                     leak.c_str());
        status = 1;
      }
      ++replayed;
    }
  }
  std::printf("replay: %zu inputs, %s\n", replayed,
              status == 0 ? "all clean" : "FAILED");
  if (replayed == 0) {
    std::fprintf(stderr, "replay: no inputs given\n");
    return 1;
  }
  return status;
}
