# FFIKIT_SANITIZE is a comma separated list handed to -fsanitize= for every
# target (e.g. "address,undefined" or "thread"). Sanitizers must see the whole
# program, so the flags are global rather than per target.
set(FFIKIT_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined")
if(FFIKIT_SANITIZE)
  add_compile_options(-fsanitize=${FFIKIT_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${FFIKIT_SANITIZE})
  # clang links its UBSan runtime into the program, so -Wl,--wrap reaches
  # the runtime's own calls too; its vptr check probes memory with pipe(2)
  # (IsAccessibleMemoryRange), and an armed checker would count that pipe
  # as the program's. g++'s runtime is a shared library the wrap never
  # reaches, so g++ keeps the check.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND FFIKIT_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize=vptr)
  endif()
endif()

# Source-based coverage (clang): its branches are the conditions written in
# the source, not the unwinding edges gcov also counts, and its runtime
# writes profiles through stdio, which the preloaded checker never sees, so
# the black-box tests can be measured too. FFIKIT_COVERAGE_BUILD lets code
# that leaves a forked child with _exit() write the child's counters first.
option(FFIKIT_COVERAGE "Instrument for clang source-based line and branch coverage" OFF)
if(FFIKIT_COVERAGE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FFIKIT_COVERAGE needs clang (source-based coverage)")
  endif()
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping -O0)
  add_compile_definitions(FFIKIT_COVERAGE_BUILD=1)
  add_link_options(-fprofile-instr-generate)
endif()
