// A statically linked program: no dynamic loader reads LD_PRELOAD, so
// ffikit-faultrun must say it cannot watch it.
int main() { return 0; }
