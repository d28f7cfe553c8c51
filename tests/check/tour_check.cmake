# Runs ffikit-tour exactly as the README does (no arguments) and checks that
# it finds its sample, prints each stage's trace and card, and the verdicts
# the stages must earn; then on files the 2013 post never met: an empty
# file, a /proc file and a FIFO without a writer. On each the tour must end
# (stage 1 runs in child processes, bounded by a timeout) with status 0.
#   -DTOUR=...
# Case counts are read from the table and compared with each other, never
# with a number written here: the checker's errno catalog decides them.

# run_tour(NAME FILE...) runs the tour and leaves its output in ${NAME}.
function(run_tour name)
  execute_process(COMMAND ${TOUR} ${ARGN} RESULT_VARIABLE status
    OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ffikit-tour ${ARGN} exited ${status}\n${out}\n${err}")
  endif()
  set(${name} "${out}" PARENT_SCOPE)
endfunction()

function(expect_lines name text)
  foreach(expected IN LISTS ARGN)
    if(NOT text MATCHES "${expected}")
      message(FATAL_ERROR "ffikit-tour on ${name} lacks /${expected}/:\n${text}")
    endif()
  endforeach()
endfunction()

# table_row(TEXT STAGE PREFIX): PREFIX_cases, _clean, _recov, _ended, _crash,
# _leak, _viol, _other from the side-by-side table row of STAGE.
function(table_row text stage prefix)
  set(n " +([0-9]+)")
  if(NOT text MATCHES "\nstage ${stage}: [^\n]*[a-z]${n}${n}${n}${n}${n}${n}${n}${n}\n")
    message(FATAL_ERROR "no table row for stage ${stage}:\n${text}")
  endif()
  set(i 1)
  foreach(column cases clean recov ended crash leak viol other)
    set(${prefix}_${column} ${CMAKE_MATCH_${i}} PARENT_SCOPE)
    math(EXPR i "${i} + 1")
  endforeach()
endfunction()

function(expect_equal what left right)
  if(NOT left EQUAL right)
    message(FATAL_ERROR "${what}: ${left} != ${right}")
  endif()
endfunction()

# --- The bundled sample, as the README runs it.
run_tour(sample)
expect_lines("the sample" "${sample}"
  "open\\(\"sample.txt\", O_RDONLY\\|O_CLOEXEC\\) = [0-9]+\n      fstat\\([0-9]+\\) = 0"
  "open\\(\"sample.txt\", O_RDONLY\\|O_NONBLOCK\\|O_CLOEXEC\\|O_NOCTTY\\) = [0-9]+"
  "mmap\\(NULL, [0-9]+, PROT_READ, MAP_PRIVATE, [0-9]+, 0\\)"
  "        callback: [0-9]+ bytes, [0-9]+ lines\n      munmap\\("
  "the caller sees: the file's bytes all the same"
  "stage 1: dies on every fault; the caller cannot recover"
  "stage 2: every fault reported, nothing leaked"
  "stage 3: every fault reported or recovered by policy, nothing leaked"
  "stage 4: every fault reported or recovered by policy, nothing leaked")
table_row("${sample}" 1 s1)
table_row("${sample}" 2 s2)
table_row("${sample}" 3 s3)
table_row("${sample}" 4 s4)
expect_equal("stage 1 ends the process on every case" ${s1_ended} ${s1_cases})
expect_equal("stage 2 reports every case" ${s2_clean} ${s2_cases})
foreach(stage 3 4)
  math(EXPR handled "${s${stage}_clean} + ${s${stage}_recov}")
  expect_equal("stage ${stage} reports or recovers every case" ${handled}
    ${s${stage}_cases})
  expect_equal("stage ${stage} sweeps as many cases as stage 2"
    ${s${stage}_cases} ${s2_cases})
  if(s${stage}_recov EQUAL 0)
    message(FATAL_ERROR "stage ${stage} recovered nothing:\n${sample}")
  endif()
endforeach()

# --- Hostile files.
set(dir "${CMAKE_CURRENT_BINARY_DIR}/tour-files")
file(REMOVE_RECURSE "${dir}")
file(MAKE_DIRECTORY "${dir}")
file(WRITE "${dir}/empty" "")
execute_process(COMMAND mkfifo "${dir}/fifo" RESULT_VARIABLE made)
if(NOT made EQUAL 0)
  message(FATAL_ERROR "mkfifo failed")
endif()

# Size 0: stage 1 dies in mmap with EINVAL (no sweep), stage 2 maps 0 bytes
# and reports the kernel's EINVAL, stages 3 and 4 read.
foreach(file "${dir}/empty" "/proc/version")
  get_filename_component(name "${file}" NAME)
  run_tour(out "${file}")
  expect_lines("${name}" "${out}"
    "of size 0"
    "the process ended \\(exit 70\\) after printing \"ffikit: mmap\\(${name}\\): Invalid argument\", with no fault injected"
    "stage 1: not swept"
    "-> failed: mmap\\(${name}\\): Invalid argument"
    "stage 3: every fault reported or recovered by policy, nothing leaked"
    "stage 4: every fault reported or recovered by policy, nothing leaked")
endforeach()
run_tour(proc "/proc/version")
expect_lines("/proc/version" "${proc}" "callback: [1-9][0-9]* bytes, 1 lines")

# A FIFO without a writer: stage 1 waits in open and is killed after its
# time limit; stages 2 to 4 refuse it without opening it.
run_tour(fifo "${dir}/fifo")
expect_lines("a FIFO" "${fifo}"
  "file: fifo, a FIFO"
  "still running after [0-9]+ s, so the tour killed it"
  "-> failed: check\\(fifo\\): No such device"
  "stage 4: no watched call to fail")
file(REMOVE_RECURSE "${dir}")
