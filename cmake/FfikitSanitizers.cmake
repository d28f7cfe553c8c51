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
# the source, not the unwinding edges gcov also counts. The black-box tests
# are measured too: the runtime in the preloaded checker writes its profile
# from the checker's own code, which the checker passes over. FFIKIT_COVERAGE_BUILD
# lets code that leaves a forked child with _exit() write the child's
# counters first.
option(FFIKIT_COVERAGE "Instrument for clang source-based line and branch coverage" OFF)
if(FFIKIT_COVERAGE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "FFIKIT_COVERAGE needs clang (source-based coverage)")
  endif()
  add_compile_options(-fprofile-instr-generate -fcoverage-mapping -O0)
  add_compile_definitions(FFIKIT_COVERAGE_BUILD=1)
  add_link_options(-fprofile-instr-generate)
endif()

# A program the tests watch from outside with ffikit-faultrun, standing for
# a user's program: built without the coverage runtime. That runtime sits in
# the program itself and writes its profile with open/fdopen/fclose at exit,
# calls the checker rightly sees as the program's (and sweeps), which would
# change every count and trace such a test pins down. The directory's flags
# are taken off rather than countered: clang links the runtime (and its
# exit hook) whenever -fprofile-instr-generate is on the link line, even
# after a -fno-profile-instr-generate. Such a program must be built from
# its own sources, since instrumented objects need the runtime.
function(ffikit_watched_program target)
  if(FFIKIT_COVERAGE)
    foreach(property COMPILE_OPTIONS LINK_OPTIONS)
      get_target_property(options ${target} ${property})
      if(options)
        list(REMOVE_ITEM options -fprofile-instr-generate -fcoverage-mapping)
        set_target_properties(${target} PROPERTIES ${property} "${options}")
      endif()
    endforeach()
  endif()
endfunction()
