// The built ffikit-cat binary, run as a child process next to the system's
// cat: byte-identical output for every kind of file, exact messages and exit
// statuses, and a quiet stop when the reader of its output goes away.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "cat_test_support.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "ffikit/test_support/temp_dir.hpp"
#include "hostile_files.hpp"

#ifndef FFIKIT_CAT_PATH
#error "FFIKIT_CAT_PATH must name the ffikit-cat binary under test"
#endif
#ifndef FFIKIT_SYSTEM_CAT
#error "FFIKIT_SYSTEM_CAT must name the reference cat"
#endif

using ffikit::cat_test::make_pipe;
using ffikit::cat_test::open_for_writing;
using ffikit::cat_test::page_size;
using ffikit::cat_test::pattern_bytes;
using ffikit::cat_test::pipe_holding;
using ffikit::cat_test::read_file;
using ffikit::stage2::FileDescriptor;
using ffikit::test_support::TempDir;

namespace {

constexpr const char* kCat = FFIKIT_CAT_PATH;
constexpr const char* kSystemCat = FFIKIT_SYSTEM_CAT;

// How a child ended and what it printed.
struct Finished {
  int exit_code = -1;   // -1 when killed by a signal.
  int term_signal = 0;  // 0 when it exited.
  std::string out;      // Empty when stdout was not captured.
  std::string err;
};

// What to start: the program, its arguments and where its streams go.
struct Launch {
  std::string program;
  std::vector<std::string> args;
  int stdin_fd = -1;            // -1: /dev/null.
  int stdout_fd = -1;           // -1: captured into a file; -2: closed.
  bool ignore_sigpipe = false;  // Otherwise SIGPIPE is reset to default.
  rlim_t address_space = 0;     // RLIMIT_AS in bytes (`ulimit -v`); 0: none.
};

// One running child. Its stdout (unless redirected) and stderr go to files
// in the test's directory, so a large output can never fill a pipe and
// deadlock the test.
class Child {
 public:
  Child(const TempDir& dir, const Launch& launch) {
    static int serial = 0;
    ++serial;
    out_path_ = dir.join("child-out-" + std::to_string(serial));
    err_path_ = dir.join("child-err-" + std::to_string(serial));
    const FileDescriptor out = open_for_writing(out_path_);
    const FileDescriptor err = open_for_writing(err_path_);
    std::error_code error;
    const FileDescriptor null =
        ffikit::stage2::open_read_only("/dev/null", error);
    const int in_fd = launch.stdin_fd >= 0 ? launch.stdin_fd : null.get();
    const int out_fd = launch.stdout_fd >= 0 ? launch.stdout_fd : out.get();
    const bool close_stdout = launch.stdout_fd == -2;
    captured_out_ = launch.stdout_fd == -1;

    // Everything the child needs is built before fork: between fork and
    // exec only async-signal-safe calls are allowed.
    std::vector<std::string> words = launch.args;
    words.insert(words.begin(), launch.program);
    std::vector<char*> argv;
    argv.reserve(words.size() + 1);
    for (std::string& word : words) {
      argv.push_back(word.data());
    }
    argv.push_back(nullptr);

    // SAFETY: the child only calls dup2, close, setrlimit, sigaction,
    // alarm, execv and _exit, all async-signal-safe.
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::dup2(in_fd, STDIN_FILENO) < 0 ||
          ::dup2(out_fd, STDOUT_FILENO) < 0 ||
          ::dup2(err.get(), STDERR_FILENO) < 0) {
        ::_exit(126);
      }
      if (close_stdout) {
        ::close(STDOUT_FILENO);
      }
      if (launch.address_space != 0) {
        const rlimit limit{launch.address_space, launch.address_space};
        if (::setrlimit(RLIMIT_AS, &limit) != 0) {
          ::_exit(125);
        }
      }
      struct sigaction action {};
      action.sa_handler = launch.ignore_sigpipe ? SIG_IGN : SIG_DFL;
      ::sigaction(SIGPIPE, &action, nullptr);
      // A hung child dies instead of hanging the suite; the test then fails
      // on the signal. No test relies on the delay.
      ::alarm(60);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    EXPECT_GT(pid_, 0) << "fork: " << std::strerror(errno);
  }

  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  Child(Child&&) = delete;
  Child& operator=(Child&&) = delete;

  ~Child() {
    if (pid_ > 0) {
      // SAFETY: pid_ is our own unreaped child.
      ::kill(pid_, SIGKILL);
      static_cast<void>(wait());
    }
  }

  // True while the child has not ended (reaps it if it has).
  bool running() {
    int status = 0;
    // SAFETY: pid_ is our own child; WNOHANG never blocks.
    const pid_t got = ::waitpid(pid_, &status, WNOHANG);
    if (got == pid_) {
      status_ = status;
      reaped_ = true;
    }
    return got == 0;
  }

  Finished wait() {
    int status = status_;
    if (!reaped_) {
      pid_t got = -1;
      do {
        // SAFETY: pid_ is our own child; status is a live int.
        got = ::waitpid(pid_, &status, 0);
      } while (got < 0 && errno == EINTR);
      EXPECT_EQ(got, pid_);
    }
    pid_ = -1;
    Finished done;
    if (WIFEXITED(status)) {
      done.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      done.term_signal = WTERMSIG(status);
    }
    if (captured_out_) {
      done.out = read_file(out_path_);
    }
    done.err = read_file(err_path_);
    return done;
  }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  bool captured_out_ = true;
  std::string out_path_;
  std::string err_path_;
};

Finished run(const TempDir& dir, const Launch& launch) {
  return Child(dir, launch).wait();
}

Finished run_cat(const TempDir& dir, std::vector<std::string> args) {
  return run(dir, {kCat, std::move(args)});
}

Finished run_system_cat(const TempDir& dir, std::vector<std::string> args) {
  return run(dir, {kSystemCat, std::move(args)});
}

// Runs both cats on @p args and expects the same bytes and status, no
// message, and @p expected as the output.
void expect_same_as_cat(const TempDir& dir,
                        const std::vector<std::string>& args,
                        const std::string& expected) {
  const Finished ours = run_cat(dir, args);
  const Finished theirs = run_system_cat(dir, args);
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.err, "");
  EXPECT_EQ(theirs.exit_code, 0) << theirs.err;
  // Compare sizes first so that a mismatch of megabytes prints one line.
  ASSERT_EQ(ours.out.size(), expected.size());
  EXPECT_TRUE(ours.out == expected) << "ffikit-cat output differs";
  ASSERT_EQ(theirs.out.size(), expected.size());
  EXPECT_TRUE(ours.out == theirs.out) << "output differs from cat's";
}

// Everything @p fd yields until end of file.
std::string read_all_from(int fd) {
  std::string out;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    // SAFETY: buffer owns buffer.size() writable bytes.
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return out;
    }
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
}

// What a stream held, compared on the fly with a sparse file's bytes: zeros
// except the marks.
struct StreamCheck {
  std::size_t bytes = 0;
  std::size_t first_difference = std::string::npos;
};

StreamCheck check_stream(
    int fd, std::size_t size,
    const std::vector<std::pair<std::size_t, std::string>>& marks) {
  StreamCheck check;
  std::vector<char> buffer(1 << 16);
  std::vector<char> expected(buffer.size());
  for (;;) {
    // SAFETY: buffer owns buffer.size() writable bytes.
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return check;
    }
    const auto length = static_cast<std::size_t>(got);
    std::fill(expected.begin(), expected.end(), '\0');
    for (const auto& [start, text] : marks) {
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (start + i >= check.bytes && start + i < check.bytes + length) {
          expected[start + i - check.bytes] = text[i];
        }
      }
    }
    if (check.first_difference == std::string::npos &&
        (check.bytes + length > size ||
         std::memcmp(buffer.data(), expected.data(), length) != 0)) {
      check.first_difference = check.bytes;
    }
    check.bytes += length;
  }
}

std::string no_such_file(const std::string& path) {
  return "ffikit-cat: open(" + path + "): No such file or directory\n";
}

}  // namespace

// ---- Regular files: byte-identical to cat.

TEST(CatTool, EmptyFileMatchesCat) {
  TempDir dir;
  expect_same_as_cat(dir, {dir.write("empty", "")}, "");
}

TEST(CatTool, OneByteFileMatchesCat) {
  TempDir dir;
  expect_same_as_cat(dir, {dir.write("one", "x")}, "x");
}

TEST(CatTool, ExactlyOnePageMatchesCat) {
  TempDir dir;
  const std::string content = pattern_bytes(page_size(), 2);
  expect_same_as_cat(dir, {dir.write("page", content)}, content);
}

TEST(CatTool, OnePagePlusOneByteMatchesCat) {
  TempDir dir;
  const std::string content = pattern_bytes(page_size() + 1, 3);
  expect_same_as_cat(dir, {dir.write("page-plus-one", content)}, content);
}

TEST(CatTool, SeveralMebibytesMatchCat) {
  TempDir dir;
  const std::string content =
      pattern_bytes(std::size_t{3} * 1024 * 1024 + 17, 4);
  expect_same_as_cat(dir, {dir.write("big", content)}, content);
}

TEST(CatTool, BinaryWithNulBytesMatchesCat) {
  TempDir dir;
  const std::string content("\0\0a\0\xff\n\0\x80", 8);
  expect_same_as_cat(dir, {dir.write("binary", content)}, content);
}

TEST(CatTool, SeveralFilesConcatenateInOrder) {
  TempDir dir;
  const std::string a = pattern_bytes(5000, 5);
  expect_same_as_cat(
      dir, {dir.write("a", a), dir.write("e", ""), dir.write("b", "tail\n")},
      a + "tail\n");
}

// ---- What is read instead of mapped.

// st_size is 0 for these, yet they hold text that does not change between
// two reads (unlike /proc/self/status or /proc/cpuinfo's clock speeds).
TEST(CatTool, ProcFilesWithSizeZeroMatchCat) {
  TempDir dir;
  const std::string version = read_file("/proc/version");
  const std::string ostype = read_file("/proc/sys/kernel/ostype");
  ASSERT_FALSE(version.empty());
  ASSERT_EQ(ostype, "Linux\n");
  expect_same_as_cat(dir, {"/proc/version", "/proc/sys/kernel/ostype"},
                     version + ostype);
}

TEST(CatTool, CharacterDeviceIsReadBetweenFiles) {
  TempDir dir;
  expect_same_as_cat(
      dir, {dir.write("a", "A\n"), "/dev/null", dir.write("b", "B\n")},
      "A\nB\n");
}

TEST(CatTool, StandardInputPipeWithoutOperands) {
  TempDir dir;
  const std::string data = pattern_bytes(40000, 6);
  const FileDescriptor ours_in = pipe_holding(data);
  const FileDescriptor theirs_in = pipe_holding(data);
  const Finished ours = run(dir, {kCat, {}, ours_in.get()});
  const Finished theirs = run(dir, {kSystemCat, {}, theirs_in.get()});
  EXPECT_EQ(ours.exit_code, 0);
  EXPECT_EQ(ours.err, "");
  EXPECT_TRUE(ours.out == data);
  EXPECT_TRUE(ours.out == theirs.out);
}

// The second "-" finds the pipe at end of file and adds nothing, as in cat.
TEST(CatTool, DashMixedWithFiles) {
  TempDir dir;
  const std::string a = dir.write("a", "first\n");
  const std::string b = dir.write("b", "last\n");
  const std::vector<std::string> args = {a, "-", b, "-"};
  const FileDescriptor ours_in = pipe_holding("middle\n");
  const FileDescriptor theirs_in = pipe_holding("middle\n");
  const Finished ours = run(dir, {kCat, args, ours_in.get()});
  const Finished theirs = run(dir, {kSystemCat, args, theirs_in.get()});
  EXPECT_EQ(ours.exit_code, 0);
  EXPECT_EQ(ours.err, "");
  EXPECT_EQ(ours.out, "first\nmiddle\nlast\n");
  EXPECT_EQ(ours.out, theirs.out);
}

TEST(CatTool, FifoWithWriterIsCopied) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  const std::string data = pattern_bytes(200000, 8);  // Several pipe buffers.
  Child child(dir, {kCat, {fifo}});
  // Wait for the child to open the FIFO for reading: a non-blocking open for
  // writing fails with ENXIO until a reader exists. Checking on the child
  // between tries turns a child that died into a failure, not a hang.
  int fd = -1;
  for (;;) {
    // SAFETY: fifo is a NUL-terminated path inside our own directory.
    fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0 || errno != ENXIO) {
      break;
    }
    ASSERT_TRUE(child.running()) << "ffikit-cat ended before opening the FIFO";
    const timespec pause{0, 1000000};
    // SAFETY: pause is a live timespec; the remainder is not wanted.
    ::nanosleep(&pause, nullptr);
  }
  FileDescriptor writer(fd);
  ASSERT_TRUE(writer.is_open()) << std::strerror(errno);
  // SAFETY: writer is open; F_SETFL with flags from F_GETFL clears only
  // O_NONBLOCK, so the writes below wait for the reader instead of failing.
  ASSERT_EQ(::fcntl(writer.get(), F_SETFL,
                    ::fcntl(writer.get(), F_GETFL) & ~O_NONBLOCK),
            0);
  std::size_t done = 0;
  while (done < data.size()) {
    // SAFETY: the range [done, size) of data is live and readable.
    const ssize_t written =
        ::write(writer.get(), data.data() + done, data.size() - done);
    ASSERT_GT(written, 0) << std::strerror(errno);
    done += static_cast<std::size_t>(written);
  }
  ASSERT_FALSE(writer.close());
  const Finished ours = child.wait();
  EXPECT_EQ(ours.exit_code, 0);
  EXPECT_EQ(ours.err, "");
  EXPECT_TRUE(ours.out == data) << "got " << ours.out.size() << " bytes";
}

// /dev/stdin resolves to the pipe itself: a FIFO by stat, read not mapped.
TEST(CatTool, DevStdinNamingAPipeIsRead) {
  TempDir dir;
  const FileDescriptor input = pipe_holding("piped\n");
  const Finished ours = run(dir, {kCat, {"/dev/stdin"}, input.get()});
  EXPECT_EQ(ours.exit_code, 0);
  EXPECT_EQ(ours.err, "");
  EXPECT_EQ(ours.out, "piped\n");
}

// `cat f >> f` would never end: GNU cat refuses it, and so does ffikit-cat,
// whether f is small (read) or large (mapped). Same status, f unchanged.
TEST(CatTool, OperandThatIsItsOwnOutputIsRefusedLikeCat) {
  TempDir dir;
  for (const std::string& content :
       {std::string("abc\n"),
        pattern_bytes(ffikit::stage3::small_file_threshold, 21)}) {
    const std::string file = dir.write("self", content);
    for (const char* program : {kCat, kSystemCat}) {
      // SAFETY: file is a NUL-terminated path inside our own directory; no
      // O_CREAT, so no mode argument.
      const FileDescriptor append(
          ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
      ASSERT_TRUE(append.is_open());
      const Finished done = run(dir, {program, {file}, -1, append.get()});
      EXPECT_EQ(done.exit_code, 1) << program;
      EXPECT_TRUE(read_file(file) == content) << program;
      const std::string expected =
          program == kCat
              ? "ffikit-cat: check(" + file + "): input file is output file\n"
              : std::string(kSystemCat) + ": " + file +
                    ": input file is output file\n";
      EXPECT_EQ(done.err, expected);
    }
  }
}

// ---- Errors: exact message, status 1, the rest still printed.

TEST(CatTool, MissingFileReported) {
  TempDir dir;
  const std::string missing = dir.join("missing");
  const Finished ours = run_cat(dir, {missing});
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.out, "");
  EXPECT_EQ(ours.err, no_such_file(missing));
  EXPECT_EQ(run_system_cat(dir, {missing}).exit_code, 1);
}

// GNU cat: "cat: DIR: Is a directory", status 1. ffikit-cat gives the same
// reason and status, naming the step that refused: its check, made from
// fstatat before anything is opened.
TEST(CatTool, DirectoryReportedLikeCat) {
  TempDir dir;
  const std::string sub = dir.make_dir("sub");
  const Finished ours = run_cat(dir, {sub});
  const Finished theirs = run_system_cat(dir, {sub});
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.out, "");
  EXPECT_EQ(ours.err, "ffikit-cat: check(" + sub + "): Is a directory\n");
  EXPECT_EQ(theirs.exit_code, 1);
  EXPECT_EQ(theirs.out, "");
  EXPECT_EQ(theirs.err,
            std::string(kSystemCat) + ": " + sub + ": Is a directory\n");
}

// Fails for every user, root included: a path through a regular file.
TEST(CatTool, PathThroughRegularFileReportsNotADirectory) {
  TempDir dir;
  const std::string through = dir.write("plain", "x") + "/child";
  const Finished ours = run_cat(dir, {through});
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.err, "ffikit-cat: open(" + through + "): Not a directory\n");
}

// Mode 000 stops an ordinary user with EACCES, but root (CI runs as root)
// passes permission bits when it holds CAP_DAC_OVERRIDE. The test asks the
// kernel which case applies, from this process whose credentials the child
// inherits, and pins the exact behaviour of that case; cat must agree.
TEST(CatTool, UnreadableFileReportedOrReadAsTheKernelDecides) {
  TempDir dir;
  const std::string secret = dir.write("secret", "hidden\n");
  // SAFETY: secret is a NUL-terminated path inside our own directory.
  ASSERT_EQ(::chmod(secret.c_str(), 0), 0);
  std::error_code probe;
  FileDescriptor probe_fd = ffikit::stage2::open_read_only(secret, probe);
  ASSERT_FALSE(probe_fd.close());

  const Finished ours = run_cat(dir, {secret});
  const Finished theirs = run_system_cat(dir, {secret});
  if (probe) {
    ASSERT_EQ(probe, std::error_code(EACCES, std::system_category()));
    EXPECT_EQ(ours.exit_code, 1);
    EXPECT_EQ(ours.out, "");
    EXPECT_EQ(ours.err,
              "ffikit-cat: open(" + secret + "): Permission denied\n");
  } else {
    EXPECT_EQ(ours.exit_code, 0);
    EXPECT_EQ(ours.out, "hidden\n");
    EXPECT_EQ(ours.err, "");
  }
  EXPECT_EQ(ours.exit_code, theirs.exit_code);
  EXPECT_EQ(ours.out, theirs.out);
}

TEST(CatTool, RemainingFilesStillPrintedAfterErrors) {
  TempDir dir;
  const std::string missing = dir.join("missing");
  const std::string sub = dir.make_dir("sub");
  const std::vector<std::string> args = {dir.write("a", "A\n"), missing, sub,
                                         dir.write("b", "B\n")};
  const Finished ours = run_cat(dir, args);
  const Finished theirs = run_system_cat(dir, args);
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.out, "A\nB\n");
  EXPECT_EQ(ours.err, no_such_file(missing) + "ffikit-cat: check(" + sub +
                          "): Is a directory\n");
  EXPECT_EQ(theirs.exit_code, 1);
  EXPECT_EQ(ours.out, theirs.out);
}

TEST(CatTool, UnreadableStandardInputReported) {
  TempDir dir;
  // A write-only descriptor as stdin: every read fails with EBADF.
  const FileDescriptor input = open_for_writing(dir.join("write-only"));
  const Finished ours =
      run(dir, {kCat, {"-", dir.write("after", "after\n")}, input.get()});
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.out, "after\n");
  EXPECT_EQ(ours.err,
            "ffikit-cat: read(standard input): Bad file descriptor\n");
}

// ---- The output side.

TEST(CatTool, FullOutputReportsWriteErrorAndStops) {
  TempDir dir;
  // SAFETY: a constant NUL-terminated path; no O_CREAT, so no mode.
  const FileDescriptor full(::open("/dev/full", O_WRONLY | O_CLOEXEC));
  ASSERT_TRUE(full.is_open());
  const Finished ours = run(
      dir, {kCat, {dir.write("a", "A"), dir.join("missing")}, -1, full.get()});
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.err,
            "ffikit-cat: write(standard output): No space left on device\n")
      << "the missing file after a dead output must not be tried";
}

TEST(CatTool, ClosedOutputWithSigpipeIgnoredExitsQuietly) {
  TempDir dir;
  auto pipe = make_pipe();
  ASSERT_FALSE(pipe.read.close());
  Launch launch{kCat,
                {dir.write("a", "A\n"), dir.join("missing")},
                -1,
                pipe.write.get(),
                true};
  const Finished ours = run(dir, launch);
  EXPECT_EQ(ours.term_signal, 0);
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.err, "");
}

TEST(CatTool, ClosedOutputWithDefaultSigpipeDiesSilentlyLikeCat) {
  TempDir dir;
  const std::string a = dir.write("a", "A\n");
  auto ours_pipe = make_pipe();
  auto theirs_pipe = make_pipe();
  ASSERT_FALSE(ours_pipe.read.close());
  ASSERT_FALSE(theirs_pipe.read.close());
  const Finished ours = run(dir, {kCat, {a}, -1, ours_pipe.write.get()});
  const Finished theirs =
      run(dir, {kSystemCat, {a}, -1, theirs_pipe.write.get()});
  EXPECT_EQ(ours.term_signal, SIGPIPE);
  EXPECT_EQ(ours.err, "");
  EXPECT_EQ(theirs.term_signal, SIGPIPE);
}

// `ffikit-cat big | head -c 1`: the reader leaves while the writer is
// blocked on a full pipe; the pending write ends in EPIPE.
TEST(CatTool, ReaderLeavingMidFileStopsQuietly) {
  TempDir dir;
  const std::string big =
      dir.write("big", pattern_bytes(std::size_t{1024} * 1024, 9));
  auto pipe = make_pipe();
  Child child(dir,
              {kCat, {big, dir.join("missing")}, -1, pipe.write.get(), true});
  ASSERT_FALSE(pipe.write.close());
  char first = 0;
  // SAFETY: first is a live one-byte buffer.
  ASSERT_EQ(::read(pipe.read.get(), &first, 1), 1);
  ASSERT_FALSE(pipe.read.close());
  const Finished ours = child.wait();
  EXPECT_EQ(ours.term_signal, 0);
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.err, "");
}

// ---- Hostile inputs, each next to GNU cat.

// sysfs refuses MAP_SHARED of the kernel's BTF (EACCES); the private
// mapping ffikit-cat makes gives the same bytes cat reads.
TEST(CatTool, SysfsFilesMatchCat) {
  TempDir dir;
  std::vector<std::string> present;
  for (const char* path : {"/sys/kernel/btf/vmlinux",
                           "/sys/kernel/mm/transparent_hugepage/enabled"}) {
    if (!ffikit::hostile::read_with_read(path).empty()) {
      present.emplace_back(path);
    }
  }
  if (present.empty()) {
    GTEST_SKIP() << "neither the kernel's BTF nor the transparent hugepage "
                    "setting is in this machine's /sys";
  }
  std::string expected;
  for (const std::string& path : present) {
    expected += ffikit::hostile::read_with_read(path);
  }
  expect_same_as_cat(dir, present, expected);
}

TEST(CatTool, DevNullMatchesCat) {
  TempDir dir;
  expect_same_as_cat(dir, {"/dev/null"}, "");
}

// `cat /dev/zero | head -c N`: N zero bytes, status 0 (head's), the cat
// ended by SIGPIPE. /dev/zero would map, but only ever as zeros: it is read.
TEST(CatTool, DevZeroBoundedByHeadMatchesCat) {
  TempDir dir;
  const std::string pipeline = "\"$0\" /dev/zero | head -c 100000";
  const Finished ours = run(dir, {"/bin/sh", {"-c", pipeline, kCat}});
  const Finished theirs = run(dir, {"/bin/sh", {"-c", pipeline, kSystemCat}});
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.err, "");
  EXPECT_TRUE(ours.out == std::string(100000, '\0'));
  EXPECT_EQ(theirs.exit_code, 0);
  EXPECT_TRUE(ours.out == theirs.out);
}

// A writer already blocked in open(2) when cat starts: both cats read its
// bytes, and it exits 0.
TEST(CatTool, FifoWhoseWriterWaitsInOpenMatchesCat) {
  TempDir dir;
  const std::string fifo = dir.make_fifo("fifo");
  for (const char* program : {kCat, kSystemCat}) {
    ffikit::hostile::BlockedFifoWriter writer(fifo, "written before cat\n");
    const Finished done = run(dir, {program, {fifo}});
    EXPECT_EQ(done.exit_code, 0) << program << ": " << done.err;
    EXPECT_EQ(done.out, "written before cat\n") << program;
    EXPECT_EQ(writer.wait_status(), 0) << program;
  }
}

namespace {

// Runs @p program with @p args and its standard output on a pipe that
// this thread reads to the end.
Finished run_into_pipe(const TempDir& dir, const char* program,
                       const std::vector<std::string>& args, std::string& out) {
  auto pipe = make_pipe();
  Child child(dir, {program, args, -1, pipe.write.get()});
  EXPECT_FALSE(pipe.write.close());
  out = read_all_from(pipe.read.get());
  return child.wait();
}

}  // namespace

TEST(CatTool, LargeFileThroughAPipeMatchesCat) {
  TempDir dir;
  const std::string content =
      pattern_bytes(std::size_t{8} * 1024 * 1024 + 3, 22);
  const std::string file = dir.write("big", content);
  std::string ours_out;
  std::string theirs_out;
  const Finished ours = run_into_pipe(dir, kCat, {file}, ours_out);
  const Finished theirs = run_into_pipe(dir, kSystemCat, {file}, theirs_out);
  EXPECT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(theirs.exit_code, 0);
  ASSERT_EQ(ours_out.size(), content.size());
  EXPECT_TRUE(ours_out == content);
  EXPECT_TRUE(ours_out == theirs_out);
}

// Truncated by another process while cat copies it to a pipe: GNU cat's
// read returns 0 at the new end; ffikit-cat's write from the mapping fails
// with EFAULT, and a second fstat shows the new end. Both print the bytes up
// to it, then the next operand, and exit 0. The pipe holds 64 KiB, so
// neither can be past the new end (1 MiB) when the truncation lands.
TEST(CatTool, InputTruncatedWhileCopyingMatchesCat) {
  TempDir dir;
  const std::string content = pattern_bytes(std::size_t{8} * 1024 * 1024, 23);
  const std::size_t new_end = std::size_t{1024} * 1024;
  const std::string tail = dir.write("tail", "the next operand\n");
  for (const char* program : {kCat, kSystemCat}) {
    const std::string big = dir.write("big", content);
    auto pipe = make_pipe();
    Child child(dir, {program, {big, tail}, -1, pipe.write.get()});
    ASSERT_FALSE(pipe.write.close());
    char first = 0;
    // SAFETY: first is a live one-byte buffer.
    ASSERT_EQ(::read(pipe.read.get(), &first, 1), 1) << program;
    ASSERT_EQ(::truncate(big.c_str(), static_cast<off_t>(new_end)), 0);
    const std::string rest = read_all_from(pipe.read.get());
    const Finished done = child.wait();
    EXPECT_EQ(done.term_signal, 0) << program << ": no SIGBUS";
    EXPECT_EQ(done.exit_code, 0) << program << ": " << done.err;
    EXPECT_EQ(done.err, "") << program;
    const std::string out = first + rest;
    ASSERT_EQ(out.size(), new_end + 17) << program;
    EXPECT_TRUE(out == content.substr(0, new_end) + "the next operand\n")
        << program;
  }
}

// `ulimit -v 100000` and a 200 MiB file: mapping it does not fit, so
// ffikit-cat reads it, as cat does. The file is sparse, with marks at the
// start, the middle and the end.
TEST(CatTool, AddressSpaceLimitFallsBackToReadLikeCat) {
  if (const char* reason = ffikit::hostile::address_space_limit_unsupported()) {
    GTEST_SKIP() << reason;
  }
  TempDir dir;
  const std::size_t size = std::size_t{200} * 1024 * 1024;
  const std::string path = dir.write("sparse", "start");
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(size)), 0);
  const std::vector<std::pair<std::size_t, std::string>> marks = {
      {0, "start"}, {size / 2, "middle"}, {size - 4, "end\n"}};
  {
    // SAFETY: path is NUL-terminated; no O_CREAT, so no mode argument.
    const FileDescriptor writer(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    for (const auto& [offset, text] : marks) {
      ASSERT_EQ(::pwrite(writer.get(), text.data(), text.size(),
                         static_cast<off_t>(offset)),
                static_cast<ssize_t>(text.size()));
    }
  }
  const rlim_t limit = rlim_t{100000} * 1024;  // ulimit -v 100000
  for (const char* program : {kCat, kSystemCat}) {
    auto pipe = make_pipe();
    Child child(dir, {program, {path}, -1, pipe.write.get(), false, limit});
    ASSERT_FALSE(pipe.write.close());
    const StreamCheck check = check_stream(pipe.read.get(), size, marks);
    const Finished done = child.wait();
    EXPECT_EQ(done.exit_code, 0) << program << ": " << done.err;
    EXPECT_EQ(done.err, "") << program;
    EXPECT_EQ(check.bytes, size) << program;
    EXPECT_EQ(check.first_difference, std::string::npos) << program;
  }
}

// GNU cat fstat's its output first and stops when that fails.
TEST(CatTool, ClosedStandardOutputFailsLikeCat) {
  TempDir dir;
  const std::string file = dir.write("a", "A\n");
  const Finished ours = run(dir, {kCat, {file}, -1, -2});
  const Finished theirs = run(dir, {kSystemCat, {file}, -1, -2});
  EXPECT_EQ(ours.exit_code, 1);
  EXPECT_EQ(ours.err,
            "ffikit-cat: fstat(standard output): Bad file descriptor\n");
  EXPECT_EQ(theirs.exit_code, 1);
  EXPECT_NE(theirs.err.find("Bad file descriptor"), std::string::npos)
      << theirs.err;
}
