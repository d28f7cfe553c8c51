# clang 14 TSan: the concurrency stress suite (tests/stress) and the TSan
# gate proof. Only those targets are built, to keep CI inside its budget.
source scripts/ci.d/lib.sh.inc
ffikit_workflow tsan
