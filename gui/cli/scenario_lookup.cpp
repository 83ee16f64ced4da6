// Scenario lookup for the command line (see scenario_lookup.hpp).
#include "gui/cli/scenario_lookup.hpp"

#include <cstdlib>
#include <system_error>

#include "gui/cli/options.hpp"
#include "sim/lab/scenario_locator.hpp"

namespace smtplab::cli {

const char* const kScenarioLookupHelp =
    R"(SCENARIO is a chapter number (2 or 02), a file stem (02-first-session) or a path to a
.yaml file; it works from any directory. Shipped scenarios are searched in
$SMTPLAB_SCENARIOS (when set), then beside the program (../share/smtplab/scenarios,
scenarios/), then in the source tree it was built from ()" SMTPLAB_SOURCE_DIR
    R"(/scenarios).
)";

std::vector<std::filesystem::path> scenario_search_dirs() {
  std::vector<std::filesystem::path> dirs;
  // An explicit choice first: a copy of the course elsewhere, or a teacher's own set.
  if (const char* env = std::getenv("SMTPLAB_SCENARIOS"); env && *env) dirs.emplace_back(env);
  // An installed or unpacked program carries its scenarios with it.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto bin = exe.parent_path();
    dirs.push_back(bin.parent_path() / "share" / "smtplab" / "scenarios");
    dirs.push_back(bin / "scenarios");
  }
  // A program run from its build tree finds the sources it was built from.
  dirs.push_back(std::filesystem::path(SMTPLAB_SOURCE_DIR) / "scenarios");
  return dirs;
}

std::filesystem::path resolve_scenario(const std::string& name) {
  const auto found = lab::locate_scenario(name, scenario_search_dirs());
  if (!found.ok()) throw UsageError(found.error);
  return found.file;
}

}  // namespace smtplab::cli
