// Checks reader with the installed kit's checker: a clean run, a fault
// injected into fstat, and a lent descriptor closed by the code under test.
// Prints one line per check and "N passed, N failed"; exits 1 on a failure.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "ffikit/check/session.hpp"
#include "reader.hpp"

namespace {

int passed = 0;
int failed = 0;

void expect(bool ok, const char* what) {
  std::printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  (ok ? passed : failed) += 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace check = ffikit::check;
  if (argc != 2) {
    std::fputs("usage: reader_test FILE\n", stderr);
    return 2;
  }
  const char* path = argv[1];
  {
    check::Session session;
    const std::int64_t size = reader::file_size(path);
    session.disarm();
    const check::Report report = session.report();
    expect(size > 0, "file_size reads a size");
    expect(report.calls_of(check::Function::open) == 1 &&
               report.calls_of(check::Function::fstat) == 1 &&
               report.calls_of(check::Function::close) == 1,
           "the checker saw open, fstat and close once each");
    expect(report.leaks.empty() && report.violations.empty(),
           "a clean run leaves no finding");
  }
  {
    check::Session session({.fault = check::parse_fault("fstat:1:EIO")});
    const std::int64_t size = reader::file_size(path);
    session.disarm();
    expect(size == -EIO, "an injected fstat failure comes back as -EIO");
    expect(session.report().leaks.empty(),
           "the descriptor is closed on the error path");
  }
  {
    // SAFETY: a NUL-terminated path; the descriptor is closed below if the
    // code under test did not close it.
    const int lent = ::open(path, O_RDONLY | O_CLOEXEC);
    check::Options options;
    options.borrowed = {lent};
    check::Session session(options);
    reader::consume(lent);
    session.disarm();
    bool flagged = false;
    for (const check::Finding& f : session.report().violations) {
      flagged = flagged || f.kind == check::FindingKind::close_of_borrowed;
    }
    expect(flagged, "closing a borrowed descriptor is a violation");
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
