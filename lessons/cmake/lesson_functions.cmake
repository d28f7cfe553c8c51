# Functions that turn one lesson of manifest.json into targets and CTest
# tests, for every variant of its code and for its mutants. Included by
# lessons/CMakeLists.txt; they read the variables lesson_read() sets.

# json_list(OUT JSON KEY...): the elements of a JSON array of strings.
function(json_list out json)
  set(items "")
  string(JSON kind ERROR_VARIABLE missing TYPE "${json}" ${ARGN})
  if(NOT missing AND kind STREQUAL "ARRAY")
    string(JSON count LENGTH "${json}" ${ARGN})
    if(count GREATER 0)
      math(EXPR last "${count} - 1")
      foreach(i RANGE ${last})
        string(JSON item GET "${json}" ${ARGN} ${i})
        list(APPEND items "${item}")
      endforeach()
    endif()
  endif()
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

# json_get(OUT DEFAULT JSON KEY...): a member, or DEFAULT when absent.
function(json_get out default json)
  string(JSON value ERROR_VARIABLE missing GET "${json}" ${ARGN})
  if(missing)
    set(value "${default}")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# Default per-check timeouts in seconds, by verdict: a check that runs
# longer is stopped and reported as timed out. Each is far above what the
# reference needs on a loaded two-core machine (a manifest check may set
# its own "timeout").
set(lesson_timeout_unit 15)
set(lesson_timeout_lifetime 20)
set(lesson_timeout_asan 30)
set(lesson_timeout_compile_fail 30)
set(lesson_timeout_fuzz 45)
set(lesson_timeout_program 30)

# lesson_read(): reads the lesson in ${lesson} into variables of the
# caller's scope: id, lesson_dir, student_files, sources, libs, tests,
# program, uses_checker, task_last, flavours, shared_tests,
# lesson_tool_targets. Also creates the lesson's preload tools and, when
# its tests do not depend on the variant, the object library that holds
# them.
macro(lesson_read)
  string(JSON id GET "${lesson}" id)
  set(lesson_dir ${lessons_dir}/${id})
  json_list(student_files "${lesson}" student_files)
  json_list(sources "${lesson}" sources)
  json_list(libs "${lesson}" libs)
  json_list(tests "${lesson}" tests)
  json_get(program "" "${lesson}" program)
  json_get(uses_checker OFF "${lesson}" checker)
  list(TRANSFORM tests PREPEND ${lesson_dir}/)
  string(JSON task_count LENGTH "${lesson}" tasks)
  math(EXPR task_last "${task_count} - 1")

  # A separate sanitized build is needed when a task has an asan verdict
  # and the whole build is not sanitized already.
  set(flavours plain)
  foreach(ti RANGE ${task_last})
    string(JSON check_count LENGTH "${lesson}" tasks ${ti} checks)
    math(EXPR check_last "${check_count} - 1")
    foreach(ci RANGE ${check_last})
      string(JSON verdict GET "${lesson}" tasks ${ti} checks ${ci} verdict)
      if(verdict STREQUAL "asan" AND NOT FFIKIT_SANITIZE AND NOT "asan" IN_LIST flavours)
        list(APPEND flavours asan)
      endif()
    endforeach()
  endforeach()

  # Libraries injected into the lesson's program (LD_PRELOAD), e.g. one
  # that makes writes short: built once, passed to checks as their tool.
  set(lesson_tool_targets "")
  string(JSON preload_count ERROR_VARIABLE no_preload LENGTH "${lesson}" preload)
  if(NOT no_preload AND preload_count GREATER 0)
    math(EXPR preload_last "${preload_count} - 1")
    foreach(pi RANGE ${preload_last})
      string(JSON preload_target GET "${lesson}" preload ${pi} target)
      string(JSON preload_source GET "${lesson}" preload ${pi} source)
      if(NOT TARGET ${preload_target})
        add_library(${preload_target} MODULE ${lesson_dir}/${preload_source})
        target_link_libraries(${preload_target} PRIVATE ${CMAKE_DL_LIBS})
        ffikit_warnings(${preload_target})
      endif()
      list(APPEND lesson_tool_targets ${preload_target})
    endforeach()
  endif()

  # When no variant brings a header of its own, the grader compiles to the
  # same objects for every variant: build them once, link them into each.
  set(shared_tests OFF)
  file(GLOB solution_headers ${lesson_dir}/solution/*.hpp)
  if(tests AND NOT solution_headers)
    set(shared_tests ON)
    foreach(f IN LISTS student_files)
      if(f MATCHES "\\.(hpp|h)$")
        set(shared_tests OFF)
      endif()
    endforeach()
  endif()
  if(shared_tests)
    foreach(flavour IN LISTS flavours)
      lesson_test_objects(lesson${id}_test_objects ${flavour}
        "${lesson_dir}/include" "")
    endforeach()
  endif()
endmacro()

# lesson_test_objects(NAME FLAVOUR INCLUDES DEPENDS): an object library
# NAME (NAME_asan for the asan flavour) holding the lesson's compiled tests.
function(lesson_test_objects name flavour includes depends)
  set(suffix "")
  if(flavour STREQUAL "asan")
    set(suffix _asan)
  endif()
  add_library(${name}${suffix} OBJECT ${tests})
  target_include_directories(${name}${suffix} PRIVATE ${includes})
  target_link_libraries(${name}${suffix} PRIVATE ${libs} ffikit_lesson_support
    ffikit_test_main GTest::gmock)
  if(uses_checker)
    target_link_libraries(${name}${suffix} PRIVATE ffikit_check
      ffikit_lesson_check_support)
  endif()
  if(flavour STREQUAL "asan")
    target_compile_options(${name}${suffix} PRIVATE ${lesson_asan_flags})
  endif()
  if(depends)
    add_dependencies(${name}${suffix} ${depends})
  endif()
  ffikit_warnings(${name}${suffix})
  lesson_use_test_pch(${name}${suffix})
endfunction()

# lesson_use_test_pch(TARGET): compiles a grader with the kit's shared
# precompiled GoogleTest header, in a build that has one (the command
# ffikit_use_test_pch, which leaves out targets whose flags forbid it, such
# as the ASan flavour). Without it, the work variant precompiles its own
# (see lessons/CMakeLists.txt).
function(lesson_use_test_pch target)
  if(COMMAND ffikit_use_test_pch)
    ffikit_use_test_pch(${target})
  endif()
endfunction()

# lesson_variant_dir(OUT VARIANT): where VARIANT's code lives.
function(lesson_variant_dir out variant)
  if(variant STREQUAL "reference")
    set(dir ${lesson_dir}/solution)
  elseif(variant STREQUAL "starter")
    set(dir ${lesson_dir}/starter)
  elseif(variant STREQUAL "work")
    set(dir ${FFIKIT_LESSON_STUDENT_DIR}/${id})
  else()
    message(FATAL_ERROR "FFIKIT_LESSON_VARIANTS: unknown variant '${variant}'")
  endif()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

# lesson_build(PREFIX CODE_DIR FLAVOURS OBJECTS DEPENDS OUT [PARTS...]): the
# code library PREFIX_code, the test binary PREFIX_tests and the program
# PREFIX_program (when the lesson has them) for each flavour in FLAVOURS,
# from the code in CODE_DIR. OBJECTS names the object library whose tests
# to link ("" for the lesson's shared ones, or a fresh compile against
# CODE_DIR); DEPENDS a target that makes CODE_DIR's files ("" for none).
# PARTS limits what is built to "tests" and/or "program" (default: both).
# OUT receives the targets made.
function(lesson_build prefix code_dir flavours objects depends out)
  set(parts ${ARGN})
  if(NOT parts)
    set(parts tests program)
  endif()
  set(build_tests OFF)
  if(tests AND "tests" IN_LIST parts)
    set(build_tests ON)
  endif()
  set(build_program OFF)
  if(program AND "program" IN_LIST parts)
    set(build_program ON)
  endif()
  set(includes ${code_dir} ${lesson_dir}/include)
  set(code_sources "")
  foreach(f IN LISTS sources)
    list(APPEND code_sources ${code_dir}/${f})
  endforeach()
  set(made "")
  if(NOT build_tests AND NOT build_program)
    set(flavours "")
  endif()
  foreach(flavour IN LISTS flavours)
    set(suffix "")
    if(flavour STREQUAL "asan")
      set(suffix _asan)
    endif()
    set(code ${prefix}_code${suffix})
    if(code_sources)
      add_library(${code} STATIC ${code_sources})
      target_include_directories(${code} PUBLIC ${includes})
      target_link_libraries(${code} PUBLIC ${libs})
      ffikit_warnings(${code})
      if(depends)
        add_dependencies(${code} ${depends})
      endif()
      if(flavour STREQUAL "asan")
        target_compile_options(${code} PRIVATE ${lesson_asan_flags})
      endif()
    else()
      add_library(${code} INTERFACE)
      target_include_directories(${code} INTERFACE ${includes})
      target_link_libraries(${code} INTERFACE ${libs})
    endif()
    if(build_tests)
      if(objects)
        set(test_objects ${objects}${suffix})
      elseif(shared_tests)
        set(test_objects lesson${id}_test_objects${suffix})
      else()
        set(test_objects ${prefix}_test_objects${suffix})
        lesson_test_objects(${prefix}_test_objects ${flavour} "${includes}"
          "${depends}")
      endif()
      set(binary ${prefix}_tests${suffix})
      add_executable(${binary} $<TARGET_OBJECTS:${test_objects}>)
      target_link_libraries(${binary} PRIVATE ${code} ffikit_lesson_support
        ffikit_test_main GTest::gmock)
      if(uses_checker)
        # The checker watches the calls of everything in this link.
        target_link_libraries(${binary} PRIVATE ffikit_lesson_check_support)
        ffikit_link_checker(${binary})
      endif()
      if(flavour STREQUAL "asan")
        target_link_options(${binary} PRIVATE ${lesson_asan_flags})
      endif()
      if(depends)
        add_dependencies(${binary} ${depends})
      endif()
      list(APPEND made ${binary})
    endif()
  endforeach()
  if(build_program)
    add_executable(${prefix}_program ${code_dir}/${program})
    target_link_libraries(${prefix}_program PRIVATE ${prefix}_code)
    ffikit_warnings(${prefix}_program)
    if(depends)
      add_dependencies(${prefix}_program ${depends})
    endif()
    list(APPEND made ${prefix}_program)
  endif()
  if(depends)
    list(APPEND made ${depends})
  endif()
  set(${out} ${made} PARENT_SCOPE)
endfunction()

# lesson_check_name(OUT TI CI): the verdict of check CI of task TI, with
# "-K" added when an earlier check of the same task has that verdict.
function(lesson_check_name out ti ci)
  string(JSON verdict GET "${lesson}" tasks ${ti} checks ${ci} verdict)
  set(kind ${verdict})
  if(ci GREATER 0)
    math(EXPR before "${ci} - 1")
    foreach(bi RANGE ${before})
      string(JSON earlier GET "${lesson}" tasks ${ti} checks ${bi} verdict)
      if(earlier STREQUAL verdict)
        math(EXPR position "${ci} + 1")
        set(kind ${verdict}-${position})
      endif()
    endforeach()
  endif()
  set(${out} ${kind} PARENT_SCOPE)
endfunction()

# lesson_compile_fail_headers(OUT): OUT is the copy, in the build tree, of
# cmake/compile_fail_std.hpp that compile-fail checks include first. The
# first call creates the target lessons_compile_fail_headers, which
# precompiles it with the compiler and -std of those checks (rebuilt when any
# header it reads changes); a check works the same without the precompiled
# file, only slower.
function(lesson_compile_fail_headers out)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/compile_fail)
  set(header ${dir}/std.hpp)
  if(NOT TARGET lessons_compile_fail_headers)
    configure_file(${lessons_dir}/cmake/compile_fail_std.hpp ${header} COPYONLY)
    add_custom_command(OUTPUT ${header}.gch
      COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -x c++-header ${header}
        -o ${header}.gch -MD -MF ${header}.d
      DEPENDS ${header}
      DEPFILE ${header}.d
      COMMENT "Precompiling the standard headers of the compile-fail checks"
      VERBATIM)
    add_custom_target(lessons_compile_fail_headers ALL DEPENDS ${header}.gch)
  endif()
  set(${out} ${header} PARENT_SCOPE)
endfunction()

# lesson_add_check(NAME PREFIX CODE_DIR TI CI BECAUSE LOG LABELS): registers
# check CI of task TI, run on the targets PREFIX_* and the code in CODE_DIR,
# as the CTest test NAME. With BECAUSE (a regular expression) the test is a
# mutant's: it passes only when the check fails and its output matches
# BECAUSE, as judged by ffikit-learn must-fail.
function(lesson_add_check name prefix code_dir ti ci because labels)
  math(EXPR task "${ti} + 1")
  string(JSON check GET "${lesson}" tasks ${ti} checks ${ci})
  string(JSON verdict GET "${check}" verdict)
  json_get(timeout "${lesson_timeout_${verdict}}" "${check}" timeout)
  # Lists passed as one -D argument keep their separators through the
  # command list as $<SEMICOLON>.
  set(includes ${code_dir} ${lesson_dir}/include ${lesson_stage_includes})
  string(REPLACE ";" "$<SEMICOLON>" includes "${includes}")
  set(env "")
  if(verdict STREQUAL "unit" OR verdict STREQUAL "lifetime")
    string(JSON filter GET "${check}" filter)
    set(command $<TARGET_FILE:${prefix}_tests> --gtest_filter=${filter})
  elseif(verdict STREQUAL "asan")
    string(JSON filter GET "${check}" filter)
    if(FFIKIT_SANITIZE)
      set(command $<TARGET_FILE:${prefix}_tests> --gtest_filter=${filter})
    else()
      set(command $<TARGET_FILE:${prefix}_tests_asan> --gtest_filter=${filter})
    endif()
    set(env ${lesson_asan_env})
  elseif(verdict STREQUAL "compile_fail")
    string(JSON source GET "${check}" source)
    string(JSON pattern GET "${check}" pattern)
    lesson_compile_fail_headers(std_header)
    if(TARGET ${prefix}_all)
      add_dependencies(${prefix}_all lessons_compile_fail_headers)
    endif()
    set(command ${CMAKE_COMMAND}
      -DCOMPILER=${CMAKE_CXX_COMPILER}
      -DSOURCE=${lesson_dir}/${source}
      -DINCLUDES=${includes}
      -DPATTERN=${pattern}
      -DSTD_HEADER=${std_header}
      -P ${lessons_dir}/cmake/compile_fail_check.cmake)
  elseif(verdict STREQUAL "fuzz")
    if(NOT LESSON_FUZZ_CXX)
      message(FATAL_ERROR "lesson ${id}: a fuzz verdict needs clang++ "
        "with libFuzzer (package libclang-rt-14-dev)")
    endif()
    string(JSON harness GET "${check}" harness)
    json_list(fuzz_code "${check}" code)
    set(fuzz_sources ${code_dir}/${harness})
    foreach(f IN LISTS fuzz_code)
      if(f STREQUAL "@sources")
        foreach(s IN LISTS sources)
          list(APPEND fuzz_sources ${code_dir}/${s})
        endforeach()
      else()
        list(APPEND fuzz_sources ${lesson_dir}/${f})
      endif()
    endforeach()
    string(REPLACE ";" "$<SEMICOLON>" fuzz_sources "${fuzz_sources}")
    string(JSON expect GET "${check}" expect)
    json_get(pattern "" "${check}" pattern)
    string(JSON runs GET "${check}" runs)
    string(JSON seconds GET "${check}" seconds)
    set(command ${CMAKE_COMMAND}
      -DCOMPILER=${LESSON_FUZZ_CXX}
      -DSOURCES=${fuzz_sources}
      -DINCLUDES=${includes}
      -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/fuzz/${prefix}_task${task}_fuzzer
      -DEXPECT=${expect} -DPATTERN=${pattern}
      -DRUNS=${runs} -DSECONDS=${seconds}
      -P ${lessons_dir}/cmake/fuzz_check.cmake)
  elseif(verdict STREQUAL "program")
    string(JSON script GET "${check}" script)
    string(JSON mode GET "${check}" mode)
    json_get(tool "" "${check}" tool)
    set(tool_arg "")
    if(tool)
      # A tool the script drives: a target of the kit (ffikit-faultrun) or
      # one of the lesson's preload libraries.
      if(NOT TARGET ${tool})
        message(FATAL_ERROR "lesson ${id} task ${task}: needs the target ${tool}")
      endif()
      set(tool_arg $<TARGET_FILE:${tool}>)
      if(TARGET ${prefix}_all)
        add_dependencies(${prefix}_all ${tool})
      endif()
    endif()
    set(command bash ${lesson_dir}/${script} $<TARGET_FILE:${prefix}_program>
      ${mode} ${tool_arg})
  else()
    message(FATAL_ERROR "lesson ${id} task ${task}: unknown verdict '${verdict}'")
  endif()

  if(because)
    # The mutant's test: ffikit-learn runs the check with its own timeout
    # and judges the failure; CTest's only guards against the judge.
    math(EXPR outer "${timeout} + 15")
    add_test(NAME ${name} COMMAND $<TARGET_FILE:ffikit-learn> must-fail
      --verdict ${verdict} --timeout ${timeout} --because "${because}"
      -- ${command})
    set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT ${outer})
  else()
    add_test(NAME ${name} COMMAND ${command})
    set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT ${timeout})
  endif()
  if(env)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}")
  endif()
endfunction()

# mutant_tree(OUT_DIR FROM_DIR MUTANT_JSON BASE_DIR TARGET OUT_HEADERS):
# the custom command and target TARGET that fill OUT_DIR with a copy of
# FROM_DIR's files, mutated as MUTANT_JSON says: "patch" (a file under
# BASE_DIR, applied with patch -p1) or "replace" + "with" (a file under
# BASE_DIR that replaces one of them). OUT_HEADERS is set to ON when the
# mutation touches a header.
function(mutant_tree out_dir from_dir mutant base_dir target out_headers)
  file(GLOB from_files RELATIVE ${from_dir} ${from_dir}/*)
  list(SORT from_files)
  set(outputs "")
  set(inputs "")
  foreach(f IN LISTS from_files)
    list(APPEND outputs ${out_dir}/${f})
    list(APPEND inputs ${from_dir}/${f})
  endforeach()
  json_get(patch "" "${mutant}" patch)
  json_get(replace "" "${mutant}" replace)
  json_get(with "" "${mutant}" with)
  set(touched "")
  if(patch)
    set(args -DPATCH=${base_dir}/${patch} -DPATCH_PROGRAM=${LESSON_PATCH})
    list(APPEND inputs ${base_dir}/${patch})
    file(STRINGS ${base_dir}/${patch} lines REGEX "^\\+\\+\\+ b/")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^\\+\\+\\+ b/([^\t ]*).*" "\\1" file "${line}")
      list(APPEND touched ${file})
    endforeach()
  elseif(replace AND with)
    set(args -DREPLACE=${replace} -DWITH=${base_dir}/${with})
    list(APPEND inputs ${base_dir}/${with})
    set(touched ${replace})
  else()
    message(FATAL_ERROR "mutant ${target}: needs \"patch\", or \"replace\" and \"with\"")
  endif()
  set(headers OFF)
  foreach(f IN LISTS touched)
    if(NOT f IN_LIST from_files)
      message(FATAL_ERROR "mutant ${target}: ${f} is not a file of ${from_dir}")
    endif()
    if(f MATCHES "\\.(hpp|h)$")
      set(headers ON)
    endif()
  endforeach()
  add_custom_command(OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -DFROM=${from_dir} -DTO=${out_dir} ${args}
      -P ${lessons_dir}/cmake/make_mutant.cmake
    DEPENDS ${inputs} ${lessons_dir}/cmake/make_mutant.cmake
    COMMENT "Making mutant ${target}"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${outputs})
  set(${out_headers} ${headers} PARENT_SCOPE)
endfunction()

# lesson_add_mutant(MUTANT_JSON TI): builds one mutant of the reference of
# the current lesson and registers its test, lessonNN.taskM.mutant.NAME:
# the check of task TI that the mutant names must fail, for its reason.
function(lesson_add_mutant mutant ti)
  math(EXPR task "${ti} + 1")
  json_get(patch "" "${mutant}" patch)
  json_get(with "" "${mutant}" with)
  set(file ${patch})
  if(NOT file)
    set(file ${with})
  endif()
  get_filename_component(slug ${file} NAME_WE)
  string(JSON because GET "${mutant}" because)
  string(JSON wanted GET "${mutant}" verdict)
  json_get(position 0 "${mutant}" check)

  # Which check of the task kills it: the one at "check" (1-based), else
  # the only one with that verdict.
  string(JSON check_count LENGTH "${lesson}" tasks ${ti} checks)
  math(EXPR check_last "${check_count} - 1")
  set(found "")
  foreach(ci RANGE ${check_last})
    string(JSON verdict GET "${lesson}" tasks ${ti} checks ${ci} verdict)
    math(EXPR here "${ci} + 1")
    if(verdict STREQUAL wanted AND (position EQUAL 0 OR position EQUAL here))
      list(APPEND found ${ci})
    endif()
  endforeach()
  list(LENGTH found matches)
  if(NOT matches EQUAL 1)
    message(FATAL_ERROR "lesson ${id} task ${task}, mutant ${slug}: "
      "${matches} checks with verdict ${wanted}; name one with \"check\"")
  endif()

  set(prefix lesson${id}_mutant_${slug})
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/mutants/${id}/${slug})
  mutant_tree(${out_dir} ${lesson_dir}/solution "${mutant}" ${lesson_dir}
    ${prefix}_files headers)
  set(flavour plain)
  if(wanted STREQUAL "asan" AND NOT FFIKIT_SANITIZE)
    set(flavour asan)
  endif()
  # A mutant of a source file links the reference's compiled tests; one of
  # a header needs the tests compiled against it.
  set(objects "")
  if(NOT headers AND NOT shared_tests AND TARGET lesson${id}_reference_test_objects)
    set(objects lesson${id}_reference_test_objects)
  endif()
  # Only what the killing check runs: a test binary, the program, or
  # nothing (compile-fail and fuzz checks compile the mutant's files
  # themselves).
  set(parts none)
  if(wanted STREQUAL "unit" OR wanted STREQUAL "lifetime" OR wanted STREQUAL "asan")
    set(parts tests)
  elseif(wanted STREQUAL "program")
    set(parts program)
  endif()
  lesson_build(${prefix} ${out_dir} ${flavour} "${objects}" ${prefix}_files
    made ${parts})
  add_custom_target(${prefix}_all DEPENDS ${made})
  if(lesson_tool_targets)
    add_dependencies(${prefix}_all ${lesson_tool_targets})
  endif()
  add_dependencies(lessons_mutants ${prefix}_all)
  lesson_add_check(lesson${id}.task${task}.mutant.${slug} ${prefix} ${out_dir}
    ${ti} ${found} "${because}" "mutant;lesson${id}.mutant")
endfunction()
