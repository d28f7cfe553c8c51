// The name tables: every symbol the checker interposes maps to its
// operation, every errno name parses back, and values outside the tables
// get a defined answer instead of undefined behaviour.
#include <algorithm>
#include <cerrno>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/symbol.hpp"

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

TEST(FunctionNames, EveryOperationParsesBackFromItsName) {
  std::set<std::string> seen;
  for (const Function f : all_functions) {
    EXPECT_EQ(function_from_name(name(f)), f) << name(f);
    EXPECT_TRUE(seen.insert(name(f)).second)
        << "two operations named " << name(f);
  }
}

TEST(FunctionNames, EverySymbolParsesBackAndCountsAsItsOperation) {
  for (std::size_t i = 0; i < symbol_count; ++i) {
    const auto symbol = static_cast<Symbol>(i);
    EXPECT_EQ(symbol_from_name(name(symbol)), symbol) << name(symbol);
    EXPECT_EQ(function_from_name(name(symbol)), function_of(symbol))
        << name(symbol);
  }
  EXPECT_EQ(symbol_from_name("read"), std::nullopt);
  EXPECT_EQ(primary_symbol(Function::dup), Symbol::dup);
  EXPECT_EQ(primary_symbol(Function::fclose), Symbol::fclose);
  EXPECT_EQ(primary_symbol(Function::close_range), Symbol::close_range);
  EXPECT_EQ(primary_symbol(unknown_function), Symbol::open);
}

TEST(FunctionNames, EverySymbolVariantParsesToItsOperation) {
  for (const char* symbol :
       {"open", "open64", "openat", "openat64", "__open_2", "__open64_2",
        "__openat_2", "__openat64_2", "creat", "creat64"}) {
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
  EXPECT_EQ(errno_name(EXDEV), nullptr);
}

TEST(ErrnoCatalog, EveryDocumentedErrorIsNamedOnceAndParsesBack) {
  for (const Function f : all_functions) {
    const auto errors = documented_errors(f);
    const std::set<int> distinct(errors.begin(), errors.end());
    EXPECT_EQ(distinct.size(), errors.size())
        << name(f) << " lists an errno twice";
    for (const int error : errors) {
      ASSERT_NE(errno_name(error), nullptr) << name(f) << ": " << error;
      EXPECT_EQ(errno_from_name(errno_name(error)), error);
    }
    // Only _exit cannot fail.
    EXPECT_EQ(errors.empty(), f == Function::exit) << name(f);
  }
}

TEST(ErrnoCatalog, FstatOnADescriptorHasNoPathErrors) {
  const auto errors = documented_errors(Function::fstat);
  EXPECT_EQ(std::vector<int>(errors.begin(), errors.end()),
            (std::vector<int>{EBADF, EFAULT, ENOMEM, EOVERFLOW}));
}

TEST(ErrnoCatalog, OpenListsWhatOpen2ListsInPageOrder) {
  const auto errors = documented_errors(Function::open);
  EXPECT_EQ(
      std::vector<int>(errors.begin(), errors.end()),
      (std::vector<int>{
          EACCES,    EBADF,  EBUSY,  EDQUOT,  EEXIST,  EFAULT,       EFBIG,
          EINTR,     EINVAL, EISDIR, ELOOP,   EMFILE,  ENAMETOOLONG, ENFILE,
          ENODEV,    ENOENT, ENOMEM, ENOSPC,  ENOTDIR, ENXIO,        EOPNOTSUPP,
          EOVERFLOW, EPERM,  EROFS,  ETXTBSY, EAGAIN}));
  // fopen(3) fails as open(2) does (and as malloc(3), whose ENOMEM is there).
  const auto fopen = documented_errors(Function::fopen);
  EXPECT_TRUE(
      std::equal(errors.begin(), errors.end(), fopen.begin(), fopen.end()));
}

bool lists(Function f, int error) {
  const auto errors = documented_errors(f);
  return std::find(errors.begin(), errors.end(), error) != errors.end();
}

TEST(ErrnoCatalog, TimerfdCreateListsEpermOfAlarmClocks) {
  EXPECT_TRUE(lists(Function::timerfd_create, EPERM));
}

TEST(ErrnoCatalog, MemfdCreateListsNoEperm) {
  // man-pages 6.03's memfd_create(2) lists EFAULT, EINVAL, EMFILE, ENFILE,
  // ENOMEM and nothing else.
  const auto errors = documented_errors(Function::memfd_create);
  EXPECT_EQ(std::vector<int>(errors.begin(), errors.end()),
            (std::vector<int>{EFAULT, EINVAL, EMFILE, ENFILE, ENOMEM}));
}

TEST(ErrnoCatalog, FcloseListsTheErrorsOfItsFlush) {
  // fclose(3) may fail as close(2), write(2) and fflush(3) do.
  for (const int error : documented_errors(Function::close)) {
    EXPECT_TRUE(lists(Function::fclose, error)) << errno_name(error);
  }
  for (const int error : {EPIPE, EFBIG, EAGAIN, EDESTADDRREQ}) {
    EXPECT_TRUE(lists(Function::fclose, error)) << errno_name(error);
  }
  EXPECT_FALSE(lists(Function::fclose, ENOENT));
}

TEST(ErrnoCatalog, PipeListsEnopkgOfNotificationPipes) {
  EXPECT_TRUE(lists(Function::pipe, ENOPKG));
  EXPECT_STREQ(errno_name(ENOPKG), "ENOPKG");
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
