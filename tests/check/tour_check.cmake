# Runs ffikit-tour exactly as the README does (no arguments) and checks that
# it finds its sample, prints each stage's trace and card, and the verdicts
# the stages must earn.   -DTOUR=...
execute_process(COMMAND ${TOUR} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ffikit-tour exited ${status}\n${out}\n${err}")
endif()
foreach(expected
    "open\\(\"sample.txt\", O_RDONLY\\|O_CLOEXEC\\) = [0-9]+\n      fstat\\([0-9]+\\) = 0"
    "        callback: [0-9]+ bytes, [0-9]+ lines\n      munmap\\("
    "stage 1: raw declarations, die on error +96      0     96      0     0     0      0"
    "stage 2: RAII owners, errors as error_code +96     96      0      0     0     0      0"
    "stage 3: callback, nested lifetimes, errors thrown +96     96      0"
    "stage 4: callback, errors returned as values +96     96      0"
    "stage 1: dies on every fault; the caller cannot recover"
    "stage 4: every fault reported, nothing leaked")
  if(NOT out MATCHES "${expected}")
    message(FATAL_ERROR "ffikit-tour output lacks /${expected}/:\n${out}")
  endif()
endforeach()
