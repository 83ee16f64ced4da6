// Finding a chapter's scenario file from what a student types: a path, a file stem
// ("02-first-session"), or a chapter number ("2", "02"). Pure file-system lookup over the
// folders it is given; which folders those are is the caller's business (the CLI knows
// the executable and the build's source tree). Nothing is loaded here.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace smtplab::lab {

/// Where a name led: a file, or why not.
struct ScenarioLocation {
  std::filesystem::path file;  ///< set when found
  std::string error;           ///< set when not: what was tried and which chapters exist

  bool ok() const { return error.empty(); }
};

/// Resolves `name`, in this order: an existing file as given (relative to the working
/// directory); then, in each of `dirs` in order, `NAME.yaml`, `NAME`, and for a number
/// `NN-*.yaml`. The first folder that has a match wins. An ambiguous number (two files
/// for one chapter) and an unknown name are errors listing the chapters available.
ScenarioLocation locate_scenario(const std::string& name,
                                 const std::vector<std::filesystem::path>& dirs);

/// The scenario files (`*.yaml`) directly in `dir`, sorted by name.
std::vector<std::filesystem::path> list_scenarios(const std::filesystem::path& dir);

}  // namespace smtplab::lab
