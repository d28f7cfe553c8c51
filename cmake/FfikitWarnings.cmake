# Warnings are errors for every target the kit builds, with both compilers.
# ffikit_warnings(<target>) applies the set to one target so that system and
# third-party headers (GoogleTest, tl::expected) keep their own rules.
function(ffikit_warnings target)
  set(common
    -Wall -Wextra -Wpedantic -Werror
    -Wconversion -Wsign-conversion -Wshadow -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align -Wnull-dereference
    -Wformat=2 -Wimplicit-fallthrough -Wundef -Wmissing-declarations)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    list(APPEND common -Wuseless-cast -Wduplicated-cond -Wlogical-op)
    # g++ 12 computes these two after inlining, so with optimisation (the
    # release preset) they fire inside libstdc++'s own headers (streambuf,
    # char_traits) on correct code. They stay warnings there; in debug
    # builds, where they find nothing of the sort, they stay errors.
    list(APPEND common
      $<$<NOT:$<CONFIG:Debug>>:-Wno-error=null-dereference>
      $<$<NOT:$<CONFIG:Debug>>:-Wno-error=restrict>)
  elseif(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    list(APPEND common -Wextra-semi -Wunreachable-code -Wshorten-64-to-32)
  endif()
  target_compile_options(${target} PRIVATE ${common})
endfunction()
