// The JSON-lines report: every field of a process report survives
// serialize() and parse_report() (paths with newlines, quotes, bytes above
// ASCII, NUL, and cut paths with their whole length), and every malformed
// form is refused with the line it is on.
#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fake_kernel.hpp"
#include "ffikit/check/report.hpp"

namespace ffikit::check {
namespace {

using testing_support::FakeKernel;
using testing_support::page;

// A path with every kind of byte a report must carry.
const std::string nasty_path("/tmp/a\nb\"c\\d\x01\x7f\xc3\xa9\xff\0end", 19);

void expect_same(const Event& a, const Event& b) {
  SCOPED_TRACE("event #" + std::to_string(a.index));
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.function, b.function);
  EXPECT_EQ(a.symbol, b.symbol);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.path.full_size(), b.path.full_size());
  EXPECT_EQ(a.dirfd, b.dirfd);
  EXPECT_EQ(a.flags, b.flags);
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.fd, b.fd);
  EXPECT_EQ(a.fd2, b.fd2);
  EXPECT_EQ(a.address, b.address);
  EXPECT_EQ(a.new_address, b.new_address);
  EXPECT_EQ(a.stream, b.stream);
  EXPECT_EQ(a.length, b.length);
  EXPECT_EQ(a.new_length, b.new_length);
  EXPECT_EQ(a.prot, b.prot);
  EXPECT_EQ(a.map_flags, b.map_flags);
  EXPECT_EQ(a.offset, b.offset);
  EXPECT_EQ(a.file_size, b.file_size);
  EXPECT_EQ(a.file_mode, b.file_mode);
  EXPECT_EQ(a.result, b.result);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.injected, b.injected);
  EXPECT_EQ(a.quarantined, b.quarantined);
  EXPECT_EQ(a.range_was_mapped, b.range_was_mapped);
  EXPECT_EQ(a.site, b.site);
}

void expect_same(const Finding& a, const Finding& b) {
  SCOPED_TRACE(describe(a));
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.at, b.at);
  EXPECT_EQ(a.call, b.call);
  EXPECT_EQ(a.origin, b.origin);
  EXPECT_EQ(a.acquired_by, b.acquired_by);
  EXPECT_EQ(a.path, b.path);
  EXPECT_EQ(a.fd, b.fd);
  EXPECT_EQ(a.source_fd, b.source_fd);
  EXPECT_EQ(a.address, b.address);
  EXPECT_EQ(a.length, b.length);
  EXPECT_EQ(a.mapped_length, b.mapped_length);
  EXPECT_EQ(a.stream, b.stream);
  EXPECT_EQ(a.directory, b.directory);
  EXPECT_EQ(a.site, b.site);
  EXPECT_EQ(a.acquired_site, b.acquired_site);
  EXPECT_EQ(a.handle, b.handle);
}

void expect_same(const std::vector<Finding>& a, const std::vector<Finding>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    expect_same(a[i], b[i]);
  }
}

void expect_same(const ProcessReport& a, const ProcessReport& b) {
  EXPECT_EQ(a.pid, b.pid);
  EXPECT_EQ(a.parent, b.parent);
  EXPECT_EQ(a.executable, b.executable);
  EXPECT_EQ(a.ending, b.ending);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.fault, b.fault);
  EXPECT_EQ(a.report.calls, b.report.calls);
  EXPECT_EQ(a.report.fault_fired, b.report.fault_fired);
  EXPECT_EQ(a.report.injected, b.report.injected);
  EXPECT_EQ(a.report.dropped_events, b.report.dropped_events);
  EXPECT_EQ(a.report.overflow, b.report.overflow);
  EXPECT_EQ(a.report.pid, b.pid);
  ASSERT_EQ(a.modules.size(), b.modules.size());
  for (std::size_t i = 0; i < a.modules.size(); ++i) {
    EXPECT_EQ(a.modules[i].start, b.modules[i].start);
    EXPECT_EQ(a.modules[i].end, b.modules[i].end);
    EXPECT_EQ(a.modules[i].offset, b.modules[i].offset);
    EXPECT_EQ(a.modules[i].path, b.modules[i].path);
  }
  expect_same(a.report.violations, b.report.violations);
  expect_same(a.report.policy, b.report.policy);
  expect_same(a.report.leaks, b.report.leaks);
  ASSERT_EQ(a.report.trace.size(), b.report.trace.size());
  for (std::size_t i = 0; i < a.report.trace.size(); ++i) {
    expect_same(a.report.trace[i], b.report.trace[i]);
  }
}

// A report with every kind of finding and event, as a relaxed watch of a
// program with many bugs records it.
ProcessReport busy_report() {
  Options options;
  options.nesting = Nesting::relaxed;
  options.borrowed = {50};
  FakeKernel k(options);
  k.opened_before(50);
  const int fd = k.open(nasty_path);               // #0
  k.fstat(fd);                                     // #1
  const std::uintptr_t at = k.mmap(3 * page, fd);  // #2
  k.close(fd);                                     // #3: policy
  k.close(fd);                                     // #4: double close
  k.fstat(fd);                                     // #5: use after close
  k.munmap(at, page);                              // #6: wrong range
  k.munmap(at, page);                              // #7: double munmap
  k.munmap(0x7f0000, page);                        // #8: unknown range
  k.close(40);                                     // #9: unknown fd
  const std::uintptr_t stream = k.fopen(std::string(300, 'p'));  // #10
  k.close(3);         // #11: stream's fd
  k.fclose(stream);   // #12
  k.open("/leak");    // #13
  k.opendir("/dir");  // #14
  k.pipe();           // #15
  k.dup(1);           // #16
  k.inject(ENOMEM);
  k.mmap(page, -1, MAP_PRIVATE | MAP_ANONYMOUS);  // #17
  k.mremap(at + page, 2 * page, 4 * page);        // #18
  k.exec("/bin/true");                            // #19
  k.close(50);                                    // #20: lent
  ProcessReport out;
  out.pid = 4242;
  out.parent = 1;
  out.executable = "/usr/bin/" + nasty_path;
  out.ending = Ending::quick_exit;
  out.status = 3;
  out.fault = "mmap:2:ENOMEM:persistent";
  out.report.trace = k.trace;
  out.report.violations = k.ledger.violations();
  out.report.policy = k.ledger.policy_findings();
  out.report.leaks = k.ledger.leaks();
  for (std::size_t i = 0; i < function_count; ++i) {
    out.report.calls[i] = i * 1000 + 1;
  }
  out.report.calls[3] = std::numeric_limits<std::size_t>::max();
  out.report.fault_fired = true;
  out.report.injected = 1;
  out.report.dropped_events = 12;
  out.report.overflow = 7;
  out.report.pid = out.pid;
  out.modules.push_back({0x400000, 0x401000, 0x1000, "/usr/bin/prog"});
  out.modules.push_back({0x7f0000000000, 0x7f0000010000, 0, nasty_path});
  return out;
}

TEST(Report, EveryFieldSurvivesTheRoundTrip) {
  const ProcessReport original = busy_report();
  std::set<FindingKind> kinds;
  for (const auto* list : {&original.report.violations, &original.report.policy,
                           &original.report.leaks}) {
    for (const Finding& f : *list) {
      kinds.insert(f.kind);
    }
  }
  ASSERT_EQ(kinds.size(),
            static_cast<std::size_t>(FindingKind::close_of_borrowed) + 1)
      << "the report should hold every kind of finding";
  const std::string text = serialize(original);
  std::string error;
  const std::optional<ProcessReport> read = parse_report(text, &error);
  ASSERT_TRUE(read.has_value()) << error;
  EXPECT_TRUE(read->complete);
  expect_same(*read, original);
  // And the text is the same once more: nothing was lost or added.
  EXPECT_EQ(serialize(*read), text);
}

TEST(Report, CallsAreCountedPerOperation) {
  const ProcessReport original = busy_report();
  const std::optional<ProcessReport> read = parse_report(serialize(original));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->report.calls_of(Function::open), 1U);
  EXPECT_EQ(read->report.calls_of(Function::munmap),
            std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(read->report.calls_of(Function::fork),
            static_cast<std::size_t>(Function::fork) * 1000 + 1);
}

TEST(Report, RefusalWithoutAnErrorOutParameter) {
  EXPECT_FALSE(parse_report("").has_value());
  EXPECT_FALSE(parse_report("[]").has_value());
}

TEST(Report, EveryLineIsOnePrintableLine) {
  const std::string text = serialize(busy_report());
  for (const char c : text) {
    EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7f)) << static_cast<int>(c);
  }
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.substr(text.rfind('\n', text.size() - 2) + 1),
            "{\"end\":true}\n");
}

TEST(Report, CutPathsKeepTheirWholeLength) {
  const ProcessReport original = busy_report();
  const Event& fopen = original.report.trace.at(10);
  ASSERT_TRUE(fopen.path.truncated());
  const std::optional<ProcessReport> read = parse_report(serialize(original));
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->report.trace.at(10).path.truncated());
  EXPECT_EQ(read->report.trace.at(10).path.full_size(), 300U);
  EXPECT_EQ(read->report.trace.at(10).path.view(),
            std::string(Text::capacity, 'p'));
}

TEST(Report, EveryEndingAndAMissingStatus) {
  for (const Ending ending :
       {Ending::exit, Ending::quick_exit, Ending::exec, Ending::none}) {
    ProcessReport original;
    original.pid = 7;
    original.ending = ending;
    const std::optional<ProcessReport> read = parse_report(serialize(original));
    ASSERT_TRUE(read.has_value()) << ending_name(ending);
    EXPECT_EQ(read->ending, ending);
    EXPECT_EQ(read->status, std::nullopt);
    EXPECT_EQ(read->report.pid, 7);
  }
  EXPECT_STREQ(ending_name(static_cast<Ending>(9)), "?");
}

TEST(Report, ErrnoWithoutANameTravelsAsANumber) {
  ProcessReport original;
  Event e;
  e.symbol = Symbol::close;
  e.function = Function::close;
  e.result = -1;
  e.error = 4095;
  original.report.trace.push_back(e);
  const std::string text = serialize(original);
  EXPECT_NE(text.find("\"errno\":4095"), std::string::npos);
  const std::optional<ProcessReport> read = parse_report(text);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->report.trace.at(0).error, 4095);
  e.error = EBADF;
  original.report.trace[0] = e;
  EXPECT_NE(serialize(original).find("\"errno\":\"EBADF\""), std::string::npos);
}

TEST(Report, SiteTextNamesTheModuleAndOffset) {
  const std::vector<Module> modules = {
      {0x400000, 0x401000, 0x1000, "/usr/bin/prog"},
      {0x500000, 0x501000, 0, "/lib/with\nnewline.so"}};
  EXPECT_EQ(site_text(0x400010, modules), "/usr/bin/prog+0x1010");
  EXPECT_EQ(site_text(0x500000, modules), "/lib/with\\nnewline.so+0x0");
  EXPECT_EQ(site_text(0x401000, modules), "0x401000");
  EXPECT_EQ(site_text(0x10, {}), "0x10");
}

// ---- reading what the preload library wrote, and what it did not ----

const std::string header =
    R"({"ffikit_check_report":1,"pid":5,"parent":1,"executable":"/bin/x",)"
    R"("ended":"exit","status":null,"fault":""})";

std::string error_of(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_report(text, &error).has_value()) << text;
  return error;
}

TEST(ReportReader, MinimalReportWithoutEndIsIncomplete) {
  const std::optional<ProcessReport> read = parse_report(header + "\n");
  ASSERT_TRUE(read.has_value());
  EXPECT_FALSE(read->complete);
  EXPECT_EQ(read->pid, 5);
  EXPECT_EQ(read->executable, "/bin/x");
  EXPECT_EQ(read->ending, Ending::exit);
  // Without a trailing newline, with CR LF, with blank lines: the same.
  EXPECT_TRUE(parse_report(header).has_value());
  EXPECT_TRUE(parse_report(header + "\r\n\n\n{\"end\":true}\r\n")->complete);
}

TEST(ReportReader, UnknownKeysAndLineKindsAreIgnored) {
  const std::string text =
      R"({"future":1,"ffikit_check_report":1,"pid":5})"
      "\n"
      R"({"event":{"index":3,"symbol":"close","fd":4,"colour":"red"}})"
      "\n"
      R"({"telemetry":{"a":1}})"
      "\n"
      R"({"telemetry":[1,2]})"
      "\n"
      R"({"end":true})"
      "\n";
  std::string error;
  const std::optional<ProcessReport> read = parse_report(text, &error);
  ASSERT_TRUE(read.has_value()) << error;
  ASSERT_EQ(read->report.trace.size(), 1U);
  EXPECT_EQ(read->report.trace[0].fd, 4);
  EXPECT_EQ(read->report.trace[0].function, Function::close);
  EXPECT_TRUE(read->complete);
}

TEST(ReportReader, NothingButAHeaderWillDo) {
  EXPECT_EQ(error_of(""), "no report header");
  EXPECT_EQ(error_of("\n\n"), "no report header");
  EXPECT_EQ(error_of(R"({"end":true})"),
            "line 1: the first line must be the report header");
  EXPECT_EQ(error_of("\n"
                     R"({"event":{}})"),
            "line 2: the first line must be the report header");
}

TEST(ReportReader, OtherVersionsAreRefused) {
  for (const char* version : {"2", "0", "\"1\"", "1.0", "null", "-1"}) {
    EXPECT_EQ(
        error_of(std::string(R"({"ffikit_check_report":)") + version + "}"),
        "line 1: not a version 1 ffikit-check report")
        << version;
  }
}

TEST(ReportReader, LinesThatAreNotJsonObjects) {
  EXPECT_EQ(error_of("{\"ffikit_check_report\":1,"),
            "line 1: member name expected at byte 25");
  EXPECT_EQ(error_of(header + "\n[1]"), "line 2: a line must be a JSON object");
  EXPECT_EQ(error_of(header + "\n{}"), "line 2: a line must be a JSON object");
  EXPECT_EQ(error_of(header + "\n\n\"text\""),
            "line 3: a line must be a JSON object");
  EXPECT_EQ(error_of(header + "\n{\"event\":{\"path\":\"a\nb\"}}"),
            "line 2: unterminated string at byte 19");
}

TEST(ReportReader, FieldsOfTheWrongTypeNameTheirKeyAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"event":{"fd":"3"}})", R"("fd" must be an integer in range)"},
      {R"({"event":{"fd":4294967296}})", R"("fd" must be an integer in range)"},
      {R"({"event":{"fd":1.5}})", R"("fd" must be an integer in range)"},
      {R"({"event":{"index":-1}})",
       R"("index" must be a non-negative integer in range)"},
      {R"({"event":{"mode":4294967296}})",
       R"("mode" must be a non-negative integer in range)"},
      {R"({"event":{"symbol":"read"}})",
       R"("symbol" must be a watched symbol)"},
      {R"({"event":{"symbol":3}})", R"("symbol" must be a string)"},
      {R"({"event":{"path":5}})", R"("path" must be a string)"},
      {R"({"event":{"path_bytes":"5"}})",
       R"("path_bytes" must be a non-negative integer in range)"},
      {R"({"event":{"errno":"ENOTANERRNO"}})",
       R"("errno" must be an errno name or number)"},
      {R"({"event":{"errno":true}})", R"("errno" must be an integer in range)"},
      {R"({"event":{"injected":1}})", R"("injected" must be true or false)"},
      {R"({"finding":{"kind":"leak"}})", R"(unknown finding kind "leak")"},
      {R"({"finding":{}})", R"(unknown finding kind "")"},
      {R"({"finding":{"kind":"double close","severity":"fatal"}})",
       R"("severity" must be "error" or "policy")"},
      {R"({"finding":{"kind":"double close","at":"7"}})",
       R"("at" must be a non-negative integer in range)"},
      {R"({"finding":{"kind":"double close","call":"read"}})",
       R"("call" must be a watched symbol)"},
      {R"({"finding":{"kind":"double close","stream":"no"}})",
       R"("stream" must be true or false)"},
      {R"({"calls":[]})", R"("calls" must be an object)"},
      {R"({"calls":{"open":-1}})",
       R"("calls" member "open" is not an operation count)"},
      {R"({"calls":{"read":1}})",
       R"("calls" member "read" is not an operation count)"},
      {R"({"summary":{"overflow":"many"}})",
       R"("overflow" must be a non-negative integer in range)"},
      {R"({"summary":{"fault_fired":"yes"}})",
       R"("fault_fired" must be true or false)"},
      {R"({"module":{"start":-4096}})",
       R"("start" must be a non-negative integer in range)"},
      {R"({"module":{"path":null}})", R"("path" must be a string)"},
  };
  for (const auto& [line, why] : cases) {
    EXPECT_EQ(error_of(header + "\n\n" + line + "\n"), "line 3: " + why)
        << line;
  }
}

TEST(ReportReader, KnownLinesOfTheWrongTypeAreRefused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"event":5})", R"("event" must be an object)"},
      {R"({"finding":"double close"})", R"("finding" must be an object)"},
      {R"({"summary":[]})", R"("summary" must be an object)"},
      {R"({"module":null})", R"("module" must be an object)"},
      {R"({"end":false})", R"("end" must be true)"},
      {R"({"end":{}})", R"("end" must be true)"},
  };
  for (const auto& [line, why] : cases) {
    EXPECT_EQ(error_of(header + "\n" + line + "\n"), "line 2: " + why) << line;
  }
}

TEST(ReportReader, UnknownNamesOfKnownFieldsAreRefused) {
  EXPECT_EQ(error_of(header + "\n" + R"({"event":{"kind":"remark"}})"),
            R"(line 2: "kind" must be "call" or "note")");
  EXPECT_EQ(error_of(R"({"ffikit_check_report":1,"ended":"crash"})"),
            R"(line 1: "ended" must be "exit", "_exit", "exec" or "none")");
  // Left out, they keep their defaults.
  const std::optional<ProcessReport> read = parse_report(
      std::string(R"({"ffikit_check_report":1})") + "\n" + R"({"event":{}})");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->ending, Ending::none);
  EXPECT_EQ(read->report.trace.at(0).kind, Event::Kind::call);
}

TEST(ReportReader, HeaderFieldsOfTheWrongType) {
  EXPECT_EQ(error_of(R"({"ffikit_check_report":1,"pid":"5"})"),
            R"(line 1: "pid" must be an integer in range)");
  EXPECT_EQ(error_of(R"({"ffikit_check_report":1,"status":"0"})"),
            R"(line 1: "status" must be an integer in range)");
  EXPECT_EQ(error_of(R"({"ffikit_check_report":1,"executable":[]})"),
            R"(line 1: "executable" must be a string)");
}

TEST(ReportReader, OneReportPerText) {
  // Two processes' reports in one text are never added together.
  EXPECT_EQ(error_of(header + "\n" + header + "\n"),
            "line 2: a second report header");
  EXPECT_EQ(error_of(header + "\n{\"end\":true}\n{\"event\":{}}\n"),
            "line 3: text after the end line");
  EXPECT_EQ(error_of(header + "\n{\"end\":true}\n{\"end\":true}\n"),
            "line 3: text after the end line");
}

TEST(ReportReader, FindingsGoWhereTheirKindAndSeverityPutThem) {
  const std::string text =
      header + "\n" +
      R"({"finding":{"kind":"leaked stream","fd":3,"at":null}})"
      "\n"
      R"({"finding":{"kind":"close before munmap","severity":"policy"}})"
      "\n"
      R"({"finding":{"kind":"double close"}})"
      "\n";
  const std::optional<ProcessReport> read = parse_report(text);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->report.leaks.size(), 1U);
  EXPECT_EQ(read->report.leaks[0].at, no_entry);
  EXPECT_EQ(read->report.leaks[0].origin, no_entry);
  ASSERT_EQ(read->report.policy.size(), 1U);
  EXPECT_EQ(read->report.policy[0].severity, Severity::policy);
  ASSERT_EQ(read->report.violations.size(), 1U);
  EXPECT_EQ(read->report.violations[0].severity, Severity::error);
}

}  // namespace
}  // namespace ffikit::check
