/// @file
/// Fuzz target "paths": arbitrary bytes as a path, inside a sandbox
/// directory the target builds (regular files, an empty file, a directory,
/// a FIFO, a symlink loop, a dangling symlink, odd names).
///
/// For every input, stages 3 and 4 must:
/// - return, never crash or hang (the FIFO must not block);
/// - hand open(2) exactly the path's bytes, or refuse a path holding a NUL
///   byte with ("open", EINVAL), or one of PATH_MAX bytes or more with
///   ("open", ENAMETOOLONG), before any call: never a truncated path;
/// - never open a directory or a FIFO at all: the kit decides from a look
///   (fstatat) that opens nothing, and refuses them as ("check", EISDIR)
///   and ("check", ENODEV);
/// - agree with an oracle built on stat(2): the errno of a path that does
///   not resolve (from open, the call that refuses it), the refusals
///   above, the file's exact bytes otherwise;
/// - describe failures as "OPERATION(ESCAPED PATH): strerror", printable
///   ASCII only, and the escaped path must decode back to the exact bytes.
///
/// Inputs whose ".." components would leave the sandbox are skipped, so the
/// target never opens anything outside its own directory (opening some
/// devices has side effects).
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"
#include "fuzz_support.hpp"
#include "open_trace.hpp"

namespace {

constexpr std::string_view target = "paths";

/// The sandbox and what its regular files hold, by inode.
struct Sandbox {
  std::string root;
  std::map<ino_t, std::string> contents;
  int root_fd = -1;  ///< Kept open for the descriptor leak probe.
};

void remove_sandbox();

/// Sandboxes are named after the process that made them.
const std::string sandbox_prefix = "ffikit-fuzz-paths-";

/// Removes sandboxes whose process is gone: a crash that does not pass
/// through ffikit::fuzz::broken() (a sanitizer report, a signal) skips the
/// cleanup at exit, so the next run sweeps up.
void remove_stale_sandboxes() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::temp_directory_path(), error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(sandbox_prefix, 0) != 0) {
      continue;
    }
    // SAFETY: name is NUL-terminated; strtol stops at the first non-digit.
    const long pid =
        std::strtol(name.c_str() + sandbox_prefix.size(), nullptr, 10);
    // SAFETY: signal 0 only asks whether the process exists.
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      std::filesystem::remove_all(entry.path(), ignored);
    }
  }
}

void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  ffikit::fuzz::require(!out.fail(), target, "cannot write a sandbox file");
}

/// strerror(3)'s text for @p error, computed here rather than through
/// std::error_code so that the oracle does not share the stages' path.
std::string reason(int error) {
  // SAFETY: the target is single-threaded and copies the static buffer
  // before any other strerror call can overwrite it.
  return std::strerror(error);
}

Sandbox& sandbox() {
  // Never destroyed: remove_sandbox() runs at exit and still needs it.
  static Sandbox* const box = new Sandbox([] {
    Sandbox made;
    remove_stale_sandboxes();
    std::string pattern =
        (std::filesystem::temp_directory_path() /
         (sandbox_prefix + std::to_string(::getpid()) + "-XXXXXX"))
            .string();
    // SAFETY: pattern is a writable NUL-terminated buffer ending in XXXXXX.
    ffikit::fuzz::require(::mkdtemp(pattern.data()) != nullptr, target,
                          "mkdtemp failed");
    made.root = pattern;
    const std::string& r = made.root;
    const std::vector<std::pair<std::string, std::string_view>> files = {
        {"f", "ffikit\n"},
        {"e", ""},
        {"d/g", "inside a directory\n"},
        {"odd\x01name\xff", "odd name\n"},
        {"back\\slash", "backslash\n"},
        {"sp ace", "space\n"},
    };
    // SAFETY: NUL-terminated path inside the fresh sandbox; mode 0700.
    ffikit::fuzz::require(::mkdir((r + "/d").c_str(), 0700) == 0, target,
                          "mkdir failed");
    for (const auto& [name, bytes] : files) {
      write_file(r + "/" + name, bytes);
      struct stat status {};
      // SAFETY: status is a live struct for the kernel to fill.
      ffikit::fuzz::require(::stat((r + "/" + name).c_str(), &status) == 0,
                            target, "stat of a sandbox file failed");
      made.contents[status.st_ino] = std::string(bytes);
    }
    // SAFETY: NUL-terminated paths inside the fresh sandbox.
    ffikit::fuzz::require(::mkfifo((r + "/p").c_str(), 0600) == 0, target,
                          "mkfifo failed");
    // SAFETY: as above; a link to itself and one to a missing name.
    ffikit::fuzz::require(
        ::symlink("loop", (r + "/loop").c_str()) == 0 &&
            ::symlink("missing", (r + "/dangling").c_str()) == 0,
        target, "symlink failed");
    // SAFETY: NUL-terminated path of the directory just made; the
    // descriptor lives until exit.
    made.root_fd = ::open(r.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ffikit::fuzz::require(made.root_fd >= 0, target, "cannot open the sandbox");
    return made;
  }());
  ffikit::fuzz::cleanup_before_abort() = remove_sandbox;
  static const bool removed_at_exit = std::atexit(remove_sandbox) == 0;
  ffikit::fuzz::require(removed_at_exit, target, "atexit failed");
  return *box;
}

void remove_sandbox() {
  // SAFETY: root_fd is owned by the sandbox and closed once, at exit.
  ::close(sandbox().root_fd);
  std::error_code ignored;
  std::filesystem::remove_all(sandbox().root, ignored);
}

/// False when the ".." components of @p relative climb above its start.
/// Symlinks in the sandbox never point at directories, so the lexical walk
/// matches what the kernel resolves.
bool stays_inside(std::string_view relative) {
  long depth = 0;
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string_view::npos) {
      end = relative.size();
    }
    const std::string_view part = relative.substr(start, end - start);
    if (part == "..") {
      if (--depth < 0) {
        return false;
      }
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    start = end + 1;
  }
  return true;
}

/// The outcome the stages must produce: bytes, or an operation and errno.
struct Outcome {
  const char* operation = nullptr;  ///< nullptr for success.
  int error = 0;
  std::string bytes;
};

Outcome oracle(const std::string& path, const Sandbox& box) {
  if (path.find('\0') != std::string::npos) {
    return {"open", EINVAL, {}};
  }
  struct stat status {};
  // SAFETY: path holds no NUL, so c_str() is the whole path; status is live.
  if (::stat(path.c_str(), &status) != 0) {
    return {"open", errno, {}};
  }
  if (S_ISDIR(status.st_mode)) {
    return {"check", EISDIR, {}};
  }
  if (S_ISFIFO(status.st_mode)) {
    return {"check", ENODEV, {}};
  }
  ffikit::fuzz::require(S_ISREG(status.st_mode), target,
                        "unexpected file type in sandbox");
  const auto found = box.contents.find(status.st_ino);
  ffikit::fuzz::require(found != box.contents.end(), target,
                        "unknown file in sandbox");
  return {nullptr, 0, found->second};
}

/// The value of a lower-case hexadecimal digit, as printable_path() writes.
std::optional<unsigned> hex_digit(char c) {
  if (c >= '0' && c <= '9') {
    return static_cast<unsigned>(c - '0');
  }
  if (c >= 'a' && c <= 'f') {
    return static_cast<unsigned>(c - 'a' + 10);
  }
  return std::nullopt;
}

/// Decodes printable_path()'s escapes; std::nullopt for a malformed escape.
std::optional<std::string> unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (i + 1 >= text.size()) {
      return std::nullopt;
    }
    const char kind = text[++i];
    if (kind == '\\') {
      out += '\\';
    } else if (kind == '0') {
      out += '\0';
    } else if (kind == 'x' && i + 2 < text.size()) {
      const std::optional<unsigned> high = hex_digit(text[i + 1]);
      const std::optional<unsigned> low = hex_digit(text[i + 2]);
      if (!high || !low) {
        return std::nullopt;
      }
      out += static_cast<char>((*high << 4U) | *low);
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

/// Checks "OPERATION(ESCAPED): REASON" for @p path and @p error.
void check_message(const std::string& message, const char* operation,
                   const std::string& path, int error) {
  for (const char c : message) {
    ffikit::fuzz::require(c >= 0x20 && c < 0x7f, target,
                          "error message holds an unprintable byte", message);
  }
  const std::string head = std::string(operation) + "(";
  const std::string tail = "): " + reason(error);
  ffikit::fuzz::require(
      message.size() >= head.size() + tail.size() &&
          message.compare(0, head.size(), head) == 0 &&
          message.compare(message.size() - tail.size(), tail.size(), tail) == 0,
      target, "error message is not OPERATION(PATH): REASON", message);
  const std::optional<std::string> decoded =
      unescape(std::string_view(message).substr(
          head.size(), message.size() - head.size() - tail.size()));
  ffikit::fuzz::require(decoded.has_value() && *decoded == path, target,
                        "escaped path does not decode to the exact path",
                        message);
}

std::string copy_of(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// @param want what the oracle expects, to know a refused file.
/// @param stage "stage 3" or "stage 4", for the report.
void check_trace(const std::vector<std::string>& opened,
                 const std::string& path, const Outcome& want,
                 std::string_view stage) {
  if (path.find('\0') != std::string::npos) {
    ffikit::fuzz::require(opened.empty(), target,
                          "a path with a NUL byte reached open(2) truncated",
                          stage);
    return;
  }
  // Stage 2 refuses a path of PATH_MAX bytes or more before calling open(2),
  // as the kernel would, so that opening never allocates; the oracle's
  // stat(2) reports the same ENAMETOOLONG.
  if (path.size() >= PATH_MAX) {
    ffikit::fuzz::require(opened.empty(), target,
                          "an overlong path reached open(2)", stage);
    return;
  }
  if (want.operation != nullptr &&
      std::string_view(want.operation) == "check") {
    ffikit::fuzz::require(opened.empty(), target,
                          "a directory or FIFO was opened before it was "
                          "refused",
                          stage);
    return;
  }
  ffikit::fuzz::require(opened.size() == 1, target,
                        "expected exactly one open(2)", stage);
  ffikit::fuzz::require(opened.front() == path, target,
                        "open(2) was given other bytes than the path", stage);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  static_cast<void>(sandbox());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const Sandbox& box = sandbox();
  const std::string relative(reinterpret_cast<const char*>(data), size);
  // The prefix before a NUL is what a broken wrapper would open: it must
  // stay inside too.
  if (!stays_inside(relative) ||
      !stays_inside(
          std::string_view(relative).substr(0, relative.find('\0')))) {
    return 0;
  }
  // Probed before and after this run only: between runs libFuzzer may open
  // and close files of its own.
  const int free_before =
      ffikit::fuzz::lowest_free_descriptor(box.root_fd, target);
  const std::string path = box.root + "/" + relative;
  const Outcome want = oracle(path, box);
  const auto copy = [](std::span<const std::byte> bytes) {
    return copy_of(bytes);
  };

  ffikit::fuzz::arm_open_trace();
  const auto result = ffikit::stage4::try_with_mmap_file_contents(path, copy);
  check_trace(ffikit::fuzz::disarm_open_trace(), path, want, "stage 4");
  if (want.operation == nullptr) {
    if (!result) {
      ffikit::fuzz::broken(target, "stage 4 failed on a readable file",
                           result.error().message());
    }
    ffikit::fuzz::require(*result == want.bytes, target,
                          "stage 4 saw other bytes");
  } else {
    ffikit::fuzz::require(!result, target,
                          "stage 4 succeeded where it must fail");
    const ffikit::Error& error = result.error();
    if (error.operation() != want.operation ||
        error.code() != std::error_code(want.error, std::system_category())) {
      ffikit::fuzz::broken(target, "stage 4 reported another failure",
                           error.message() + ", expected " + want.operation +
                               " with " + reason(want.error));
    }
    ffikit::fuzz::require(error.path() == path, target,
                          "stage 4 error holds another path");
    check_message(error.message(), want.operation, path, want.error);
  }

  ffikit::fuzz::arm_open_trace();
  try {
    const std::string seen =
        ffikit::stage3::with_mmap_file_contents(path, copy);
    check_trace(ffikit::fuzz::disarm_open_trace(), path, want, "stage 3");
    ffikit::fuzz::require(want.operation == nullptr, target,
                          "stage 3 succeeded where it must fail");
    ffikit::fuzz::require(seen == want.bytes, target,
                          "stage 3 saw other bytes");
  } catch (const std::system_error& error) {
    check_trace(ffikit::fuzz::disarm_open_trace(), path, want, "stage 3");
    ffikit::fuzz::require(want.operation != nullptr, target,
                          "stage 3 threw on a readable file", error.what());
    ffikit::fuzz::require(
        error.code() == std::error_code(want.error, std::system_category()),
        target, "stage 3 threw another errno", error.what());
    check_message(error.what(), want.operation, path, want.error);
  }
  const int free_after =
      ffikit::fuzz::lowest_free_descriptor(box.root_fd, target);
  ffikit::fuzz::require(free_after == free_before, target,
                        "a descriptor was left open");
  return 0;
}
