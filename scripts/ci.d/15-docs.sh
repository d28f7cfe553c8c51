# The Doxygen site: every public header and every page in docs/, built in the
# dev build tree. Doxygen runs with WARN_AS_ERROR = FAIL_ON_WARNINGS, and this
# step also fails if a single "warning:" or "error:" line appears in its
# output, so the site stays at zero warnings.
source scripts/ci.d/lib.sh.inc

build=build/dev
log=$(mktemp)
trap 'rm -f "$log"' EXIT

record() {  # record PASSED FAILED DETAIL
  echo "docs|$1|$2|$3" >> "${FFIKIT_SUMMARY:-/dev/null}"
}

# 10-dev.sh configures build/dev; configure it here if that step was skipped.
if [ ! -f "$build/CMakeCache.txt" ]; then
  if ! cmake --preset dev >"$log" 2>&1; then
    cat "$log"
    record 0 1 "configure failed"
    exit 1
  fi
fi

cmake --build "$build" --target docs 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Doxygen's own lines only: "FILE:LINE: warning: ..." for the sources and a
# bare "warning: ..." for its configuration.
warnings=$(grep -cE '^[^ ]+:[0-9]+: (warning|error): |^(warning|error): ' "$log")

if [ "$status" -ne 0 ] || [ "$warnings" -ne 0 ]; then
  record 0 1 "doxygen: $warnings warning(s), status $status"
  exit 1
fi
if [ ! -f "$build/docs/html/index.html" ]; then
  record 0 1 "doxygen: no html/index.html"
  exit 1
fi
record 1 0 doxygen
