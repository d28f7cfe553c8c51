# cmake -DBINARY=PATH -DSYMBOLS="a;b" -DNM=nm -P check_imports.cmake
# Fails unless BINARY imports every symbol in SYMBOLS: the proof that the
# fortified build of a program calls what distributions' binaries call.
execute_process(COMMAND ${NM} -D --undefined-only ${BINARY}
  OUTPUT_VARIABLE imports RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} -D ${BINARY} failed (${status})")
endif()
foreach(symbol IN LISTS SYMBOLS)
  if(NOT imports MATCHES "[ \n]${symbol}(@|\n)")
    message(FATAL_ERROR "${BINARY} does not import ${symbol}; it imports:\n${imports}")
  endif()
endforeach()
message(STATUS "${BINARY} imports ${SYMBOLS}")
