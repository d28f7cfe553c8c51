// ffikit-faultrun: the lifetime checker and fault injector for any
// dynamically linked program, from the outside.
#include <iostream>
#include <string>
#include <vector>

#include "app.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return ffikit::faultrun::faultrun_main(
      args, argc > 0 ? argv[0] : "ffikit-faultrun", std::cout, std::cerr);
}
