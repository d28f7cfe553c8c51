/// @file
/// Printing results: text (as the runs go, then grouped findings), one JSON
/// document for scripts, markdown for a review, SARIF 2.1.0 for code
/// scanning. Each takes the finished Results, call sites resolved.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "judged_run.hpp"
#include "options.hpp"

namespace ffikit::faultrun {

/// Where check::json::Writer puts the JSON and SARIF documents.
struct StreamSink {
  std::ostream& out;  ///< The stream written to.
  /// Writes @p text as it is.
  void put(std::string_view text) { out << text; }
};

/// "open 3, fstat 2, close 3": the calls of @p process that were made.
std::string call_counts(const check::ProcessReport& process);

/// Prints, per process, a header line when there is more than one
/// ("== process 123 (/usr/bin/sort), exit"), then @p with_trace its trace,
/// its findings with their call sites, the lints of the run that belong to
/// it, and notes (lingering children, a blocking call).
void print_processes(std::ostream& out, const JudgedRun& run,
                     const std::vector<Lint>& lints, bool with_trace);

/// The text after a sweep's or inputs run's table: the findings grouped by
/// root cause, each with a reproduce command, the lints of the clean run,
/// then "summary: N cases, ..." and "result: PASS|FAIL".
void print_text_summary(std::ostream& out, const Results& results);

/// One row of an --inputs table, and its header.
std::string input_row(const JudgedRun& run);
/// The --inputs table's header, aligned with input_row().
std::string input_header();

/// Everything as one JSON document (docs/faultrun.md describes it).
void print_json(std::ostream& out, const Results& results);

/// A markdown report: the verdict, the sweep as a table (call x errno x
/// mode) or the inputs table, the findings grouped, the lints.
void print_markdown(std::ostream& out, const Results& results);

/// A SARIF 2.1.0 log: one result per group and per lint, located at its
/// source line where debug information gave one.
void print_sarif(std::ostream& out, const Results& results,
                 const Options& options);

/// "leaked-descriptor" for "leaked descriptor": a SARIF rule id. Pure.
std::string rule_id(const std::string& kind);

/// A file:// URI for an absolute @p path, bytes outside the unreserved set
/// percent-encoded; relative to @p root (no scheme) when @p path is under
/// it. Pure.
std::string path_uri(const std::string& path, const std::string& root = "");

/// @p text as a markdown table cell: pipes escaped, line breaks as spaces.
std::string markdown_cell(const std::string& text);

/// @p text as a markdown code span, fenced with enough backticks.
std::string markdown_code(const std::string& text);

}  // namespace ffikit::faultrun
