/// @file
/// Fuzz target "faults": the input picks which intercepted call fails
/// (open, fstat, mmap, munmap, close, or any), the nth call, the errno,
/// transient or persistent, whether the callback throws, and either a run
/// of stage 3 / stage 4 or a sequence of stage 2 owner operations
/// (construct, move, move-assign, swap, release, close, unmap). The
/// lifetime checker (src/check, linked with -Wl,--wrap) watches every call.
///
/// Invariants on every input:
/// - nothing leaked, nothing released twice or unknown, exact munmap ranges
///   (the checker's ledger);
/// - stages 3 and 4: the lifetimes nest (mapping released before its
///   descriptor), and the outcome is either the exact bytes (with no fault,
///   or with one their written policy answers with the bytes: a refused
///   mmap read instead, a close error other than EBADF), the callback's own
///   exception, or an error naming the call that failed and its errno;
/// - an ownership-bug report from a destructor (close said EBADF) only
///   where the checker injected that EBADF;
/// - owners: an error_code is set exactly when the owner came back empty,
///   and a mapping holds the file's bytes.
///
/// Input layout (missing bytes read as zero):
///   byte 0  fault target: 0 none, 1 any call, 2 open, 3 fstat, 4 mmap,
///           5 munmap, 6 close (value % 7)
///   byte 1  which call fails: 1 + value % 4
///   byte 2  errno: index into the call's documented errors (% count)
///   byte 3  bit 0 persistent, bit 1 callback throws, bit 2 empty file,
///           bits 3-4 what runs: 0 stage 3, 1 stage 4, 2-3 owner operations,
///           bit 5 stages 3 and 4 with their default Options (the file,
///           smaller than the small-file threshold, is read); clear, they
///           map every file with a size (Options::read_below 0)
///   rest    owner operations, one per byte (at most 32), see run_owners()
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <utility>

#include "ffikit/check/errno_catalog.hpp"
#include "ffikit/check/fault.hpp"
#include "ffikit/check/function.hpp"
#include "ffikit/check/ledger.hpp"
#include "ffikit/check/options.hpp"
#include "ffikit/check/report.hpp"
#include "ffikit/check/session.hpp"
#include "ffikit/stage2_raii/file_descriptor.hpp"
#include "ffikit/stage2_raii/mapped_region.hpp"
#include "ffikit/stage3_callback/policy.hpp"
#include "ffikit/stage3_callback/with_mmap_file_contents.hpp"
#include "ffikit/stage4_result/try_with_mmap_file_contents.hpp"
#include "fuzz_support.hpp"

namespace {

using ffikit::check::Function;
using ffikit::stage2::FileDescriptor;
using ffikit::stage2::MappedRegion;

constexpr std::string_view target = "faults";
constexpr std::string_view file_bytes =
    "ffikit faults target: these bytes must come through\n";
constexpr std::size_t max_owner_operations = 32;

/// A memfd with known bytes and an empty one, opened by path through
/// /proc/self/fd so that the stages' own open(2) is watched.
struct Files {
  std::string full_path;
  std::string empty_path;
};

int memory_file(std::string_view bytes) {
  // SAFETY: NUL-terminated name and flags only; the descriptor lives for
  // the whole process and is made before any watch is armed.
  const int fd = ::memfd_create("ffikit-fuzz-faults", MFD_CLOEXEC);
  ffikit::fuzz::require(fd >= 0, target, "memfd_create failed");
  // SAFETY: writes from a live buffer of bytes.size() bytes.
  ffikit::fuzz::require(::write(fd, bytes.data(), bytes.size()) ==
                            static_cast<ssize_t>(bytes.size()),
                        target, "cannot fill the memfd");
  return fd;
}

/// The two memfds, closed at exit so that valgrind's descriptor check sees
/// nothing open.
std::array<int, 2>& memory_fds() {
  static std::array<int, 2> fds = {-1, -1};
  return fds;
}

void close_memory_files() {
  for (const int fd : memory_fds()) {
    // SAFETY: each memfd is owned by this target and closed once, at exit.
    ::close(fd);
  }
}

const Files& files() {
  static const Files made = [] {
    memory_fds() = {memory_file(file_bytes), memory_file({})};
    ffikit::fuzz::require(std::atexit(close_memory_files) == 0, target,
                          "atexit failed");
    return Files{"/proc/self/fd/" + std::to_string(memory_fds()[0]),
                 "/proc/self/fd/" + std::to_string(memory_fds()[1])};
  }();
  return made;
}

/// The fault the input asks for, if any.
std::optional<ffikit::check::FaultPlan> decode_fault(std::size_t which,
                                                     std::size_t nth,
                                                     std::size_t error_index,
                                                     bool persistent) {
  constexpr std::array<int, 3> any_errors = {EIO, ENOMEM, EINTR};
  const std::size_t choice = which % 7;
  if (choice == 0) {
    return std::nullopt;
  }
  ffikit::check::FaultPlan plan;
  std::span<const int> errors(any_errors);
  if (choice >= 2) {
    plan.target = ffikit::check::all_functions[choice - 2];
    errors = ffikit::check::documented_errors(*plan.target);
  }
  plan.nth = 1 + nth % 4;
  plan.error = errors[error_index % errors.size()];
  plan.persistent = persistent;
  return plan;
}

/// The first call the checker failed on purpose, if any.
const ffikit::check::Event* first_injected(
    const ffikit::check::Report& report) {
  const auto found = std::find_if(
      report.trace.begin(), report.trace.end(),
      [](const ffikit::check::Event& event) {
        return event.kind == ffikit::check::Event::Kind::call && event.injected;
      });
  return found == report.trace.end() ? nullptr : &*found;
}

/// Thrown by the callback when the input asks for it.
struct CallbackThrew {};

/// Destructors that found their descriptor closed (EBADF) in this run. The
/// checker releases a descriptor for real when it injects a close failure,
/// so an injected EBADF is no ownership bug: counted, not aborted on.
int& ownership_reports() {
  static int reports = 0;
  return reports;
}

void count_ownership_report(int /*fd*/) noexcept { ++ownership_reports(); }

/// True when stages 3 and 4 may answer @p fault with the file's bytes.
bool recoverable(const ffikit::check::Event& fault) {
  return (fault.function == Function::mmap &&
          ffikit::stage3::read_instead_of_mapping(fault.error)) ||
         (fault.function == Function::close &&
          ffikit::stage3::close_error_loses_nothing(fault.error));
}

/// What one run of stage 3 or 4 produced.
struct ApiOutcome {
  bool callback_ran = false;
  bool callback_threw = false;  ///< CallbackThrew came out of the API.
  bool failed = false;          ///< The API reported an error.
  std::string operation;        ///< Its operation ("mmap"), when failed.
  std::error_code code;         ///< Its errno, when failed.
  std::string bytes;            ///< What the callback saw, on success.
};

ApiOutcome run_stage(bool stage4, const std::string& path, bool throws,
                     const ffikit::stage3::Options& options) {
  ApiOutcome outcome;
  const auto callback = [&outcome, throws](std::span<const std::byte> bytes) {
    outcome.callback_ran = true;
    if (throws) {
      throw CallbackThrew{};
    }
    return std::string(reinterpret_cast<const char*>(bytes.data()),
                       bytes.size());
  };
  try {
    if (stage4) {
      auto result =
          ffikit::stage4::try_with_mmap_file_contents(path, options, callback);
      if (result) {
        outcome.bytes = std::move(*result);
      } else {
        outcome.failed = true;
        outcome.operation = result.error().operation();
        outcome.code = result.error().code();
      }
    } else {
      outcome.bytes =
          ffikit::stage3::with_mmap_file_contents(path, options, callback);
    }
  } catch (const CallbackThrew&) {
    outcome.callback_threw = true;
  } catch (const std::system_error& error) {
    outcome.failed = true;
    const std::string_view what = error.what();
    outcome.operation = std::string(what.substr(0, what.find('(')));
    outcome.code = error.code();
  }
  return outcome;
}

void check_api(const ApiOutcome& outcome, const ffikit::check::Report& report,
               std::string_view expected_bytes, bool throws) {
  const ffikit::check::Event* fault = first_injected(report);
  if (outcome.failed) {
    ffikit::fuzz::require(fault != nullptr, target,
                          "the API failed without a fault", outcome.operation);
    ffikit::fuzz::require(
        outcome.operation == ffikit::check::name(fault->function), target,
        "the error names another call than the one that failed",
        outcome.operation);
    ffikit::fuzz::require(
        outcome.code == std::error_code(fault->error, std::system_category()),
        target, "the error carries another errno than the injected one",
        outcome.code.message());
    return;
  }
  ffikit::fuzz::require(outcome.callback_ran, target,
                        "neither an error nor a callback call");
  if (throws) {
    ffikit::fuzz::require(
        outcome.callback_threw, target,
        "the callback's exception did not come out unchanged");
    return;
  }
  ffikit::fuzz::require(fault == nullptr || recoverable(*fault), target,
                        "a call failed but the API reported success");
  ffikit::fuzz::require(outcome.bytes == expected_bytes, target,
                        "the callback saw other bytes than the file holds");
}

/// Runs up to max_owner_operations owner operations on two descriptor slots
/// and two mapping slots. Each byte: bits 0-2 the operation, bit 3 slot i,
/// bit 4 slot j, bit 5 descriptor (0) or mapping (1) variant:
///   0 open into fd[i]             1 map fd[j] into region[i]
///   2 move-assign  fd/region[i] = std::move(fd/region[j])
///   3 swap the two fds / regions  4 release [i], re-own it in [j]
///   5 close fd[i]                 6 unmap region[i]
///   7 move-construct a temporary from [i], move-assign it back to [j]
void run_owners(std::span<const std::uint8_t> operations,
                const std::string& path, std::string_view expected_bytes) {
  // Declared first, destroyed last: the regions go before the descriptors.
  std::array<FileDescriptor, 2> fds;
  std::array<MappedRegion, 2> regions;
  for (const std::uint8_t operation :
       operations.first(std::min(operations.size(), max_owner_operations))) {
    const unsigned i = (operation >> 3U) & 1U;
    const unsigned j = (operation >> 4U) & 1U;
    const bool region = ((operation >> 5U) & 1U) != 0;
    std::error_code error;
    switch (operation & 7U) {
      case 0:
        fds[i] = ffikit::stage2::open_read_only(path, error, O_NONBLOCK);
        ffikit::fuzz::require(
            fds[i].is_open() == !error, target,
            "open_read_only: error set and descriptor owned disagree");
        break;
      case 1:
        regions[i] =
            ffikit::stage2::map_read_only(fds[j], expected_bytes.size(), error);
        ffikit::fuzz::require(
            regions[i].is_mapped() == !error, target,
            "map_read_only: error set and region owned disagree");
        if (regions[i].is_mapped()) {
          const auto bytes = regions[i].bytes();
          // SAFETY: the sizes are compared first, so memcmp reads only
          // bytes.size() bytes of each, all inside the mapping and the view.
          ffikit::fuzz::require(
              bytes.size() == expected_bytes.size() &&
                  std::memcmp(bytes.data(), expected_bytes.data(),
                              bytes.size()) == 0,
              target, "a mapping holds other bytes than the file");
        }
        break;
      case 2:
        if (region) {
          regions[i] = std::move(regions[j]);
        } else {
          fds[i] = std::move(fds[j]);
        }
        break;
      case 3:
        if (region) {
          swap(regions[0], regions[1]);
        } else {
          swap(fds[0], fds[1]);
        }
        break;
      case 4:
        if (region) {
          const MappedRegion::Range range = regions[i].release();
          regions[j] = MappedRegion(range.address, range.length);
        } else {
          const int raw = fds[i].release();
          fds[j] = FileDescriptor(raw);
        }
        break;
      case 5:
        static_cast<void>(fds[i].close());
        ffikit::fuzz::require(!fds[i].is_open(), target,
                              "close left the owner holding");
        break;
      case 6:
        static_cast<void>(regions[i].unmap());
        ffikit::fuzz::require(!regions[i].is_mapped(), target,
                              "unmap left the owner holding");
        break;
      default:
        if (region) {
          MappedRegion moved(std::move(regions[i]));
          ffikit::fuzz::require(!regions[i].is_mapped(),
                                target,  // NOLINT(bugprone-use-after-move)
                                "a moved-from region still owns its mapping");
          regions[j] = std::move(moved);
        } else {
          FileDescriptor moved(std::move(fds[i]));
          ffikit::fuzz::require(!fds[i].is_open(),
                                target,  // NOLINT(bugprone-use-after-move)
                                "a moved-from descriptor still owns it");
          fds[j] = std::move(moved);
        }
        break;
    }
  }
}

/// A plan whose call was reached must have fired: otherwise the checker is
/// not watching this code and every other check here proves nothing.
void check_fired(const std::optional<ffikit::check::FaultPlan>& plan,
                 const ffikit::check::Report& report) {
  if (!plan) {
    ffikit::fuzz::require(!report.fault_fired, target,
                          "a fault fired without a plan");
    return;
  }
  std::size_t reached = 0;
  if (plan->target) {
    reached = report.calls_of(*plan->target);
  } else {
    for (const std::size_t calls : report.calls) {
      reached += calls;
    }
  }
  ffikit::fuzz::require(
      report.fault_fired == (reached >= plan->nth), target,
      "the fault plan fired when it should not have, or did not "
      "when its call was reached",
      ffikit::check::format_fault(*plan));
}

void check_ledger(const ffikit::check::Report& report) {
  if (!report.violations.empty()) {
    ffikit::fuzz::broken(target, "the checker saw a lifetime violation",
                         ffikit::check::describe(report.violations.front()));
  }
  if (!report.leaks.empty()) {
    ffikit::fuzz::broken(target, "something was left held",
                         ffikit::check::describe(report.leaks.front()));
  }
}

/// An ownership-bug report needs an EBADF the checker injected into close.
void check_ownership_reports(const ffikit::check::Report& report) {
  if (ownership_reports() == 0) {
    return;
  }
  const bool injected_ebadf = std::any_of(
      report.trace.begin(), report.trace.end(),
      [](const ffikit::check::Event& event) {
        return event.kind == ffikit::check::Event::Kind::call &&
               event.injected && event.function == Function::close &&
               event.error == EBADF;
      });
  ffikit::fuzz::require(injected_ebadf, target,
                        "a destructor reported an ownership bug that the "
                        "checker did not cause");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  static_cast<void>(files());
  static_cast<void>(
      ffikit::stage2::set_ownership_bug_handler(count_ownership_report));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ffikit::fuzz::ByteReader input(data, size);
  const std::uint64_t which = input.take(1);
  const std::uint64_t nth = input.take(1);
  const std::uint64_t error_index = input.take(1);
  const std::uint64_t flags = input.take(1);
  const bool persistent = (flags & 1U) != 0;
  const bool throws = (flags & 2U) != 0;
  const bool empty = (flags & 4U) != 0;
  const std::uint64_t mode = (flags >> 3U) & 3U;
  ffikit::stage3::Options stage_options;
  if ((flags & 32U) == 0) {
    stage_options.read_below = 0;
  }
  ownership_reports() = 0;
  const std::string& path = empty ? files().empty_path : files().full_path;
  const std::string_view expected_bytes =
      empty ? std::string_view{} : file_bytes;

  ffikit::check::Options options;
  options.fault = decode_fault(which, nth, error_index, persistent);
  // Owner sequences may close a descriptor while a mapping of it lives,
  // which POSIX allows; the stages must nest, so they are checked strictly.
  options.nesting = mode >= 2 ? ffikit::check::Nesting::relaxed
                              : ffikit::check::Nesting::strict;
  if (mode >= 2) {
    const std::span<const std::uint8_t> operations =
        size > 4 ? std::span<const std::uint8_t>(data + 4, size - 4)
                 : std::span<const std::uint8_t>{};
    ffikit::check::Session session(options);
    run_owners(operations, path, expected_bytes);
    session.disarm();
    const ffikit::check::Report report = session.report();
    check_fired(options.fault, report);
    check_ledger(report);
    check_ownership_reports(report);
    return 0;
  }
  ApiOutcome outcome;
  ffikit::check::Report report;
  {
    ffikit::check::Session session(options);
    outcome = run_stage(mode == 1, path, throws, stage_options);
    session.disarm();
    report = session.report();
  }
  ffikit::fuzz::require(
      report.calls_of(Function::open) >= 1, target,
      "the checker saw no open(2): it is not watching the stages");
  check_fired(options.fault, report);
  check_ledger(report);
  check_ownership_reports(report);
  check_api(outcome, report, expected_bytes, throws);
  return 0;
}
