# clang 14 with ASan + UBSan + LSan, every test.
source scripts/ci.d/lib.sh.inc
ffikit_workflow asan
