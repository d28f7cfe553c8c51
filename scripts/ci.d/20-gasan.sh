# g++ 12 with ASan + UBSan + LSan, every test: both compilers' sanitizers
# see the code (they instrument differently and catch different things).
source scripts/ci.d/lib.sh.inc
ffikit_workflow gasan
