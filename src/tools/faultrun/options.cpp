#include "options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <string_view>

#include "ffikit/check/errno_catalog.hpp"
#include "message_pattern.hpp"

namespace ffikit::faultrun {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at == std::string_view::npos ? text.size() : at + 1);
  }
  return parts;
}

template <class T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto [end, status] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<unsigned> in_range(std::string_view text, unsigned low,
                                 unsigned high) {
  const auto value = number<unsigned>(text);
  return value && *value >= low && *value <= high ? value : std::nullopt;
}

}  // namespace

bool Recovery::covers(const check::FaultPlan& fault) const noexcept {
  return fault.target == function && (!nth || *nth == fault.nth) &&
         (!error || *error == fault.error);
}

const char* usage() noexcept {
  return "usage: ffikit-faultrun [options] -- PROGRAM [ARGS...]\n"
         "\n"
         "Runs PROGRAM once to count the calls it makes that create, copy or\n"
         "release descriptors, streams and mappings (open, dup, pipe, socket,\n"
         "fopen, opendir, mmap, mremap, close, ...), then once per call N,\n"
         "per errno and per mode with that call failed, and reports crashes,\n"
         "hangs, leaks and ownership violations, per process.\n"
         "\n"
         "What to run:\n"
         "  --trace               run once without faults and print the trace\n"
         "  --fault PLAN          run once with CALL:N:ERRNO[:persistent] and\n"
         "                        print the trace (reproduces one sweep case)\n"
         "  --inputs              run once per hostile input (empty file,\n"
         "                        directory, FIFO, /dev/null, /dev/zero, "
         "/proc\n"
         "                        file, unprintable name, sparse file), each\n"
         "                        substituted for {} in ARGS\n"
         "  --functions LIST      operations to fail, e.g. open,mmap,close\n"
         "                        (default: every one the program calls)\n"
         "  --calls CALL:N,...    which calls of CALL to fail, e.g. open:1,3\n"
         "                        or mmap:2-4 (repeatable; default: all)\n"
         "  --errnos LIST         errnos to inject (default: the man page's "
         "list)\n"
         "  --modes LIST          transient,persistent (default: both)\n"
         "  --persistent-eintr    inject EINTR persistently too (default:\n"
         "                        transient only, as a signal would cause it)\n"
         "  --jobs N              run N sweep cases at once (default 1)\n"
         "  --fork-server         start PROGRAM once per job and fork each "
         "case\n"
         "                        from it, after dynamic loading, instead of\n"
         "                        executing it again\n"
         "  --timeout SECONDS     per run (default 10)\n"
         "  --grace MILLISECONDS  how long children may outlive the program\n"
         "                        before they are killed as lingering (300)\n"
         "\n"
         "How to judge:\n"
         "  --expect-error        each failed call must make PROGRAM exit "
         "non-zero\n"
         "                        with a stderr line giving the errno's text\n"
         "                        and naming the path or the call\n"
         "  --message REGEX       with --expect-error: a stderr matching "
         "REGEX\n"
         "                        is the report instead\n"
         "  --may-recover CALL[:N]:ERRNO  with --expect-error, exiting 0 "
         "after\n"
         "                        this fault is a recovery (ERRNO may be any)\n"
         "  --nesting MODE        relaxed (default) or strict: may a "
         "descriptor\n"
         "                        be closed while its mapping lives?\n"
         "  --strict              munmap must name whole mappings; closing\n"
         "                        what the program never opened is a "
         "violation\n"
         "  --borrowed FD         FD belongs to the caller: the program must\n"
         "                        not close it (repeatable)\n"
         "  --quarantine          leave released mappings PROT_NONE, so a use\n"
         "                        after munmap faults\n"
         "  --valgrind            run PROGRAM under valgrind "
         "--error-exitcode=99\n"
         "\n"
         "How to report:\n"
         "  --format FORMAT       text (default), json, markdown or sarif\n"
         "  --source-root DIR     SARIF paths relative to DIR\n"
         "  --quiet               print only the rows that fail\n"
         "\n"
         "Exit status: 0 clean, 1 a run crashed, hung, leaked, violated\n"
         "ownership, left no report or (with --expect-error) hid a failure\n"
         "or left it unnamed, 2 usage error, or PROGRAM cannot be started or\n"
         "watched (static, set-user-ID).\n";
}

std::optional<std::pair<check::Function, std::vector<std::size_t>>> parse_calls(
    std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  const auto function = check::function_from_name(text.substr(0, colon));
  if (!function) {
    return std::nullopt;
  }
  std::set<std::size_t> numbers;
  for (const std::string_view part : split(text.substr(colon + 1), ',')) {
    const std::size_t dash = part.find('-');
    const auto first = number<std::size_t>(part.substr(0, dash));
    const auto last = dash == std::string_view::npos
                          ? first
                          : number<std::size_t>(part.substr(dash + 1));
    if (!first || !last || *first == 0 || *last < *first ||
        *last - *first > 100000) {
      return std::nullopt;
    }
    for (std::size_t n = *first; n <= *last; ++n) {
      numbers.insert(n);
    }
  }
  if (numbers.empty()) {
    return std::nullopt;
  }
  return std::pair{*function,
                   std::vector<std::size_t>(numbers.begin(), numbers.end())};
}

std::optional<Recovery> parse_recovery(std::string_view text) {
  const std::vector<std::string_view> parts = split(text, ':');
  if (parts.size() != 2 && parts.size() != 3) {
    return std::nullopt;
  }
  Recovery out;
  const auto function = check::function_from_name(parts.front());
  if (!function) {
    return std::nullopt;
  }
  out.function = *function;
  if (parts.size() == 3) {
    out.nth = number<std::size_t>(parts[1]);
    if (!out.nth || *out.nth == 0) {
      return std::nullopt;
    }
  }
  if (parts.back() != "any") {
    out.error = check::errno_from_name(parts.back());
    if (!out.error) {
      return std::nullopt;
    }
  }
  return out;
}

std::vector<std::string> judging_arguments(const Options& options) {
  std::vector<std::string> out;
  if (options.nesting == check::Nesting::strict) {
    out.insert(out.end(), {"--nesting", "strict"});
  }
  if (options.strict) {
    out.emplace_back("--strict");
  }
  if (options.quarantine) {
    out.emplace_back("--quarantine");
  }
  if (options.valgrind) {
    out.emplace_back("--valgrind");
  }
  for (const int fd : options.borrowed) {
    out.insert(out.end(), {"--borrowed", std::to_string(fd)});
  }
  if (options.expect_error) {
    out.emplace_back("--expect-error");
  }
  if (options.message) {
    out.insert(out.end(), {"--message", *options.message});
  }
  if (options.timeout_ms != Options{}.timeout_ms) {
    out.insert(out.end(),
               {"--timeout", std::to_string(options.timeout_ms / 1000U)});
  }
  return out;
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
  // Sets a flag's value through @p read, which returns false with error set.
  auto with_value = [&](const std::string& flag, auto read) {
    const auto text = value(flag);
    return text && read(*text);
  };
  auto fail = [&](std::string why) {
    error = std::move(why);
    return false;
  };
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    bool ok = true;
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
    } else if (arg == "--inputs") {
      options.inputs = true;
    } else if (arg == "--persistent-eintr") {
      options.persistent_eintr = true;
    } else if (arg == "--fork-server") {
      options.fork_server = true;
    } else if (arg == "--borrowed") {
      ok = with_value(arg, [&](std::string_view text) {
        const auto fd = number<int>(text);
        if (!fd || *fd < 0) {
          return fail("--borrowed takes a descriptor number");
        }
        options.borrowed.push_back(*fd);
        return true;
      });
    } else if (arg == "--format") {
      ok = with_value(arg, [&](std::string_view text) {
        using Format = Options::Format;
        static constexpr std::array<std::pair<std::string_view, Format>, 4>
            formats{{{"text", Format::text},
                     {"json", Format::json},
                     {"markdown", Format::markdown},
                     {"sarif", Format::sarif}}};
        for (const auto& [name, format] : formats) {
          if (text == name) {
            options.format = format;
            return true;
          }
        }
        return fail("--format takes text, json, markdown or sarif");
      });
    } else if (arg == "--nesting") {
      ok = with_value(arg, [&](std::string_view text) {
        if (text != "strict" && text != "relaxed") {
          return fail("--nesting takes strict or relaxed");
        }
        options.nesting =
            text == "strict" ? check::Nesting::strict : check::Nesting::relaxed;
        return true;
      });
    } else if (arg == "--functions") {
      ok = with_value(arg, [&](std::string_view text) {
        for (const std::string_view part : split(text, ',')) {
          const auto function = check::function_from_name(part);
          if (!function) {
            return fail("unknown function " + std::string(part));
          }
          options.functions.push_back(*function);
        }
        return true;
      });
    } else if (arg == "--calls") {
      ok = with_value(arg, [&](std::string_view text) {
        const auto calls = parse_calls(text);
        if (!calls) {
          return fail(
              "--calls takes CALL:N[,N...] with N from 1, e.g. "
              "open:1,3 or mmap:2-4");
        }
        auto& numbers = options.calls[calls->first];
        numbers.insert(numbers.end(), calls->second.begin(),
                       calls->second.end());
        std::sort(numbers.begin(), numbers.end());
        numbers.erase(std::unique(numbers.begin(), numbers.end()),
                      numbers.end());
        return true;
      });
    } else if (arg == "--errnos") {
      ok = with_value(arg, [&](std::string_view text) {
        for (const std::string_view part : split(text, ',')) {
          const auto found = check::errno_from_name(part);
          if (!found) {
            return fail("unknown errno " + std::string(part));
          }
          options.errors.push_back(*found);
        }
        return true;
      });
    } else if (arg == "--modes") {
      ok = with_value(arg, [&](std::string_view text) {
        options.transient = options.persistent = false;
        for (const std::string_view part : split(text, ',')) {
          if (part == "transient") {
            options.transient = true;
          } else if (part == "persistent") {
            options.persistent = true;
          } else {
            return fail("unknown mode " + std::string(part));
          }
        }
        return true;
      });
    } else if (arg == "--may-recover") {
      ok = with_value(arg, [&](std::string_view text) {
        const auto recovery = parse_recovery(text);
        if (!recovery) {
          return fail(
              "--may-recover takes CALL[:N]:ERRNO, e.g. mmap:ENODEV or "
              "open:1:any");
        }
        options.recoverable.push_back(*recovery);
        return true;
      });
    } else if (arg == "--message") {
      ok = with_value(arg, [&](std::string_view text) {
        if (const auto reason = pattern_error(std::string(text))) {
          return fail("--message: not a regular expression: " + *reason);
        }
        options.message = std::string(text);
        return true;
      });
    } else if (arg == "--fault") {
      ok = with_value(arg, [&](std::string_view text) {
        options.fault = check::parse_fault(text);
        if (!options.fault || !options.fault->target) {
          return fail("--fault takes CALL:N:ERRNO[:transient|persistent]");
        }
        return true;
      });
    } else if (arg == "--timeout") {
      ok = with_value(arg, [&](std::string_view text) {
        const auto seconds = in_range(text, 1, 3600);
        if (!seconds) {
          return fail("--timeout takes 1 to 3600 seconds");
        }
        options.timeout_ms = *seconds * 1000U;
        return true;
      });
    } else if (arg == "--grace") {
      ok = with_value(arg, [&](std::string_view text) {
        const auto ms = in_range(text, 0, 60000);
        if (!ms) {
          return fail("--grace takes 0 to 60000 milliseconds");
        }
        options.grace_ms = *ms;
        return true;
      });
    } else if (arg == "--jobs") {
      ok = with_value(arg, [&](std::string_view text) {
        const auto jobs = in_range(text, 1, 64);
        if (!jobs) {
          return fail("--jobs takes 1 to 64");
        }
        options.jobs = *jobs;
        return true;
      });
    } else if (arg == "--source-root") {
      ok = with_value(arg, [&](std::string_view text) {
        options.source_root = std::string(text);
        return true;
      });
    } else {
      ok = fail("unknown option " + arg);
    }
    if (!ok) {
      return std::nullopt;
    }
  }
  if (options.command.empty()) {
    error = "no program given after --";
    return std::nullopt;
  }
  if (options.inputs &&
      std::none_of(options.command.begin() + 1, options.command.end(),
                   [](const std::string& a) {
                     return a.find("{}") != std::string::npos;
                   })) {
    error = "--inputs needs {} in the program's arguments";
    return std::nullopt;
  }
  if (static_cast<int>(options.trace) + static_cast<int>(options.inputs) +
          static_cast<int>(options.fault.has_value()) >
      1) {
    error = "--trace, --fault and --inputs each choose what to run: give one";
    return std::nullopt;
  }
  if (options.functions.empty()) {
    options.functions.assign(check::all_functions.begin(),
                             check::all_functions.end());
    // --calls alone chooses the functions it names.
    if (!options.calls.empty()) {
      options.functions.clear();
      for (const auto& [function, numbers] : options.calls) {
        options.functions.push_back(function);
      }
    }
  }
  return options;
}

}  // namespace ffikit::faultrun
