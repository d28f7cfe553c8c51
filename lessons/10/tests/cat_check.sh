#!/usr/bin/env bash
# The capstone's grader: cat_check.sh PROGRAM MODE [TOOL]
#   output    same bytes as GNU cat for text, empty, binary and multi-page files,
#             also when TOOL (an LD_PRELOAD library) makes every write to standard
#             output take at most 1000 bytes, as a pipe may
#   errors    missing file, directory, FIFO and device: message, status 1, no waiting,
#             the other files still copied
#   faults    injected failures (strace) of open (EACCES) and close (EBADF): message naming
#             the call, status 1; of mmap (ENOMEM) and close (EIO): the same, or a recovery
#             (status 0 and the whole file copied), never a cut copy
#   faultrun  TOOL is ffikit-faultrun: each call failing with EACCES, EIO or ENOMEM is
#             reported, and nothing leaks or is released twice
# On failure the first line of output starts with "FAILED:" and says what differed;
# the lines after it are the evidence.
set -u
prog=$1
mode=$2
tool=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }

printf 'line one\nline two\n' > "$work/text"
: > "$work/empty"
printf 'a\0b\0\377\001' > "$work/binary"
head -c 70000 /dev/urandom > "$work/big"

# run_bounded SECONDS ARGS...: runs the program, killed after SECONDS; 124 if it was.
run_bounded() {
  local seconds=$1
  shift
  timeout -s KILL "$seconds" "$prog" "$@" > "$work/actual" 2> "$work/stderr"
  local status=$?
  [ "$status" -eq 137 ] && status=124
  return "$status"
}

case $mode in
output)
  for set in "text" "empty" "binary" "big" "text empty binary big text"; do
    args=()
    for f in $set; do args+=("$work/$f"); done
    cat "${args[@]}" > "$work/expected"
    run_bounded 10 "${args[@]}"
    status=$?
    [ "$status" -eq 0 ] || fail "exit status $status for: $set ($(head -3 "$work/stderr"))"
    cmp -s "$work/expected" "$work/actual" ||
      fail "output differs from GNU cat for: $set ($(wc -c < "$work/actual") bytes instead of $(wc -c < "$work/expected"))"
  done
  if [ -n "$tool" ]; then
    LD_PRELOAD=$tool "$prog" "$work/big" "$work/text" > "$work/actual" 2> "$work/stderr"
    status=$?
    [ "$status" -eq 0 ] || fail "exit status $status when writes are short ($(head -3 "$work/stderr"))"
    cat "$work/big" "$work/text" | cmp -s - "$work/actual" ||
      fail "with writes of at most 1000 bytes, $(wc -c < "$work/actual") bytes came out instead of $(cat "$work/big" "$work/text" | wc -c): write(2) may write less than asked, so loop until every byte is written"
  fi
  echo "output identical to GNU cat for 5 cases${tool:+, and with short writes}"
  ;;
errors)
  run_bounded 10 "$work/missing" "$work/text"
  status=$?
  [ "$status" -eq 1 ] || fail "a missing file must give exit status 1, got $status"
  grep -qF "open($work/missing): No such file or directory" "$work/stderr" ||
    fail "stderr must name open, the path and the reason; it was: $(head -3 "$work/stderr")"
  cmp -s "$work/text" "$work/actual" || fail "the file after the missing one was not copied"
  run_bounded 10 "$work"
  status=$?
  [ "$status" -eq 1 ] || fail "a directory must give exit status 1, got $status"
  grep -qF "($work): Is a directory" "$work/stderr" ||
    fail "stderr must say the directory cannot be read; it was: $(head -3 "$work/stderr")"
  # A FIFO nobody writes to, and a device: refused at once, never waited on.
  mkfifo "$work/fifo"
  for special in "$work/fifo" /dev/null; do
    run_bounded 3 "$special" "$work/text"
    status=$?
    [ "$status" -ne 124 ] ||
      fail "cat $special did not finish within 3 s: opening a FIFO without O_NONBLOCK waits for a writer"
    [ "$status" -eq 1 ] || fail "$special must be refused with exit status 1, got $status"
    grep -qF "($special): " "$work/stderr" ||
      fail "stderr must name $special and the reason; it was: $(head -3 "$work/stderr")"
    cmp -s "$work/text" "$work/actual" || fail "the file after $special was not copied"
  done
  echo "errors reported as OPERATION(PATH): REASON with status 1, FIFO and device refused at once"
  ;;
faults)
  command -v strace > /dev/null || fail "strace is needed for the fault verdict"
  export ASAN_OPTIONS=detect_leaks=0:handle_sigbus=0
  # A file large enough that every route maps it rather than reading it.
  head -c 1048576 /dev/urandom > "$work/large"
  # CALL:ERRNO:REASON:MAY - MAY is "recover" when a program may also carry on
  # with status 0, as long as the copy is whole: a mapping that fails can be
  # replaced by reading, and a close that fails with EIO after a file was only
  # read has lost nothing (close(2) releases the descriptor first). EBADF from
  # close means the descriptor was not the program's to close: an error.
  for fault in "openat:EACCES:Permission denied:report" \
               "close:EBADF:Bad file descriptor:report" \
               "mmap:ENOMEM:Cannot allocate memory:recover" \
               "close:EIO:Input/output error:recover"; do
    IFS=: read -r call errno reason may <<< "$fault"
    shown=$call
    [ "$call" = openat ] && shown=open
    strace -f -o /dev/null -P "$work/large" -e inject="$call":error="$errno":when=1 \
      "$prog" "$work/large" > "$work/actual" 2> "$work/stderr"
    status=$?
    if [ "$may" = recover ] && [ "$status" -eq 0 ]; then
      cmp -s "$work/large" "$work/actual" ||
        fail "injected $call $errno: status 0, but $(wc -c < "$work/actual") of 1048576 bytes were copied; report the failure (status 1) or copy the whole file"
      continue
    fi
    [ "$status" -eq 1 ] || fail "injected $call $errno: exit status must be 1, got $status"
    grep -qF "$shown($work/large): $reason" "$work/stderr" ||
      fail "injected $call $errno: stderr must say '$shown($work/large): $reason'; it was: $(head -3 "$work/stderr")"
  done
  echo "injected open and close failures reported with status 1; mmap and close EIO reported or recovered from"
  ;;
faultrun)
  [ -x "$tool" ] || fail "faultrun mode needs the path of ffikit-faultrun"
  # Three errnos, each call failing once: enough to reach every error path
  # of a program that handles them, and fast enough under ASan.
  "$tool" --expect-error --quiet --modes transient --errnos EACCES,EIO,ENOMEM \
    -- "$prog" "$work/text" "$work/empty" > "$work/report" 2>&1
  status=$?
  cases=$(sed -n 's/^summary: \([0-9]*\) cases.*/\1/p' "$work/report")
  if [ "$status" -ne 0 ]; then
    echo "FAILED: ffikit-faultrun found injected faults that were not reported cleanly:"
    grep -v '^ *$' "$work/report" | head -12
    exit 1
  fi
  [ "${cases:-0}" -gt 0 ] || fail "the program made no open/fstat/mmap/munmap/close call, so there was nothing to break"
  echo "ffikit-faultrun: ${cases} injected faults, every one reported"
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
