# Fails when LIBRARY needs (DT_NEEDED) a library matching FORBIDDEN, or when
# USER, which should need it, does not (so the check can see it at all).
#   -DOBJDUMP=... -DLIBRARY=... -DUSER=... -DFORBIDDEN=libdw
function(needed_of file out)
  execute_process(COMMAND ${OBJDUMP} -p ${file}
    OUTPUT_VARIABLE dump RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "objdump -p ${file}: ${status}\n${errors}")
  endif()
  string(REGEX MATCHALL "NEEDED +[^\n]+" needed "${dump}")
  set(${out} "${needed}" PARENT_SCOPE)
endfunction()

needed_of(${USER} user_needs)
if(NOT user_needs MATCHES "${FORBIDDEN}")
  message(FATAL_ERROR "${USER} does not need ${FORBIDDEN}: ${user_needs}")
endif()
needed_of(${LIBRARY} library_needs)
if(NOT library_needs)
  message(FATAL_ERROR "no NEEDED entries read from ${LIBRARY}")
endif()
if(library_needs MATCHES "${FORBIDDEN}")
  message(FATAL_ERROR "${LIBRARY} needs ${FORBIDDEN}: ${library_needs}")
endif()
message(STATUS "${LIBRARY} does not need ${FORBIDDEN}")
