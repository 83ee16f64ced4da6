// The one place every subcommand (serve, run, check, dns, gui --scenario) turns what the
// student typed into a scenario file: a path, a stem ("02-first-session") or a chapter
// number ("2"), from any working directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace smtplab::cli {

/// The folders searched for shipped scenarios, in order: $SMTPLAB_SCENARIOS when set,
/// `<executable's folder>/../share/smtplab/scenarios`, `<executable's folder>/scenarios`,
/// then the source tree's `scenarios/` this program was built from.
std::vector<std::filesystem::path> scenario_search_dirs();

/// The scenario file `name` designates; throws UsageError (listing the chapters) when
/// there is none.
std::filesystem::path resolve_scenario(const std::string& name);

/// One paragraph for --help texts: how SCENARIO is found.
extern const char* const kScenarioLookupHelp;

}  // namespace smtplab::cli
