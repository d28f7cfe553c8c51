#include "options.hpp"

#include <charconv>
#include <string_view>

#include "ffikit/check/errno_catalog.hpp"

namespace ffikit::faultrun {
namespace {

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    parts.push_back(text.substr(0, comma));
    text.remove_prefix(comma == std::string_view::npos ? text.size()
                                                       : comma + 1);
  }
  return parts;
}

}  // namespace

const char* usage() noexcept {
  return "usage: ffikit-faultrun [options] -- PROGRAM [ARGS...]\n"
         "\n"
         "Runs PROGRAM once to count the calls it makes that create, copy or\n"
         "release descriptors, streams and mappings (open, dup, pipe, socket,\n"
         "fopen, opendir, mmap, mremap, close, ...), then once per call N,\n"
         "per errno and per mode with that call failed, and reports crashes,\n"
         "hangs, leaks and ownership violations, per process.\n"
         "\n"
         "  --trace               run once without faults and print the trace\n"
         "  --functions LIST      operations to fail, e.g. open,mmap,close\n"
         "                        (default: every one the program calls)\n"
         "  --errnos LIST         errnos to inject (default: the man page's "
         "list)\n"
         "  --modes LIST          transient,persistent (default: both)\n"
         "  --timeout SECONDS     per run (default 10)\n"
         "  --nesting MODE        relaxed (default) or strict: may a "
         "descriptor\n"
         "                        be closed while its mapping lives?\n"
         "  --strict              munmap must name whole mappings; closing\n"
         "                        what the program never opened is a "
         "violation\n"
         "  --borrowed FD         FD belongs to the caller: the program must\n"
         "                        not close it (repeatable)\n"
         "  --format FORMAT       text (default) or json\n"
         "  --quarantine          leave released mappings PROT_NONE, so a use\n"
         "                        after munmap faults\n"
         "  --expect-error        each failed call must make PROGRAM exit "
         "non-zero\n"
         "                        with a message naming the call and its "
         "errno\n"
         "  --may-recover CALL:ERRNO  with --expect-error, exiting 0 after "
         "this\n"
         "                        fault is a recovery, not a hidden failure\n"
         "  --valgrind            run PROGRAM under valgrind "
         "--error-exitcode=99\n"
         "  --quiet               print only the rows that fail\n"
         "\n"
         "Exit status: 0 clean, 1 a run crashed, hung, leaked, violated\n"
         "ownership, left no report or (with --expect-error) hid a failure,\n"
         "2 usage error, or PROGRAM cannot be started or watched (static,\n"
         "set-user-ID).\n";
}

std::optional<Options> parse_options(const std::vector<std::string>& args,
                                     std::string& error) {
  Options options;
  std::size_t i = 0;
  auto value = [&](const std::string& flag) -> std::optional<std::string_view> {
    if (i + 1 >= args.size()) {
      error = flag + " needs a value";
      return std::nullopt;
    }
    return std::string_view(args[++i]);
  };
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      options.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                             args.end());
      break;
    }
    if (arg == "--trace") {
      options.trace = true;
    } else if (arg == "--quiet") {
      options.quiet = true;
    } else if (arg == "--expect-error") {
      options.expect_error = true;
    } else if (arg == "--valgrind") {
      options.valgrind = true;
    } else if (arg == "--quarantine") {
      options.quarantine = true;
    } else if (arg == "--strict") {
      options.strict = true;
    } else if (arg == "--borrowed") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      int fd = -1;
      const auto [end, status] =
          std::from_chars(text->data(), text->data() + text->size(), fd);
      if (status != std::errc{} || end != text->data() + text->size() ||
          fd < 0) {
        error = "--borrowed takes a descriptor number";
        return std::nullopt;
      }
      options.borrowed.push_back(fd);
    } else if (arg == "--format") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      if (*text == "text") {
        options.format = Options::Format::text;
      } else if (*text == "json") {
        options.format = Options::Format::json;
      } else {
        error = "--format takes text or json";
        return std::nullopt;
      }
    } else if (arg == "--nesting") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      if (*text != "strict" && *text != "relaxed") {
        error = "--nesting takes strict or relaxed";
        return std::nullopt;
      }
      options.nesting =
          *text == "strict" ? check::Nesting::strict : check::Nesting::relaxed;
    } else if (arg == "--functions") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      for (const std::string_view part : split(*text)) {
        const auto function = check::function_from_name(part);
        if (!function) {
          error = "unknown function " + std::string(part);
          return std::nullopt;
        }
        options.functions.push_back(*function);
      }
    } else if (arg == "--errnos") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      for (const std::string_view part : split(*text)) {
        const auto number = check::errno_from_name(part);
        if (!number) {
          error = "unknown errno " + std::string(part);
          return std::nullopt;
        }
        options.errors.push_back(*number);
      }
    } else if (arg == "--modes") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      options.transient = options.persistent = false;
      for (const std::string_view part : split(*text)) {
        if (part == "transient") {
          options.transient = true;
        } else if (part == "persistent") {
          options.persistent = true;
        } else {
          error = "unknown mode " + std::string(part);
          return std::nullopt;
        }
      }
    } else if (arg == "--may-recover") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      const std::size_t colon = text->find(':');
      const auto function = check::function_from_name(text->substr(0, colon));
      const auto number = colon == std::string_view::npos
                              ? std::nullopt
                              : check::errno_from_name(text->substr(colon + 1));
      if (!function || !number) {
        error = "--may-recover takes CALL:ERRNO, e.g. mmap:ENODEV";
        return std::nullopt;
      }
      options.recoverable.emplace_back(*function, *number);
    } else if (arg == "--timeout") {
      const auto text = value(arg);
      if (!text) {
        return std::nullopt;
      }
      unsigned seconds = 0;
      const auto [end, status] =
          std::from_chars(text->data(), text->data() + text->size(), seconds);
      if (status != std::errc{} || end != text->data() + text->size() ||
          seconds == 0 || seconds > 3600) {
        error = "--timeout takes 1 to 3600 seconds";
        return std::nullopt;
      }
      options.timeout_ms = seconds * 1000U;
    } else {
      error = "unknown option " + arg;
      return std::nullopt;
    }
  }
  if (options.command.empty()) {
    error = "no program given after --";
    return std::nullopt;
  }
  if (options.functions.empty()) {
    options.functions.assign(check::all_functions.begin(),
                             check::all_functions.end());
  }
  return options;
}

}  // namespace ffikit::faultrun
