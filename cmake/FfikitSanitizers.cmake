# FFIKIT_SANITIZE is a comma separated list handed to -fsanitize= for every
# target (e.g. "address,undefined" or "thread"). Sanitizers must see the whole
# program, so the flags are global rather than per target.
set(FFIKIT_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined")
if(FFIKIT_SANITIZE)
  add_compile_options(-fsanitize=${FFIKIT_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${FFIKIT_SANITIZE})
endif()

option(FFIKIT_COVERAGE "Instrument for gcov line and branch coverage" OFF)
if(FFIKIT_COVERAGE)
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()
