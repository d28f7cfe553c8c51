// A small stand-in for Linux, for the ledger's tests: a descriptor table
// (lowest free number first, close-on-exec flags, which file each number
// is), stdio and directory streams, and a set of mapped pages. Each call
// fills its Event the way the interposers (src/check/intercept/
// interposers.hpp) do: the result, errno, range_was_mapped; releases go
// through begin_release() before the kernel acts and end_release() after,
// injected failures take the interposers' paths. A test then reads as a
// program: open, mmap, close, close again, and asserts what the ledger
// found.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "ffikit/check/event.hpp"
#include "ffikit/check/ledger.hpp"
#include "ffikit/check/options.hpp"

namespace ffikit::check::testing_support {

/// The page size every test uses.
inline constexpr std::size_t page = 4096;

/// Where the fake kernel puts the first mapping it chooses itself.
inline constexpr std::uintptr_t first_mapping = 0x10000;

/// The call site the fake kernel records for trace entry @p index.
constexpr std::uintptr_t site_of(std::size_t index) {
  return 0x400000 + 0x10 * index;
}

/// Options for a program nobody here wrote (ffikit-faultrun's defaults).
inline Options foreign_program_options() {
  Options options;
  options.nesting = Nesting::relaxed;
  options.exact_ranges = false;
  options.strict_ownership = false;
  return options;
}

/// Tables big enough for every test program and small enough that a test
/// costs microseconds (leaks() scans the descriptor table), also under
/// valgrind.
inline LedgerCapacity test_capacity() {
  LedgerCapacity c;
  c.descriptors = 256;
  c.records = 256;
  c.intervals = 256;
  c.released_ranges = 64;
  c.findings = 64;
  return c;
}

class FakeKernel {
 public:
  /// Which file a descriptor is.
  struct File {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    bool cloexec = false;
  };

  /// A process with 0, 1 and 2 open (inherited) and nothing mapped.
  explicit FakeKernel(const Options& options = {},
                      const LedgerCapacity& capacity = test_capacity())
      : ledger(options, page, capacity) {
    for (int fd = 0; fd < 3; ++fd) {
      fds_[fd] = File{1, 1000 + static_cast<std::uint64_t>(fd), false};
      ledger.inherit(fd);
    }
  }

  Ledger ledger;
  std::vector<Event> trace;

  /// Opens @p fd before the watch began: the ledger inherits it (unless
  /// the options lend it: borrowed descriptors are the caller's).
  void opened_before(int fd, std::string_view path = "/before") {
    fds_[fd] = File{1, file_of(path), false};
    ledger.inherit(fd);
  }
  /// A FILE* that already existed when the watch began (stdin), on @p fd.
  std::uintptr_t stream_before_watch(int fd) { return new_stream(fd); }

  // ---- fault injection, as a plan would fire ----

  /// The next watched call fails by injection with @p error.
  void inject(int error) { injected_ = error; }

  // ---- the open family and other acquisitions ----

  int open(std::string_view path, int flags = O_RDONLY) {
    return open_as(Symbol::open, path, flags);
  }
  int open_as(Symbol symbol, std::string_view path, int flags = O_RDONLY,
              int dirfd = AT_FDCWD, unsigned mode = 0) {
    Event e = call(symbol);
    e.path = path;
    e.flags = flags;
    e.dirfd = dirfd;
    e.mode = mode;
    if (!injected(e)) {
      finish(e, take_lowest(0, file_of(path), (flags & O_CLOEXEC) != 0));
    }
    return record(e);
  }
  /// open() that the kernel refuses with @p error (a missing file).
  int failing_open(std::string_view path, int error) {
    Event e = call(Symbol::open);
    e.path = path;
    e.result = -1;
    e.error = error;
    return record(e);
  }
  int fstat(int fd) {
    Event e = call(Symbol::fstat);
    e.fd = fd;
    if (!injected(e)) {
      if (is_open(fd)) {
        e.file_size = 12;
        e.file_mode = 0100644;
        e.result = 0;
      } else {
        fail(e, EBADF);
      }
    }
    return record(e);
  }
  int dup(int fd) {
    Event e = call(Symbol::dup);
    e.fd = fd;
    if (!injected(e)) {
      if (is_open(fd)) {
        finish(e, take_lowest(0, fds_[fd].inode, false));
      } else {
        fail(e, EBADF);
      }
    }
    return record(e);
  }
  int fcntl_dup(int fd, int lowest, bool cloexec = false) {
    Event e = call(Symbol::fcntl);
    e.fd = fd;
    e.flags = cloexec ? F_DUPFD_CLOEXEC : F_DUPFD;
    e.fd2 = lowest;
    if (!injected(e)) {
      if (is_open(fd)) {
        finish(e, take_lowest(lowest, fds_[fd].inode, cloexec));
      } else {
        fail(e, EBADF);
      }
    }
    return record(e);
  }
  int dup2(int fd, int target) { return dup_onto(Symbol::dup2, fd, target, 0); }
  int dup3(int fd, int target, int flags = 0) {
    return dup_onto(Symbol::dup3, fd, target, flags);
  }
  std::array<int, 2> pipe() { return two_ends(Symbol::pipe); }
  std::array<int, 2> socketpair() { return two_ends(Symbol::socketpair); }
  /// socket, eventfd, timerfd_create, epoll_create1, inotify_init1, ...:
  /// a new descriptor from nothing.
  int anonymous(Symbol symbol) {
    Event e = call(symbol);
    if (!injected(e)) {
      finish(e, take_lowest(0, next_inode_++, false));
    }
    return record(e);
  }
  int memfd_create(std::string_view name) {
    Event e = call(Symbol::memfd_create);
    e.path = name;
    if (!injected(e)) {
      finish(e, take_lowest(0, next_inode_++, false));
    }
    return record(e);
  }
  /// accept() or signalfd(): made from @p fd (signalfd(-1) makes one,
  /// signalfd(fd) changes fd and returns it).
  int made_from(Symbol symbol, int fd) {
    Event e = call(symbol);
    e.fd = fd;
    if (!injected(e)) {
      if (symbol == Symbol::signalfd && fd >= 0) {
        if (is_open(fd)) {
          e.result = fd;
        } else {
          fail(e, EBADF);
        }
      } else if (fd >= 0 && !is_open(fd)) {
        fail(e, EBADF);
      } else {
        finish(e, take_lowest(0, next_inode_++, false));
      }
    }
    return record(e);
  }

  // ---- releases: the ledger's half first, then the kernel's ----

  /// A close between its two halves: the ledger has let go of the number
  /// and the kernel has closed it, end_release() has not run yet.
  struct PendingRelease {
    Event event;
    Ledger::Release release;
  };

  int close(int fd) {
    PendingRelease p = close_begin(fd);
    close_end(p);
    return static_cast<int>(p.event.result);
  }
  /// The first half of close(@p fd) and the kernel's close itself.
  PendingRelease close_begin(int fd) {
    Event e = call(Symbol::close);
    e.fd = fd;
    PendingRelease p{e, ledger.begin_release(e)};
    const int error = take_injection();
    // Linux releases the number whatever close returns.
    const bool closed = kernel_close(fd);
    if (error != 0) {
      // The interposer still closes for real; a refusal is the kernel's.
      p.event.result = -1;
      p.event.error = closed ? error : EBADF;
      p.event.injected = closed;
    } else if (!closed) {
      fail(p.event, EBADF);
    }
    return p;
  }
  /// The second half of a release.
  void close_end(PendingRelease& p) {
    ledger.end_release(p.event, p.release);
    remember_identities(p.event);
    trace.push_back(p.event);
  }
  int close_range(unsigned first, unsigned last, int flags = 0) {
    Event e = call(Symbol::close_range);
    e.fd = static_cast<int>(first);
    e.fd2 = static_cast<int>(last);
    e.flags = flags;
    if (const int error = take_injection()) {
      // An injected close_range changes nothing and is only recorded.
      fail(e, error);
      e.injected = true;
      return record(e);
    }
    const Ledger::Release r = ledger.begin_release(e);
    constexpr auto cloexec = static_cast<int>(CLOSE_RANGE_CLOEXEC);
    constexpr auto known = static_cast<int>(CLOSE_RANGE_UNSHARE) | cloexec;
    if (first > last || (flags & ~known) != 0) {
      fail(e, EINVAL);
    } else {
      for (auto it = fds_.lower_bound(static_cast<int>(first));
           it != fds_.end() && static_cast<unsigned>(it->first) <= last;) {
        if ((flags & cloexec) != 0) {
          it->second.cloexec = true;
          ++it;
        } else {
          it = fds_.erase(it);
        }
      }
    }
    ledger.end_release(e, r);
    trace.push_back(e);
    return static_cast<int>(e.result);
  }
  void closefrom(int first) {
    Event e = call(Symbol::closefrom);
    e.fd = first;
    const Ledger::Release r = ledger.begin_release(e);
    fds_.erase(fds_.lower_bound(first), fds_.end());
    ledger.end_release(e, r);
    trace.push_back(e);
  }

  // ---- streams ----

  std::uintptr_t fopen(std::string_view path, Symbol symbol = Symbol::fopen) {
    Event e = call(symbol);
    e.path = path;
    if (!injected(e)) {
      const int fd = take_lowest(0, file_of(path), false);
      e.stream = new_stream(fd);
      finish(e, fd);
    }
    record(e);
    return e.stream;
  }
  std::uintptr_t fdopen(int fd) { return stream_from(Symbol::fdopen, fd); }
  std::uintptr_t fdopendir(int fd) {
    return stream_from(Symbol::fdopendir, fd);
  }
  std::uintptr_t opendir(std::string_view path) {
    Event e = call(Symbol::opendir);
    e.path = path;
    if (!injected(e)) {
      const int fd = take_lowest(0, file_of(path), true);
      e.stream = new_stream(fd);
      finish(e, fd);
    }
    record(e);
    return e.stream;
  }
  /// freopen(@p path, ..., @p stream): closes the stream's descriptor, then
  /// opens @p path into the same FILE*. @return the stream or 0.
  std::uintptr_t freopen(std::string_view path, std::uintptr_t stream,
                         bool open_fails = false) {
    Event e = call(Symbol::freopen);
    e.path = path;
    e.stream = stream;
    e.fd = streams_.at(stream);
    const Ledger::Release r = ledger.begin_release(e);
    const int error = take_injection();
    kernel_close(e.fd);
    streams_.erase(stream);
    if (error != 0) {
      fail(e, error);
      e.injected = true;
    } else if (open_fails) {
      fail(e, ENOENT);
    } else {
      const int fd = take_lowest(0, file_of(path), false);
      streams_[stream] = fd;
      finish(e, fd);
    }
    ledger.end_release(e, r);
    remember_identities(e);
    trace.push_back(e);
    return e.failed() ? 0 : stream;
  }
  int fclose(std::uintptr_t stream) {
    return stream_close(Symbol::fclose, stream);
  }
  int closedir(std::uintptr_t directory) {
    return stream_close(Symbol::closedir, directory);
  }
  /// fcloseall() as its manual page describes it: every FILE* is closed
  /// (directory streams are not FILE*s).
  int fcloseall() {
    Event e = call(Symbol::fcloseall);
    const Ledger::Release r = ledger.begin_release(e);
    for (auto it = streams_.begin(); it != streams_.end();) {
      if (directories_.count(it->first) == 0) {
        kernel_close(it->second);
        it = streams_.erase(it);
      } else {
        ++it;
      }
    }
    e.result = 0;
    ledger.end_release(e, r);
    trace.push_back(e);
    return 0;
  }

  // ---- mappings ----

  /// mmap(@p hint, @p length, PROT_READ, @p flags, @p fd, 0).
  /// @return the address, or 0 for MAP_FAILED.
  std::uintptr_t mmap(std::size_t length, int fd, int flags = MAP_SHARED,
                      std::uintptr_t hint = 0, Symbol symbol = Symbol::mmap) {
    Event e = call(symbol);
    e.address = hint;
    e.length = length;
    e.prot = PROT_READ;
    e.map_flags = flags;
    e.fd = fd;
    if (injected(e)) {
      record(e);
      return 0;
    }
    const bool anonymous = (flags & MAP_ANONYMOUS) != 0;
    const std::size_t pages = (length + page - 1) / page;
    std::uintptr_t at = 0;
    if (length == 0) {
      fail(e, EINVAL);
    } else if (!anonymous && !is_open(fd)) {
      fail(e, EBADF);
    } else if ((flags & MAP_FIXED_NOREPLACE) != 0 && any_mapped(hint, pages)) {
      fail(e, EEXIST);
    } else {
      at = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0 ? hint
           : hint != 0 && !any_mapped(hint, pages)          ? hint
                                                            : free_area(pages);
      map_pages(at, pages);
      e.result = static_cast<std::intptr_t>(at);
    }
    record(e);
    return at;
  }
  int munmap(std::uintptr_t at, std::size_t length) {
    Event e = call(Symbol::munmap);
    e.address = at;
    e.length = length;
    if (const int error = take_injection()) {
      // The interposer parks the range; to the program it failed.
      fail(e, error);
      e.injected = true;
      return record(e);
    }
    if (length == 0 || at % page != 0) {
      fail(e, EINVAL);
      return record(e);
    }
    const std::size_t pages = (length + page - 1) / page;
    e.range_was_mapped = any_mapped(at, pages);
    for (std::size_t i = 0; i < pages; ++i) {
      pages_.erase(at + i * page);
    }
    e.result = 0;
    return record(e);
  }
  /// mremap(@p old, @p old_length, @p new_length, @p flags, @p target).
  /// @return the new address, or 0 for MAP_FAILED.
  std::uintptr_t mremap(std::uintptr_t old, std::size_t old_length,
                        std::size_t new_length, int flags = MREMAP_MAYMOVE,
                        std::uintptr_t target = 0) {
    Event e = call(Symbol::mremap);
    e.address = old;
    e.length = old_length;
    e.new_length = new_length;
    e.map_flags = flags;
    e.new_address = target;
    if (injected(e)) {
      record(e);
      return 0;
    }
    const std::size_t old_pages = (old_length + page - 1) / page;
    const std::size_t new_pages = (new_length + page - 1) / page;
    if (!all_mapped(old, old_pages)) {
      fail(e, EFAULT);
      record(e);
      return 0;
    }
    std::uintptr_t at = old;
    if ((flags & MREMAP_FIXED) != 0) {
      at = target;
    } else if (new_pages > old_pages &&
               any_mapped(old + old_pages * page, new_pages - old_pages)) {
      if ((flags & MREMAP_MAYMOVE) == 0) {
        fail(e, ENOMEM);
        record(e);
        return 0;
      }
      at = free_area(new_pages);
    }
    for (std::size_t i = 0; i < old_pages; ++i) {
      pages_.erase(old + i * page);
    }
    map_pages(at, new_pages);
    e.result = static_cast<std::intptr_t>(at);
    record(e);
    return at;
  }

  // ---- the process ----

  /// execve(@p path): recorded, then judged as the monitor judges an exec.
  void exec(std::string_view path) {
    Event e = call(Symbol::execve);
    e.path = path;
    record(e);  // before the new image starts, as the preload library does
    verify();
    std::array<int, 64> fds{};
    const std::size_t n = ledger.tracked(fds, 3);
    for (std::size_t i = 0; i < n; ++i) {
      if (is_open(fds[i]) && !fds_[fds[i]].cloexec) {
        ledger.leaked_into_exec(fds[i], e.index, e.site);
      }
    }
  }
  /// fork(): this object goes on as the child.
  void fork() { ledger.forked(); }

  /// What the monitor does before it reports: a tracked number that the
  /// kernel no longer has open, or that is now another file, was released
  /// by a call nobody watched.
  void verify() {
    std::array<int, 64> fds{};
    int from = 0;
    while (true) {
      const std::size_t n = ledger.tracked(fds, from);
      for (std::size_t i = 0; i < n; ++i) {
        const auto it = fds_.find(fds[i]);
        if (it == fds_.end() ||
            ledger.identity_differs(fds[i], it->second.device,
                                    it->second.inode)) {
          ledger.released_unseen(fds[i]);
        }
      }
      if (n < fds.size()) {
        return;
      }
      from = fds[n - 1] + 1;
    }
  }

  // ---- what the checker does not see (raw system calls, libc inside) ----

  int unseen_open(std::string_view path) {
    return take_lowest(0, file_of(path), false);
  }
  void unseen_close(int fd) { kernel_close(fd); }
  std::uintptr_t unseen_mmap(std::size_t length, std::uintptr_t fixed = 0) {
    const std::size_t pages = (length + page - 1) / page;
    const std::uintptr_t at = fixed != 0 ? fixed : free_area(pages);
    map_pages(at, pages);
    return at;
  }

  // ---- what a test reads back ----

  [[nodiscard]] bool is_open(int fd) const { return fds_.count(fd) != 0; }
  [[nodiscard]] bool is_mapped(std::uintptr_t at) const {
    return pages_.count(at) != 0;
  }
  [[nodiscard]] const File& file(int fd) const { return fds_.at(fd); }

  /// describe() of every finding so far (errors and policy), in order.
  [[nodiscard]] std::vector<std::string> findings() const {
    std::vector<std::string> out;
    for (const Finding& f : ledger.findings()) {
      out.push_back(describe(f));
    }
    return out;
  }
  /// describe() of every leak.
  [[nodiscard]] std::vector<std::string> leaks() const {
    std::vector<std::string> out;
    for (const Finding& f : ledger.leaks()) {
      out.push_back(describe(f));
    }
    return out;
  }
  /// The trace replayed through Ledger::apply() into a fresh ledger with
  /// the same options finds the same (apply() is both halves at once).
  void expect_replay_agrees(const Options& options = {}) const {
    Ledger replay(options, page, test_capacity());
    for (int fd = 0; fd < 3; ++fd) {
      replay.inherit(fd);
    }
    for (const Event& e : trace) {
      replay.apply(e);
    }
    std::vector<std::string> found;
    for (const Finding& f : replay.findings()) {
      found.push_back(describe(f));
    }
    std::vector<std::string> leaked;
    for (const Finding& f : replay.leaks()) {
      leaked.push_back(describe(f));
    }
    EXPECT_EQ(found, findings()) << "apply() judged the trace differently";
    EXPECT_EQ(leaked, leaks()) << "apply() left different leaks";
  }

 private:
  Event call(Symbol symbol) {
    Event e;
    e.symbol = symbol;
    e.function = function_of(symbol);
    e.index = next_index_++;  // given when the call begins, as the monitor does
    e.site = site_of(e.index);
    return e;
  }
  static void fail(Event& e, int error) {
    e.result = -1;
    e.error = error;
  }
  static void finish(Event& e, int fd) { e.result = fd; }

  int take_injection() {
    const int error = injected_;
    injected_ = 0;
    return error;
  }
  // Fails @p e by injection if a fault is pending: the real call never runs.
  bool injected(Event& e) {
    if (const int error = take_injection()) {
      fail(e, error);
      e.injected = true;
      return true;
    }
    return false;
  }

  // What record() in the monitor does for a completed call.
  int record(Event& e) {
    ledger.apply(e);
    remember_identities(e);
    trace.push_back(e);
    return static_cast<int>(e.result);
  }
  void remember_identities(const Event& e) {
    std::array<int, 2> fds{};
    const std::size_t n = Ledger::acquired_descriptors(e, fds);
    for (std::size_t i = 0; i < n; ++i) {
      if (const auto it = fds_.find(fds[i]); it != fds_.end()) {
        ledger.set_identity(fds[i], it->second.device, it->second.inode);
      }
    }
  }

  std::uint64_t file_of(std::string_view path) {
    const auto [it, fresh] =
        inodes_.try_emplace(std::string(path), next_inode_);
    if (fresh) {
      ++next_inode_;
    }
    return it->second;
  }
  int take_lowest(int from, std::uint64_t inode, bool cloexec) {
    int fd = from;
    while (fds_.count(fd) != 0) {
      ++fd;
    }
    fds_[fd] = File{1, inode, cloexec};
    return fd;
  }
  bool kernel_close(int fd) { return fds_.erase(fd) != 0; }

  int dup_onto(Symbol symbol, int fd, int target, int flags) {
    Event e = call(symbol);
    e.fd = fd;
    e.fd2 = target;
    e.flags = flags;
    if (const int error = take_injection()) {
      // Injected dup2/dup3 change nothing; the interposer only records.
      fail(e, error);
      e.injected = true;
      return record(e);
    }
    const Ledger::Release r = ledger.begin_release(e);
    if (!is_open(fd)) {
      fail(e, EBADF);
    } else if (fd == target) {
      if (symbol == Symbol::dup3) {
        fail(e, EINVAL);
      } else {
        e.result = target;
      }
    } else {
      fds_[target] = File{1, fds_[fd].inode, (flags & O_CLOEXEC) != 0};
      e.result = target;
    }
    ledger.end_release(e, r);
    remember_identities(e);
    trace.push_back(e);
    return static_cast<int>(e.result);
  }
  std::array<int, 2> two_ends(Symbol symbol) {
    Event e = call(symbol);
    if (!injected(e)) {
      e.fd = take_lowest(0, next_inode_++, false);
      e.fd2 = take_lowest(0, next_inode_++, false);
      e.result = 0;
    }
    record(e);
    return {e.fd, e.fd2};
  }
  std::uintptr_t new_stream(int fd) {
    const std::uintptr_t stream = 0x5550000 + 0x100 * next_stream_++;
    streams_[stream] = fd;
    return stream;
  }
  std::uintptr_t stream_from(Symbol symbol, int fd) {
    Event e = call(symbol);
    e.fd = fd;
    if (!injected(e)) {
      if (is_open(fd)) {
        e.stream = new_stream(fd);
        if (symbol == Symbol::fdopendir) {
          directories_.insert(e.stream);
        }
        e.result = fd;
      } else {
        fail(e, EBADF);
      }
    }
    record(e);
    return e.stream;
  }
  int stream_close(Symbol symbol, std::uintptr_t stream) {
    Event e = call(symbol);
    e.stream = stream;
    e.fd = streams_.at(stream);  // fileno() or dirfd() of the stream
    const Ledger::Release r = ledger.begin_release(e);
    const int error = take_injection();
    const bool closed = kernel_close(e.fd);
    streams_.erase(stream);
    directories_.erase(stream);
    if (error != 0) {
      e.result = -1;
      e.error = closed ? error : EBADF;
      e.injected = closed;
    } else if (!closed) {
      fail(e, EBADF);
    }
    ledger.end_release(e, r);
    trace.push_back(e);
    return static_cast<int>(e.result);
  }

  bool any_mapped(std::uintptr_t at, std::size_t pages) const {
    for (std::size_t i = 0; i < pages; ++i) {
      if (pages_.count(at + i * page) != 0) {
        return true;
      }
    }
    return false;
  }
  bool all_mapped(std::uintptr_t at, std::size_t pages) const {
    for (std::size_t i = 0; i < pages; ++i) {
      if (pages_.count(at + i * page) == 0) {
        return false;
      }
    }
    return true;
  }
  void map_pages(std::uintptr_t at, std::size_t pages) {
    for (std::size_t i = 0; i < pages; ++i) {
      pages_.insert(at + i * page);
    }
  }
  // The next free area of @p pages, above everything handed out before
  // and one page apart from it, so that mappings never touch by accident.
  std::uintptr_t free_area(std::size_t pages) {
    const std::uintptr_t at = next_area_;
    next_area_ += (pages + 1) * page;
    return at;
  }

  std::map<int, File> fds_;
  std::map<std::string, std::uint64_t> inodes_;
  std::uint64_t next_inode_ = 2000;
  std::map<std::uintptr_t, int> streams_;
  std::set<std::uintptr_t> directories_;
  std::size_t next_stream_ = 0;
  std::set<std::uintptr_t> pages_;
  std::uintptr_t next_area_ = first_mapping;
  int injected_ = 0;
  std::size_t next_index_ = 0;
};

}  // namespace ffikit::check::testing_support
