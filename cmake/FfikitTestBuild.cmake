# Build speed of the test programs, which are most of what CI compiles.
#
# A precompiled header: every test source includes GoogleTest, whose headers
# (with gmock's) cost each translation unit more than a second to parse.
# They are precompiled once per configuration (target ffikit_test_pch) and
# reused by every test program whose flags allow it. A precompiled header
# holds the headers as they were parsed, so a program whose own flags could
# change what a system header declares compiles without it: an optimisation
# level, a sanitizer, or a feature macro such as _FILE_OFFSET_BITS=64 (clang
# would otherwise use the 32-bit declarations without a word).
#
# Unity builds: the sources of one test program are compiled as one
# translation unit, so the headers they share and the GoogleTest templates
# they all instantiate are compiled once per program, not once per file.
# Sources that cannot share a unit with the others (clashing names in
# anonymous namespaces) are named with NO_UNITY in ffikit_add_gtest().
option(FFIKIT_TEST_PCH "Precompile GoogleTest's headers once for the test programs" ON)
option(FFIKIT_TEST_UNITY "Compile each test program's sources as one unit" ON)

if(FFIKIT_TEST_PCH)
  add_library(ffikit_test_pch OBJECT ${PROJECT_SOURCE_DIR}/tests/support/pch_anchor.cpp)
  target_link_libraries(ffikit_test_pch PRIVATE GTest::gmock)
  target_precompile_headers(ffikit_test_pch PRIVATE <gtest/gtest.h> <gmock/gmock.h>)
  ffikit_warnings(ffikit_test_pch)
endif()

# ffikit_use_test_pch(TARGET): compile TARGET with the shared precompiled
# header, unless its own flags forbid it (then it parses the headers itself,
# which is slower, never wrong). Call it once the target's flags are final:
# ffikit_add_gtest() defers the call to the end of the configure step.
function(ffikit_use_test_pch target)
  if(NOT FFIKIT_TEST_PCH)
    return()
  endif()
  # Flags that make the shared header unusable, or wrong, when a program
  # has them and ffikit_test_pch does not. Flags every target of a
  # configuration shares (its sanitizer, coverage) are in both.
  set(incompatible "^(-O|-fsanitize|-fno-sanitize|-fprofile|-fcoverage|-m|-D|-U|-std=|-include)")
  foreach(property COMPILE_OPTIONS COMPILE_DEFINITIONS)
    get_target_property(own ${target} ${property})
    get_target_property(shared ffikit_test_pch ${property})
    if(NOT own)
      continue()
    endif()
    if(NOT shared)
      set(shared "")
    endif()
    foreach(item IN LISTS own)
      if(item IN_LIST shared)
        continue()
      endif()
      # Any definition of the program's own may be a feature macro
      # (_FILE_OFFSET_BITS, _FORTIFY_SOURCE) or a GoogleTest setting, unless
      # it is one of the kit's own FFIKIT_* values (paths of programs).
      if(property STREQUAL "COMPILE_DEFINITIONS" AND NOT item MATCHES "^FFIKIT_")
        return()
      endif()
      if(property STREQUAL "COMPILE_OPTIONS" AND item MATCHES "${incompatible}")
        return()
      endif()
    endforeach()
  endforeach()
  # With g++, CMake adds -Winvalid-pch, which -Werror (ffikit_warnings)
  # turns into an error: a header that silently stopped being used would
  # otherwise only show as a slower build. clang refuses an unusable one.
  target_precompile_headers(${target} REUSE_FROM ffikit_test_pch)
endfunction()
