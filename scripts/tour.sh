#!/usr/bin/env bash
# The kit's main job: build the dev preset's tools and run the tour, which
# walks the four stages over a bundled sample file, showing each one's trace
# of C calls and the report card of its fault sweep.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target ffikit-tour ffikit-cat >/dev/null
exec build/dev/src/tools/tour/ffikit-tour "$@"
