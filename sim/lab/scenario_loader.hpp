// Loading a scenario file: YAML in, a validated ScenarioSpec or every error found out.
// Nothing is run here; a scenario with errors must not be run at all. Errors read
// `file:line:column: message`, with the file as it was opened (an included topology's
// errors name the included file).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/lab/scenario_spec.hpp"

namespace smtplab::lab {

/// One problem in a scenario file.
struct LoadError {
  std::string file;  ///< path as opened (the scenario, or an included topology)
  int line = 1;      ///< 1-based
  int column = 1;    ///< 1-based
  std::string message;
  /// "file:line:column: message".
  std::string to_string() const;
};

/// Where the loader finds what a scenario refers to.
struct LoadOptions {
  /// Folder holding fr/ and en/ lessons; empty = the first `lessons` folder found
  /// going up from the scenario file.
  std::filesystem::path lessons_dir;
  /// Check that checkpoint ids exist in both languages of the lesson (default on).
  bool check_lesson_checkpoints = true;
};

/// Either a scenario (no errors) or the list of errors, in file order.
struct LoadResult {
  std::optional<ScenarioSpec> scenario;  ///< set only when `errors` is empty
  std::vector<LoadError> errors;
  /// True when the scenario loaded without error.
  bool ok() const { return errors.empty() && scenario.has_value(); }
};

/// Reads, includes and validates a scenario file.
LoadResult load_scenario(const std::filesystem::path& file, const LoadOptions& options = {});

/// Reads and validates a topology file alone (the shape of a scenario's `topology:`).
struct TopologyLoadResult {
  std::optional<TopologySpec> topology;  ///< set only when `errors` is empty
  std::vector<LoadError> errors;
  /// True when the topology loaded without error.
  bool ok() const { return errors.empty() && topology.has_value(); }
};

/// Loads a shared topology file (scenarios/topologies/*.yaml), e.g. for `smtplab serve`.
TopologyLoadResult load_topology(const std::filesystem::path& file);

/// The checkpoint ids ("2.1", "2.2"...) of a lesson file, in order of appearance.
std::vector<std::string> lesson_checkpoint_ids(const std::filesystem::path& lesson_file);

}  // namespace smtplab::lab
