# The base run: g++ debug, every test.
source scripts/ci.d/lib.sh.inc
ffikit_workflow dev
