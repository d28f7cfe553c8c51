#include "ctest_list.hpp"

#include "json.hpp"
#include "run.hpp"

namespace ffikit::learn {

std::map<std::string, Command> parse_ctest_tests(std::string_view json) {
  const Json document = parse_json(json);
  std::map<std::string, Command> tests;
  for (const Json& test : document["tests"].array) {
    Command command;
    command.name = test.text("name");
    command.argv = test.strings("command");
    for (const Json& property : test["properties"].array) {
      const std::string name = property.text("name");
      const Json& value = property["value"];
      if (name == "ENVIRONMENT") {
        command.environment = property.strings("value");
      } else if (name == "WORKING_DIRECTORY") {
        command.directory = value.string;
      } else if (name == "TIMEOUT" && value.kind == Json::Kind::number) {
        command.timeout = value.number;
      }
    }
    if (!command.name.empty() && !command.argv.empty()) {
      tests[command.name] = std::move(command);
    }
  }
  return tests;
}

std::map<std::string, Command> list_tests(const std::filesystem::path& build,
                                          const std::string& regex,
                                          std::string& error) {
  const Run listed = run({"ctest", "--test-dir", build.string(), "-R", regex,
                          "--show-only=json-v1"});
  if (listed.status != 0) {
    error = "ctest could not list the checks:\n" + listed.output;
    return {};
  }
  try {
    return parse_ctest_tests(listed.output);
  } catch (const JsonError& bad) {
    error = std::string("ctest's list of checks is not JSON: ") + bad.what();
    return {};
  }
}

}  // namespace ffikit::learn
