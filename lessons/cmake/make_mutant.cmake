# Makes one mutant's code folder, at build time:
#   cmake -DFROM=dir -DTO=dir (-DPATCH=file -DPATCH_PROGRAM=patch |
#         -DREPLACE=name -DWITH=file) -P make_mutant.cmake
# TO becomes a copy of FROM's files with the patch applied (patch -p1), or
# with the file REPLACE replaced by WITH. Every file of TO is then touched,
# so that the build sees it as newer than what it was made from.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${TO})
file(MAKE_DIRECTORY ${TO})
file(GLOB files ${FROM}/*)
file(COPY ${files} DESTINATION ${TO})
if(PATCH)
  execute_process(COMMAND ${PATCH_PROGRAM} -p1 -s -N --no-backup-if-mismatch
      -r - -d ${TO} -i ${PATCH}
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "mutant ${PATCH} does not apply to ${FROM}: the "
      "reference changed since the mutant was written; make the same "
      "mistake in the new reference and rewrite the patch.\n${out}")
  endif()
elseif(REPLACE)
  file(COPY_FILE ${WITH} ${TO}/${REPLACE})
endif()
file(GLOB made ${TO}/*)
file(TOUCH ${made})
