// The name tables: every symbol the checker interposes maps to its
// operation, every errno name parses back, and values outside the tables
// get a defined answer instead of undefined behaviour.
#include <cerrno>
#include <vector>

#include <gtest/gtest.h>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/function.hpp"

namespace ffikit::check {
namespace {

// A Function no enumerator names: its underlying type holds it legally.
constexpr auto unknown_function = static_cast<Function>(200);

TEST(FunctionNames, EveryOperationHasItsName) {
  EXPECT_STREQ(name(Function::open), "open");
  EXPECT_STREQ(name(Function::fstat), "fstat");
  EXPECT_STREQ(name(Function::mmap), "mmap");
  EXPECT_STREQ(name(Function::munmap), "munmap");
  EXPECT_STREQ(name(Function::close), "close");
}

TEST(FunctionNames, UnknownFunctionHasAName) {
  EXPECT_STREQ(name(unknown_function), "?");
}

TEST(FunctionNames, EverySymbolVariantParsesToItsOperation) {
  for (const char* symbol :
       {"open", "open64", "openat", "openat64", "__open_2", "__open64_2"}) {
    EXPECT_EQ(function_from_name(symbol), Function::open) << symbol;
  }
  EXPECT_EQ(function_from_name("fstat"), Function::fstat);
  EXPECT_EQ(function_from_name("fstat64"), Function::fstat);
  EXPECT_EQ(function_from_name("mmap"), Function::mmap);
  EXPECT_EQ(function_from_name("mmap64"), Function::mmap);
  EXPECT_EQ(function_from_name("munmap"), Function::munmap);
  EXPECT_EQ(function_from_name("close"), Function::close);
}

TEST(FunctionNames, NearMissesAreRejected) {
  for (const char* text : {"", "read", "OPEN", "open ", "openat32", "fstatat",
                           "munmap64", "close64", "__open_3"}) {
    EXPECT_EQ(function_from_name(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(ErrnoCatalog, UnknownFunctionDocumentsNoErrors) {
  EXPECT_TRUE(documented_errors(unknown_function).empty());
}

TEST(ErrnoCatalog, CloseErrorsInManPageOrder) {
  const auto errors = documented_errors(Function::close);
  EXPECT_EQ(std::vector<int>(errors.begin(), errors.end()),
            (std::vector<int>{EBADF, EINTR, EIO, ENOSPC, EDQUOT}));
}

TEST(ErrnoCatalog, UnknownNumberHasNoName) {
  EXPECT_EQ(errno_name(0), nullptr);
  EXPECT_EQ(errno_name(-1), nullptr);
  EXPECT_EQ(errno_name(4095), nullptr);
  EXPECT_EQ(errno_name(ECHILD), nullptr);
}

TEST(ErrnoCatalog, EwouldblockIsEagain) {
  EXPECT_EQ(errno_from_name("EWOULDBLOCK"), EAGAIN);
  EXPECT_STREQ(errno_name(EWOULDBLOCK), "EAGAIN");
}

TEST(ErrnoCatalog, DecimalNumbersParse) {
  EXPECT_EQ(errno_from_name("5"), EIO);
  EXPECT_EQ(errno_from_name("4095"), 4095);
}

TEST(ErrnoCatalog, MalformedOrNonPositiveIsRejected) {
  for (const char* text :
       {"", "0", "-5", "12x", " 12", "enoent", "ENOENT ", "E", "0x5"}) {
    EXPECT_EQ(errno_from_name(text), std::nullopt) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace ffikit::check
