#!/usr/bin/env bash
# The capstone's grader: cat_check.sh PROGRAM MODE [TOOL]
#   output    same bytes as GNU cat for text, empty, binary and multi-page files
#   errors    missing file and directory: message, status 1, the other files still copied
#   faults    injected mmap, close and open failures (strace): message naming the call, status 1
#   faultrun  TOOL is ffikit-faultrun: each call failing with EACCES, EIO or ENOMEM is
#             reported, and nothing leaks or is released twice
set -u
prog=$1
mode=$2
tool=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

printf 'line one\nline two\n' > "$work/text"
: > "$work/empty"
printf 'a\0b\0\377\001' > "$work/binary"
head -c 70000 /dev/urandom > "$work/big"

case $mode in
output)
  for set in "text" "empty" "binary" "big" "text empty binary big text"; do
    args=()
    for f in $set; do args+=("$work/$f"); done
    cat "${args[@]}" > "$work/expected"
    "$prog" "${args[@]}" > "$work/actual" 2> "$work/stderr"
    status=$?
    [ "$status" -eq 0 ] || fail "exit status $status for: $set ($(head -3 "$work/stderr"))"
    cmp -s "$work/expected" "$work/actual" ||
      fail "output differs from GNU cat for: $set ($(wc -c < "$work/actual") bytes instead of $(wc -c < "$work/expected"))"
  done
  echo "output identical to GNU cat for 5 cases"
  ;;
errors)
  "$prog" "$work/missing" "$work/text" > "$work/actual" 2> "$work/stderr"
  status=$?
  [ "$status" -eq 1 ] || fail "a missing file must give exit status 1, got $status"
  grep -qF "open($work/missing): No such file or directory" "$work/stderr" ||
    fail "stderr must name open, the path and the reason; it was: $(head -3 "$work/stderr")"
  cmp -s "$work/text" "$work/actual" || fail "the file after the missing one was not copied"
  "$prog" "$work" > "$work/actual" 2> "$work/stderr"
  status=$?
  [ "$status" -eq 1 ] || fail "a directory must give exit status 1, got $status"
  grep -qF "($work): Is a directory" "$work/stderr" ||
    fail "stderr must say the directory cannot be read; it was: $(head -3 "$work/stderr")"
  echo "errors reported as OPERATION(PATH): REASON with status 1"
  ;;
faults)
  command -v strace > /dev/null || fail "strace is needed for the fault verdict"
  export ASAN_OPTIONS=detect_leaks=0:handle_sigbus=0
  for fault in "mmap:ENOMEM:Cannot allocate memory" "close:EIO:Input/output error" \
               "openat:EACCES:Permission denied"; do
    IFS=: read -r call errno reason <<< "$fault"
    shown=$call
    [ "$call" = openat ] && shown=open
    strace -f -o /dev/null -P "$work/text" -e inject="$call":error="$errno":when=1 \
      "$prog" "$work/text" > "$work/actual" 2> "$work/stderr"
    status=$?
    [ "$status" -eq 1 ] || fail "injected $call $errno: exit status must be 1, got $status"
    grep -qF "$shown($work/text): $reason" "$work/stderr" ||
      fail "injected $call $errno: stderr must say '$shown($work/text): $reason'; it was: $(head -3 "$work/stderr")"
  done
  echo "injected mmap, close and open failures reported with status 1"
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
    grep -v '^ *$' "$work/report" | head -12 >&2
    fail "ffikit-faultrun found faults that were not reported cleanly (see the rows above)"
  fi
  [ "${cases:-0}" -gt 0 ] || fail "the program made no open/fstat/mmap/munmap/close call, so there was nothing to break"
  echo "ffikit-faultrun: ${cases} injected faults, every one reported"
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
