#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <optional>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace ffikit::learn {
namespace {

std::optional<fs::file_time_type> newest_change(const Context& context,
                                                const Lesson& lesson) {
  std::optional<fs::file_time_type> newest;
  for (const std::string& file : lesson.student_files) {
    std::error_code error;
    const auto time =
        fs::last_write_time(student_root(context) / lesson.id / file, error);
    if (!error && (!newest || time > *newest)) {
      newest = time;
    }
  }
  return newest;
}

}  // namespace

int command_watch(const Context& context, const Lesson& lesson,
                  std::string mode, Io io) {
  command_check(context, lesson, true, io);
  int inotify = -1;
  if (mode == "auto") {
    // SAFETY: a fresh inotify instance owned by this function until exit.
    inotify = ::inotify_init1(IN_CLOEXEC);
    const std::string dir = (student_root(context) / lesson.id).string();
    // SAFETY: dir is NUL-terminated; the watch lives as long as inotify.
    if (inotify < 0 ||
        ::inotify_add_watch(inotify, dir.c_str(),
                            IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
      io.out << "file watching is not available here (" << std::strerror(errno)
             << "); checking for changes twice a second instead.\n";
      mode = "poll";
    } else {
      mode = "inotify";
    }
  }
  if (mode == "manual") {
    io.out << "press Enter to check lesson " << lesson.id
           << " again, q and Enter to quit.\n";
    std::string line;
    while (std::getline(io.in, line) && line != "q") {
      command_check(context, lesson, true, io);
    }
    return 0;
  }
  io.out << "watching lessons/student/" << lesson.id << "/ (" << mode
         << "); save a file to check again, Ctrl-C to stop.\n"
         << std::flush;
  auto last = newest_change(context, lesson);
  while (true) {
    if (mode == "inotify") {
      std::array<char, 4096> events{};
      // SAFETY: events is a writable buffer of the given size.
      if (::read(inotify, events.data(), events.size()) <= 0) {
        return 1;
      }
      // Editors save in bursts (write, rename, chmod): wait for quiet.
      pollfd more{inotify, POLLIN, 0};
      // SAFETY: one valid pollfd; the buffer is drained inside the loop.
      while (::poll(&more, 1, 100) > 0) {
        static_cast<void>(::read(inotify, events.data(), events.size()));
      }
    } else {
      ::usleep(500000);
      const auto now = newest_change(context, lesson);
      if (now == last) {
        continue;
      }
      last = now;
    }
    io.out << "\n--- change seen, checking again ---\n" << std::flush;
    command_check(context, lesson, false, io);
    io.out << std::flush;
  }
}

}  // namespace ffikit::learn
