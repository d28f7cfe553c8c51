// Planted defects for the clang-tidy gate: each block below holds one
// defect that a check in .clang-tidy must report (lint_gate.py prove-tidy
// lists which). Never compiled into the kit.
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

struct Uninitialised {
  Uninitialised() {}  // cppcoreguidelines-pro-type-member-init: value
  int value;
};

// performance-unnecessary-value-param: a vector copied for a read.
std::size_t count(std::vector<std::string> names) { return names.size(); }

int planted(const char* a, const char* b) {
  std::string owned = "moved away";
  std::string taken = std::move(owned);
  // bugprone-use-after-move: owned is read after being moved from.
  std::size_t size = owned.size() + taken.size();
  // cert-err33-c: the result of fclose is ignored.
  std::FILE* file = std::fopen("/dev/null", "r");
  if (file != nullptr) {
    std::fclose(file);
  }
  // bugprone-suspicious-string-compare: strcmp used as a boolean.
  if (std::strcmp(a, b)) {
    ++size;
  }
  return static_cast<int>(size + count({}) + Uninitialised().value);
}
