// The translation unit the shared GoogleTest precompiled header is built
// with (target ffikit_test_pch, cmake/FfikitTestBuild.cmake). It needs no code.
