// The ledger's tables and rules. Everything here is fixed-size after
// construction: apply() and its friends never allocate, because the
// interposers call them from whatever context the program is in, a signal
// handler included.
#include "ffikit/check/ledger.hpp"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <new>

#include "model/fixed_table.hpp"

namespace ffikit::check {
namespace {

// A descriptor number's state in the model (see Ledger).
enum class State : std::uint8_t {
  unknown,    // never seen: foreign, or closed before the watch
  inherited,  // open when the watch began
  tracked,    // acquired through a watched call
  released,   // released through a watched call
};

struct Entry {
  State state = State::unknown;
  bool was_tracked = false;  // the last generation was a watched one
  bool borrowed = false;
  std::uint32_t generation = 0;
  std::uint32_t record = 0;    // 0: none
  std::uint32_t mappings = 0;  // live mapping records made from it
};

// What a watched acquisition was, kept for messages. Several owners may
// share one (an fd entry, the intervals of a mapping, released ranges).
struct Record {
  Symbol symbol = Symbol::open;
  std::size_t origin = no_entry;
  std::uintptr_t site = 0;
  Text path;
  int fd = -1;         // the descriptor acquired, or a mapping's source
  int source_fd = -1;  // what a copy (dup, fdopen) was made from
  std::uint32_t fd_generation = 0;
  std::uintptr_t stream = 0;
  bool stream_open = false;
  bool directory = false;
  bool file_backed = false;
  bool partial = false;    // some of the mapping's pages were released
  bool fd_closed = false;  // nesting already judged
  bool orphaned = false;   // the stream's descriptor was closed under it
  std::uintptr_t start = 0;
  std::size_t length = 0;
  std::uint32_t intervals = 0;  // live page intervals using it
  std::uint32_t refs = 0;
  std::uint64_t device = 0;  // which file a descriptor is (0: not known)
  std::uint64_t inode = 0;
};

struct Interval {
  std::uintptr_t start = 0;
  std::uintptr_t end = 0;
  std::uint32_t record = 0;
};

bool is_stream_release(Symbol symbol) noexcept {
  return symbol == Symbol::fclose || symbol == Symbol::closedir ||
         symbol == Symbol::freopen || symbol == Symbol::freopen64;
}

bool is_close(Symbol symbol) noexcept {
  return symbol == Symbol::close || symbol == Symbol::fclose ||
         symbol == Symbol::closedir;
}

}  // namespace

struct Ledger::Tables {
  Options options;
  std::size_t page_size;
  FixedArray<Entry> entries;
  // One past the highest number entry() ever handed out: every entry at or
  // above it is still all zero, so whole-table walks stop here (a process
  // uses a few dozen numbers of the 65536).
  std::size_t entries_used = 0;
  // One past the highest number ever tracked, for the walks that judge
  // tracked descriptors only (leaks, snapshots): inherited numbers may sit
  // far higher (valgrind keeps its own near 20000) and are never judged.
  std::size_t tracked_used = 0;
  FixedArray<Record> records;  // records[0] is the "no details" record
  FixedArray<std::uint32_t> free_records;
  std::size_t free_count = 0;
  FixedArray<Interval> intervals;
  std::size_t interval_count = 0;
  FixedArray<Interval> released;  // ring of released page ranges
  std::size_t released_next = 0;
  std::size_t released_count = 0;
  FixedArray<Finding> found;
  std::size_t found_count = 0;
  Finding scratch;
  std::size_t overflow = 0;
  bool lost_mappings = false;  // a live mapping did not fit the intervals

  Tables(const Options& o, std::size_t page, const LedgerCapacity& c)
      : options(o),
        page_size(page),
        entries(c.descriptors),
        records(c.records + 1),
        free_records(c.records),
        intervals(c.intervals),
        released(c.released_ranges),
        found(c.findings) {
    for (std::size_t i = 0; i < c.records; ++i) {
      free_records[i] = static_cast<std::uint32_t>(c.records - i);
    }
    free_count = c.records;
    for (const int fd : options.borrowed) {
      if (Entry* e = entry(fd)) {
        e->state = State::inherited;
        e->borrowed = true;
      }
    }
  }

  // ---- descriptors and records ----

  Entry* entry(int fd) noexcept {
    if (fd < 0 || static_cast<std::size_t>(fd) >= entries.size()) {
      if (fd >= 0) {
        ++overflow;
      }
      return nullptr;
    }
    const auto index = static_cast<std::size_t>(fd);
    entries_used = std::max(entries_used, index + 1);
    return &entries[index];
  }

  std::uint32_t new_record() noexcept {
    if (free_count == 0) {
      ++overflow;
      return 0;
    }
    const std::uint32_t r = free_records[--free_count];
    records[r] = Record{};
    records[r].refs = 1;
    return r;
  }

  void ref(std::uint32_t r) noexcept {
    if (r != 0) {
      ++records[r].refs;
    }
  }

  void unref(std::uint32_t r) noexcept {
    if (r != 0 && --records[r].refs == 0) {
      free_records[free_count++] = r;
    }
  }

  // ---- findings ----

  Finding& add(FindingKind kind, const Event& at, std::uint32_t r) noexcept {
    if (found_count == found.size()) {
      ++overflow;
      return scratch;  // written, never read
    }
    Finding& f = found[found_count++];
    f = Finding{};
    f.kind = kind;
    f.at = at.index;
    f.call = at.symbol;
    f.site = at.site;
    describe_origin(f, r);
    return f;
  }

  void describe_origin(Finding& f, std::uint32_t r) noexcept {
    if (r == 0) {
      return;
    }
    const Record& rec = records[r];
    f.origin = rec.origin;
    f.acquired_by = rec.symbol;
    f.path = rec.path;
    f.acquired_site = rec.site;
    f.source_fd = rec.source_fd;
    f.stream = rec.stream != 0;
    f.directory = rec.directory;
    if (f.fd < 0) {
      f.fd = rec.fd;
    }
  }

  // ---- acquiring and releasing descriptors ----

  // @p fd was handed out by a watched call (@p event). @p source is the
  // record of what it copies (dup, fcntl), or 0.
  // @return its entry, or nullptr beyond the table (counted).
  Entry* acquire(int fd, const Event& event, std::uint32_t source) noexcept {
    Entry* e = entry(fd);
    if (e == nullptr) {
      return nullptr;
    }
    // A number the ledger still tracks can only be handed out again if it
    // was released by a call nobody watched: that generation is over.
    unref(e->record);
    const std::uint32_t r = new_record();
    if (r != 0) {
      Record& rec = records[r];
      rec.symbol = event.symbol;
      rec.origin = event.index;
      rec.site = event.site;
      rec.fd = fd;
      rec.path = source != 0 ? records[source].path : event.path;
      if (event.function == Function::dup ||
          event.function == Function::fcntl) {
        rec.source_fd = event.fd;  // tracked or not, the number it copies
      }
    }
    e->state = State::tracked;
    tracked_used = std::max(tracked_used, static_cast<std::size_t>(fd) + 1);
    e->was_tracked = true;
    e->borrowed = false;
    e->record = r;
    e->mappings = 0;
    ++e->generation;
    return e;
  }

  // Records which file tracked @p fd is, unless already known.
  void learn_identity(int fd, std::uint64_t device,
                      std::uint64_t inode) noexcept {
    if (fd < 0 || static_cast<std::size_t>(fd) >= entries.size()) {
      return;
    }
    const Entry& e = entries[static_cast<std::size_t>(fd)];
    if (e.state != State::tracked || e.record == 0) {
      return;
    }
    Record& rec = records[e.record];
    if (rec.device == 0 && rec.inode == 0) {
      rec.device = device;
      rec.inode = inode;
    }
  }

  // A call used @p fd and the kernel refused it as not open.
  void use(int fd, const Event& event) noexcept {
    if (!event.failed() || event.injected || event.error != EBADF) {
      return;
    }
    Entry* e = entry(fd);
    if (e != nullptr && e->state == State::released && e->was_tracked) {
      Finding& f = add(FindingKind::use_after_close, event, e->record);
      f.fd = fd;
    }
  }

  // Nesting: mappings made from (@p fd, its generation) that still live.
  void judge_nesting(int fd, const Entry& e, const Event& event) noexcept {
    if (e.mappings == 0) {
      return;
    }
    for (std::size_t i = 0; i < interval_count; ++i) {
      Record& rec = records[intervals[i].record];
      if (intervals[i].record == 0 || !rec.file_backed || rec.fd != fd ||
          rec.fd_generation != e.generation || rec.fd_closed) {
        continue;
      }
      rec.fd_closed = true;
      Finding& f =
          add(FindingKind::close_before_munmap, event, intervals[i].record);
      f.fd = fd;
      f.address = rec.start;
      f.length = rec.length;
      f.severity = options.nesting == Nesting::strict ? Severity::error
                                                      : Severity::policy;
    }
  }

  // Releases a tracked entry as @p event (close, fclose, a range close).
  void release_tracked(int fd, Entry& e, const Event& event) noexcept {
    Record& rec = records[e.record];
    if (e.record != 0 && rec.stream_open && !is_stream_release(event.symbol) &&
        event.symbol != Symbol::fcloseall) {
      // The stream still thinks it owns the number; its fclose will close
      // it again, maybe after someone else was given it.
      Finding& f =
          add(FindingKind::close_of_stream_descriptor, event, e.record);
      f.fd = fd;
      rec.orphaned = true;
    }
    if (e.record != 0) {
      rec.stream_open = false;
    }
    judge_nesting(fd, e, event);
    e.state = State::released;
  }

  Release begin(int fd, const Event& event) noexcept {
    Release out;
    out.fd = fd;
    Entry* e = entry(fd);
    if (e == nullptr) {
      out.fd = -1;
      return out;
    }
    out.state = static_cast<std::uint8_t>(e->state);
    out.was_tracked = e->was_tracked;
    // Held until end(): another thread may be handed the number between
    // the halves, and its acquisition must not recycle the details a
    // double close will name.
    out.record = e->record;
    ref(out.record);
    if (e->borrowed &&
        (is_close(event.symbol) || event.function == Function::dup)) {
      Finding& f = add(FindingKind::close_of_borrowed, event, 0);
      f.fd = fd;
    }
    if (e->state == State::tracked) {
      release_tracked(fd, *e, event);
    } else if (e->state == State::inherited || e->state == State::unknown) {
      e->state = State::released;
      e->was_tracked = false;
    }
    return out;
  }

  void end(const Event& event, const Release& release) noexcept {
    judge_release(event, release);
    unref(release.record);
  }

  void judge_release(const Event& event, const Release& release) noexcept {
    Entry* e = entry(release.fd);
    if (e == nullptr) {
      return;
    }
    const auto before = static_cast<State>(release.state);
    const bool refused =
        event.failed() && !event.injected && event.error == EBADF;
    if (!refused) {
      if (before == State::released && e->state == State::released) {
        // The kernel closed something under a number the ledger saw
        // released: an open nobody watched reused it. The number's last
        // watched release is now that foreign one, which is not judged.
        e->was_tracked = false;
      } else if (before != State::tracked && before != State::released &&
                 is_close(event.symbol) && options.strict_ownership &&
                 !e->borrowed) {
        Finding& f = add(FindingKind::close_of_unknown, event, 0);
        f.fd = release.fd;
      }
      return;
    }
    // The kernel says the number was not open.
    if (before == State::released && release.was_tracked) {
      if (release.record != 0 && records[release.record].orphaned &&
          is_stream_release(event.symbol)) {
        return;  // already reported as the close that orphaned the stream
      }
      Finding& f = add(FindingKind::double_close, event, release.record);
      f.fd = release.fd;
      return;
    }
    if (before == State::unknown || before == State::inherited) {
      // Nothing was open: the release changed nothing, unless another
      // thread acquired the number since begin() (then it is its).
      if (e->state == State::released) {
        e->state = before;
      }
      if (is_close(event.symbol) && options.strict_ownership) {
        Finding& f = add(FindingKind::close_of_unknown, event, 0);
        f.fd = release.fd;
      }
    }
  }

  void release_range(unsigned first, unsigned last,
                     const Event& event) noexcept {
    const std::size_t end_fd =
        std::min<std::size_t>(static_cast<std::size_t>(last) + 1, entries_used);
    for (std::size_t fd = first; fd < end_fd; ++fd) {
      Entry& e = entries[fd];
      if (e.state == State::tracked) {
        release_tracked(static_cast<int>(fd), e, event);
      } else if (e.state == State::inherited) {
        if (e.borrowed) {
          Finding& f = add(FindingKind::close_of_borrowed, event, 0);
          f.fd = static_cast<int>(fd);
        }
        e.state = State::released;
        e.was_tracked = false;
      }
    }
  }

  void release_streams(const Event& event) noexcept {
    for (std::size_t fd = 3; fd < tracked_used; ++fd) {
      Entry& e = entries[fd];
      if (e.state == State::tracked && e.record != 0 &&
          records[e.record].stream_open && !records[e.record].directory) {
        release_tracked(static_cast<int>(fd), e, event);
      }
    }
  }

  // A stream now owns @p fd (fdopen, fdopendir): closing the stream
  // releases it. A number the ledger does not track stays untracked: the
  // stream was made from someone else's descriptor.
  void adopt(int fd, const Event& event, bool directory) noexcept {
    Entry* e = entry(fd);
    if (e == nullptr || e->state != State::tracked || e->record == 0) {
      return;
    }
    Record& rec = records[e->record];
    rec.stream = event.stream;
    rec.stream_open = true;
    rec.directory = directory;
  }

  void acquire_stream(const Event& event, bool directory) noexcept {
    const Entry* e = acquire(static_cast<int>(event.result), event, 0);
    if (e != nullptr && e->record != 0) {
      Record& rec = records[e->record];
      rec.stream = event.stream;
      rec.stream_open = true;
      rec.directory = directory;
    }
  }

  // ---- mappings ----

  std::uintptr_t round_up(std::uintptr_t value) const noexcept {
    return (value + page_size - 1) & ~(page_size - 1);
  }

  // First interval whose end is above @p start.
  std::size_t first_above(std::uintptr_t start) const noexcept {
    std::size_t low = 0;
    std::size_t high = interval_count;
    while (low < high) {
      const std::size_t mid = (low + high) / 2;
      if (intervals[mid].end <= start) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  bool holds_any(std::uintptr_t start, std::uintptr_t end) const noexcept {
    const std::size_t i = first_above(start);
    return i < interval_count && intervals[i].start < end;
  }

  void remember_released(std::uintptr_t start, std::uintptr_t end,
                         std::uint32_t r) noexcept {
    if (released.size() == 0) {
      return;
    }
    Interval& slot = released[released_next];
    if (released_count == released.size()) {
      unref(slot.record);
    } else {
      ++released_count;
    }
    slot = {start, end, r};
    ref(r);
    released_next = (released_next + 1) % released.size();
  }

  // The newest remembered release overlapping [start, end), if any.
  const Interval* released_overlap(std::uintptr_t start,
                                   std::uintptr_t end) const noexcept {
    for (std::size_t n = 0; n < released_count; ++n) {
      const std::size_t i =
          (released_next + released.size() - 1 - n) % released.size();
      const Interval& slot = released[i];
      if (slot.end != 0 && slot.start < end && start < slot.end) {
        return &slot;
      }
    }
    return nullptr;
  }

  // An interval piece of @p r becomes live; the mapping's first makes it
  // count for its descriptor's nesting (again, after a mremap).
  void add_piece(std::uint32_t r) noexcept {
    if (r == 0) {
      return;
    }
    Record& rec = records[r];
    if (rec.intervals++ == 0 && rec.file_backed) {
      Entry* e = entry(rec.fd);
      if (e != nullptr && e->state == State::tracked &&
          e->generation == rec.fd_generation) {
        ++e->mappings;
      }
    }
  }

  // An interval piece stops being live.
  void drop_piece(std::uint32_t r) noexcept {
    if (r == 0) {
      return;
    }
    Record& rec = records[r];
    if (--rec.intervals == 0 && rec.file_backed) {
      Entry* e = entry(rec.fd);
      if (e != nullptr && e->state == State::tracked &&
          e->generation == rec.fd_generation && e->mappings > 0) {
        --e->mappings;
      }
    } else if (rec.intervals != 0) {
      rec.partial = true;
    }
    unref(r);
  }

  bool insert_at(std::size_t i, const Interval& piece) noexcept {
    if (interval_count == intervals.size()) {
      ++overflow;
      lost_mappings = true;
      return false;
    }
    std::copy_backward(&intervals[i], &intervals[interval_count],
                       &intervals[interval_count + 1]);
    intervals[i] = piece;
    ++interval_count;
    return true;
  }

  // Removes [start, end) from the live intervals, splitting where needed.
  // @p remember: released pieces go to the ring (munmap, a moving mremap),
  // replaced ones do not (MAP_FIXED).
  void remove(std::uintptr_t start, std::uintptr_t end,
              bool remember) noexcept {
    std::size_t i = first_above(start);
    while (i < interval_count && intervals[i].start < end) {
      Interval& cur = intervals[i];
      const std::uintptr_t cut_start = std::max(cur.start, start);
      const std::uintptr_t cut_end = std::min(cur.end, end);
      if (remember) {
        remember_released(cut_start, cut_end, cur.record);
      }
      if (cur.start < cut_start && cut_end < cur.end) {
        // A hole in the middle: split in two.
        const Interval tail{cut_end, cur.end, cur.record};
        cur.end = cut_start;
        ref(cur.record);
        add_piece(cur.record);
        if (cur.record != 0) {
          records[cur.record].partial = true;
        }
        if (!insert_at(i + 1, tail)) {
          drop_piece(tail.record);
        }
        return;
      }
      if (cur.start < cut_start) {
        cur.end = cut_start;
        records[cur.record].partial = true;
        ++i;
        continue;
      }
      if (cut_end < cur.end) {
        cur.start = cut_end;
        records[cur.record].partial = true;
        return;
      }
      const std::uint32_t r = cur.record;
      std::copy(&intervals[i + 1], &intervals[interval_count], &intervals[i]);
      --interval_count;
      drop_piece(r);
    }
  }

  void insert(std::uintptr_t start, std::uintptr_t end,
              std::uint32_t r) noexcept {
    if (insert_at(first_above(start), Interval{start, end, r})) {
      add_piece(r);
    } else {
      unref(r);
    }
  }

  std::uint32_t interval_record(std::uintptr_t address) const noexcept {
    const std::size_t i = first_above(address);
    if (i < interval_count && intervals[i].start <= address) {
      return intervals[i].record;
    }
    return 0;
  }

  void mapped(const Event& event) noexcept {
    const bool file_backed =
        event.fd >= 0 && (event.map_flags & MAP_ANONYMOUS) == 0;
    if (file_backed) {
      use(event.fd, event);
    }
    if (event.failed() || event.length == 0) {
      return;
    }
    const auto start = static_cast<std::uintptr_t>(event.result);
    const std::uintptr_t end = start + round_up(event.length);
    // Whatever the kernel put here replaced what was there. (Released
    // ranges it covers stay remembered: while these pages live no munmap
    // of them is judged as a double, and once they are released the
    // newest release is the one found.)
    remove(start, end, false);
    const std::uint32_t r = new_record();
    if (r != 0) {
      Record& rec = records[r];
      rec.symbol = event.symbol;
      rec.origin = event.index;
      rec.site = event.site;
      rec.start = start;
      rec.length = event.length;
      rec.file_backed = file_backed;
      if (file_backed) {
        rec.fd = event.fd;
        if (Entry* e = entry(event.fd);
            e != nullptr && e->state == State::tracked) {
          rec.fd_generation = e->generation;
          rec.path = records[e->record].path;
        } else {
          rec.fd_generation = 0;
          rec.fd = -1 - event.fd;  // not a tracked descriptor: never matches
          rec.source_fd = event.fd;
        }
      }
    }
    insert(start, end, r);
  }

  bool exact(std::uintptr_t start, std::size_t length) const noexcept {
    const std::uint32_t r = interval_record(start);
    if (r == 0) {
      return false;
    }
    const Record& rec = records[r];
    return rec.start == start && rec.length == length && !rec.partial &&
           rec.intervals == 1;
  }

  void unmapped(const Event& event) noexcept {
    if (event.failed() && !event.injected) {
      return;  // a real failure released nothing
    }
    const std::uintptr_t start = event.address;
    const std::uintptr_t end = start + round_up(event.length);
    if (end <= start) {
      return;
    }
    if (!holds_any(start, end)) {
      const Interval* old = released_overlap(start, end);
      if (old != nullptr && !event.range_was_mapped) {
        Finding& f = add(FindingKind::double_munmap, event, old->record);
        f.address = start;
        f.length = event.length;
      } else if (options.strict_ownership && !lost_mappings) {
        // (A ledger that had to drop a mapping cannot tell a range it
        // never saw from one it lost.)
        Finding& f = add(FindingKind::munmap_of_unknown, event, 0);
        f.address = start;
        f.length = event.length;
      }
      return;
    }
    // The first mapping the range touches is the one it may get wrong; a
    // mapping whose details did not fit the table cannot be judged.
    const std::uint32_t r = intervals[first_above(start)].record;
    if (options.exact_ranges && r != 0 && !exact(start, event.length)) {
      Finding& f = add(FindingKind::munmap_wrong_range, event, r);
      f.address = start;
      f.length = event.length;
      f.mapped_length = records[r].length;
    }
    remove(start, end, true);
  }

  void remapped(const Event& event) noexcept {
    if (event.failed()) {
      return;
    }
    const std::uintptr_t old_start = event.address;
    const std::uintptr_t old_end = old_start + round_up(event.length);
    const auto start = static_cast<std::uintptr_t>(event.result);
    const std::uintptr_t end = start + round_up(event.new_length);
    // The mapping it resizes: the first piece the old range touches. A
    // range the ledger does not hold (mapped unseen) stays unheld where it
    // goes.
    const std::size_t first = first_above(old_start);
    const bool held =
        first < interval_count && intervals[first].start < old_end;
    const std::uint32_t r = held ? intervals[first].record : 0;
    ref(r);  // for the new piece: insert() takes it over
    if (start != old_start) {
      remove(old_start, old_end, true);  // moved: the old pages are released
    } else if (end < old_end) {
      remove(end, old_end, true);  // shrunk in place: the tail is released
    }
    remove(start, end, false);
    if (!held) {
      return;
    }
    if (r != 0) {
      Record& rec = records[r];
      rec.start = start;
      rec.length = event.new_length;
      rec.partial = false;
    }
    insert(start, end, r);
  }

  // ---- the whole table ----

  void forked() noexcept {
    for (std::size_t fd = 0; fd < entries_used; ++fd) {
      Entry& e = entries[fd];
      e.mappings = 0;
      e.record = 0;
      e.was_tracked = false;
      if (e.state == State::tracked) {
        e.state = State::inherited;
      } else if (e.state == State::released) {
        e.state = State::unknown;
      }
    }
    interval_count = 0;
    lost_mappings = false;
    for (std::size_t i = 0; i < released.size(); ++i) {
      released[i] = {};
    }
    released_next = 0;
    released_count = 0;
    const std::size_t capacity = free_records.size();
    for (std::size_t i = 0; i < capacity; ++i) {
      free_records[i] = static_cast<std::uint32_t>(capacity - i);
    }
    free_count = capacity;
    found_count = 0;
    overflow = 0;  // what the parent could not fit is the parent's report
  }
};

const char* kind_name(FindingKind kind) noexcept {
  switch (kind) {
    case FindingKind::leaked_descriptor:
      return "leaked descriptor";
    case FindingKind::leaked_mapping:
      return "leaked mapping";
    case FindingKind::leaked_stream:
      return "leaked stream";
    case FindingKind::double_close:
      return "double close";
    case FindingKind::close_of_unknown:
      return "close of unknown descriptor";
    case FindingKind::use_after_close:
      return "use after close";
    case FindingKind::munmap_of_unknown:
      return "munmap of unknown range";
    case FindingKind::munmap_wrong_range:
      return "munmap of wrong range";
    case FindingKind::double_munmap:
      return "double munmap";
    case FindingKind::close_before_munmap:
      return "close before munmap";
    case FindingKind::close_of_stream_descriptor:
      return "close of stream descriptor";
    case FindingKind::leaked_into_exec:
      return "descriptor leaked into exec";
    case FindingKind::close_of_borrowed:
      return "close of borrowed descriptor";
  }
  return "?";
}

Ledger::Ledger(const Options& options, std::size_t page_size,
               const LedgerCapacity& capacity)
    : tables_(std::make_unique<Tables>(options, page_size, capacity)) {}

namespace {
Options with_nesting(Nesting nesting) {
  Options options;
  options.nesting = nesting;
  return options;
}
}  // namespace

Ledger::Ledger(Nesting nesting, std::size_t page_size)
    : Ledger(with_nesting(nesting), page_size) {}

Ledger::~Ledger() = default;
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;

void Ledger::inherit(int fd) noexcept {
  if (Entry* e = tables_->entry(fd); e != nullptr && !e->borrowed) {
    e->state = State::inherited;
    e->was_tracked = false;
  }
}

void Ledger::apply(const Event& event) noexcept {
  if (event.kind != Event::Kind::call) {
    return;
  }
  Tables& t = *tables_;
  switch (event.function) {
    case Function::close_range:
      if (event.failed()) {
        return;  // refused, or failed by injection: nothing was closed
      }
      end_release(event, begin_release(event));
      return;
    case Function::close:
    case Function::fclose:
    case Function::closedir:
      end_release(event, begin_release(event));
      return;
    case Function::dup:
      if (event.symbol == Symbol::dup) {
        break;
      }
      end_release(event, begin_release(event));
      return;
    case Function::fopen:
      if (event.symbol == Symbol::freopen ||
          event.symbol == Symbol::freopen64) {
        end_release(event, begin_release(event));
        return;
      }
      break;
    default:
      break;
  }
  switch (event.function) {
    case Function::open:
    case Function::socket:
    case Function::accept:
    case Function::eventfd:
    case Function::memfd_create:
    case Function::timerfd_create:
    case Function::epoll_create:
    case Function::inotify_init:
      if (event.function == Function::accept) {
        t.use(event.fd, event);
      }
      if (!event.failed()) {
        t.acquire(static_cast<int>(event.result), event, 0);
      }
      return;
    case Function::signalfd:
      // signalfd(-1, ...) makes a descriptor; signalfd(fd, ...) changes one.
      t.use(event.fd, event);
      if (!event.failed() && event.fd < 0) {
        t.acquire(static_cast<int>(event.result), event, 0);
      }
      return;
    case Function::pipe:
    case Function::socketpair:
      if (!event.failed()) {
        t.acquire(event.fd, event, 0);
        t.acquire(event.fd2, event, 0);
      }
      return;
    case Function::dup:
    case Function::fcntl: {
      t.use(event.fd, event);
      if (!event.failed()) {
        const Entry* source = t.entry(event.fd);
        t.acquire(static_cast<int>(event.result), event,
                  source != nullptr && source->state == State::tracked
                      ? source->record
                      : 0);
      }
      return;
    }
    case Function::fstat:
      t.use(event.fd, event);
      if (!event.failed() && !event.injected) {
        // The program asked which file it is: the ledger keeps the answer,
        // so that a number reused after an unseen close is told apart.
        t.learn_identity(event.fd, event.file_device, event.file_inode);
      }
      return;
    case Function::exec:
      t.use(event.fd, event);
      return;
    case Function::fopen:
      if (!event.failed()) {
        t.acquire_stream(event, false);
      }
      return;
    case Function::opendir:
      if (!event.failed()) {
        t.acquire_stream(event, true);
      }
      return;
    case Function::fdopen:
    case Function::fdopendir:
      t.use(event.fd, event);
      if (!event.failed()) {
        t.adopt(event.fd, event, event.function == Function::fdopendir);
      }
      return;
    case Function::mmap:
      t.mapped(event);
      return;
    case Function::munmap:
      t.unmapped(event);
      return;
    case Function::mremap:
      t.remapped(event);
      return;
    default:
      return;
  }
}

Ledger::Release Ledger::begin_release(const Event& event) noexcept {
  Tables& t = *tables_;
  switch (event.symbol) {
    case Symbol::close_range:
    case Symbol::closefrom: {
      const auto first = static_cast<unsigned>(event.fd);
      const unsigned last = event.symbol == Symbol::closefrom
                                ? ~0U
                                : static_cast<unsigned>(event.fd2);
      const auto flags = static_cast<unsigned>(event.flags);
      // close_range(..., CLOSE_RANGE_CLOEXEC) only marks, and the kernel
      // refuses a reversed range or an unknown flag before closing
      // anything (EINVAL); closefrom cannot fail.
      const bool refused =
          first > last ||
          (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) != 0;
      if (!refused && (flags & CLOSE_RANGE_CLOEXEC) == 0) {
        t.release_range(first, last, event);
      }
      return {};
    }
    case Symbol::fcloseall:
      t.release_streams(event);
      return {};
    case Symbol::dup2:
    case Symbol::dup3:
      // The kernel swaps the target's file atomically, and only if the
      // call works: its number is never free in between, so the target is
      // released after the call (end_release), by what the call returned.
      return {};
    default:
      return t.begin(event.fd, event);
  }
}

void Ledger::end_release(const Event& event, const Release& release) noexcept {
  Tables& t = *tables_;
  if (release.fd >= 0) {
    t.end(event, release);
  }
  if (event.failed()) {
    if (event.function == Function::dup) {
      t.use(event.fd, event);
    }
    return;
  }
  if (event.function == Function::dup && event.fd != event.fd2) {
    // The target it replaced, then the copy; a target beyond the table is
    // counted once, by begin().
    const Release target = t.begin(event.fd2, event);
    if (target.fd < 0) {
      return;
    }
    t.end(event, target);
    const Entry* source = t.entry(event.fd);
    t.acquire(event.fd2, event,
              source != nullptr && source->state == State::tracked
                  ? source->record
                  : 0);
  } else if (event.function == Function::fopen) {
    t.acquire_stream(event, false);
  }
}

std::size_t Ledger::acquired_descriptors(const Event& event,
                                         std::span<int, 2> out) noexcept {
  if (event.kind != Event::Kind::call || event.failed()) {
    return 0;
  }
  switch (event.function) {
    case Function::pipe:
    case Function::socketpair:
      out[0] = event.fd;
      out[1] = event.fd2;
      return 2;
    case Function::dup:
      out[0] = event.symbol == Symbol::dup ? static_cast<int>(event.result)
                                           : event.fd2;
      return 1;
    case Function::signalfd:
      if (event.fd >= 0) {
        return 0;
      }
      out[0] = static_cast<int>(event.result);
      return 1;
    case Function::open:
    case Function::fcntl:
    case Function::socket:
    case Function::accept:
    case Function::eventfd:
    case Function::memfd_create:
    case Function::timerfd_create:
    case Function::epoll_create:
    case Function::inotify_init:
    case Function::fopen:
    case Function::opendir:
      out[0] = static_cast<int>(event.result);
      return 1;
    default:
      return 0;
  }
}

void Ledger::set_identity(int fd, std::uint64_t device,
                          std::uint64_t inode) noexcept {
  // Called for what an event just acquired: a number beyond the table was
  // counted by that event already.
  Tables& t = *tables_;
  if (fd < 0 || static_cast<std::size_t>(fd) >= t.entries.size()) {
    return;
  }
  const Entry& e = t.entries[static_cast<std::size_t>(fd)];
  if (e.state == State::tracked && e.record != 0) {
    t.records[e.record].device = device;
    t.records[e.record].inode = inode;
  }
}

bool Ledger::identity_known(int fd) const noexcept {
  if (fd < 0 || static_cast<std::size_t>(fd) >= tables_->entries.size()) {
    return false;
  }
  const Entry& e = tables_->entries[static_cast<std::size_t>(fd)];
  if (e.state != State::tracked || e.record == 0) {
    return false;
  }
  const Record& rec = tables_->records[e.record];
  return rec.device != 0 || rec.inode != 0;
}

bool Ledger::identity_differs(int fd, std::uint64_t device,
                              std::uint64_t inode) const noexcept {
  if (fd < 0 || static_cast<std::size_t>(fd) >= tables_->entries.size()) {
    return false;
  }
  const Entry& e = tables_->entries[static_cast<std::size_t>(fd)];
  if (e.state != State::tracked || e.record == 0) {
    return false;
  }
  const Record& rec = tables_->records[e.record];
  return (rec.device != 0 || rec.inode != 0) &&
         (rec.device != device || rec.inode != inode);
}

void Ledger::released_unseen(int fd) noexcept {
  if (Entry* e = tables_->entry(fd);
      e != nullptr && e->state == State::tracked) {
    if (e->record != 0) {
      tables_->records[e->record].stream_open = false;
    }
    e->state = State::released;
  }
}

void Ledger::leaked_into_exec(int fd, std::size_t at,
                              std::uintptr_t site) noexcept {
  Tables& t = *tables_;
  Entry* e = t.entry(fd);
  if (e == nullptr || e->state != State::tracked) {
    return;
  }
  Event event;
  event.symbol = Symbol::execve;
  event.index = at;
  event.site = site;
  Finding& f = t.add(FindingKind::leaked_into_exec, event, e->record);
  f.fd = fd;
}

void Ledger::withdraw_findings(std::size_t first) noexcept {
  tables_->found_count = std::min(tables_->found_count, first);
}

void Ledger::forked() noexcept { tables_->forked(); }

bool Ledger::owns_exactly(std::uintptr_t address,
                          std::size_t length) const noexcept {
  return tables_->exact(address, length);
}

bool Ledger::holds_any(std::uintptr_t address,
                       std::size_t length) const noexcept {
  const std::uintptr_t end = address + tables_->round_up(length);
  return end > address && tables_->holds_any(address, end);
}

std::size_t Ledger::tracked(std::span<int> out, int from) const noexcept {
  std::size_t n = 0;
  const Tables& t = *tables_;
  for (auto fd = static_cast<std::size_t>(std::max(from, 0));
       fd < t.tracked_used && n < out.size(); ++fd) {
    if (t.entries[fd].state == State::tracked) {
      out[n++] = static_cast<int>(fd);
    }
  }
  return n;
}

std::span<const Finding> Ledger::findings() const noexcept {
  return {&tables_->found[0], tables_->found_count};
}

std::vector<Finding> Ledger::violations() const {
  std::vector<Finding> out;
  for (const Finding& f : findings()) {
    if (f.severity == Severity::error) {
      out.push_back(f);
    }
  }
  return out;
}

std::vector<Finding> Ledger::policy_findings() const {
  std::vector<Finding> out;
  for (const Finding& f : findings()) {
    if (f.severity == Severity::policy) {
      out.push_back(f);
    }
  }
  return out;
}

std::size_t Ledger::leaks(std::span<Finding> out) const noexcept {
  const Tables& t = *tables_;
  std::size_t n = 0;
  const auto emit = [&](const Finding& f) {
    if (n < out.size()) {
      out[n] = f;
    }
    ++n;
  };
  for (std::size_t fd = 3; fd < t.tracked_used; ++fd) {
    const Entry& e = t.entries[fd];
    if (e.state != State::tracked) {
      continue;  // (a tracked number is never borrowed: acquire() ends that)
    }
    Finding f;
    const bool stream = e.record != 0 && t.records[e.record].stream_open;
    f.kind =
        stream ? FindingKind::leaked_stream : FindingKind::leaked_descriptor;
    f.fd = static_cast<int>(fd);
    f.handle = fd;
    if (e.record != 0) {
      const Record& rec = t.records[e.record];
      f.origin = rec.origin;
      f.acquired_by = rec.symbol;
      f.path = rec.path;
      f.acquired_site = rec.site;
      f.source_fd = rec.source_fd;
      f.stream = rec.stream_open;
      f.directory = rec.directory;
      if (stream) {
        f.handle = rec.stream;
      }
    }
    emit(f);
  }
  // One finding per live piece of a file mapping: a piece is exactly what
  // one munmap can release (a mapping with a hole in it has two).
  for (std::size_t i = 0; i < t.interval_count; ++i) {
    const Interval& piece = t.intervals[i];
    if (piece.record == 0 || !t.records[piece.record].file_backed) {
      continue;
    }
    const Record& rec = t.records[piece.record];
    Finding f;
    f.kind = FindingKind::leaked_mapping;
    f.origin = rec.origin;
    f.acquired_by = rec.symbol;
    f.path = rec.path;
    f.acquired_site = rec.site;
    f.fd = rec.fd >= 0 ? rec.fd : rec.source_fd;
    f.address = piece.start;
    f.handle = piece.start;
    f.length = rec.partial ? piece.end - piece.start : rec.length;
    f.mapped_length = rec.length;
    emit(f);
  }
  return n;
}

std::vector<Finding> Ledger::leaks() const {
  std::vector<Finding> out(leaks(std::span<Finding>{}));
  out.resize(leaks(out));
  return out;
}

std::size_t Ledger::overflow() const noexcept { return tables_->overflow; }

}  // namespace ffikit::check
