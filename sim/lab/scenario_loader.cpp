// load_scenario / load_topology: parse, read every part, validate, and hand back either
// the spec or every error sorted by file and position.
#include "sim/lab/scenario_loader.hpp"

#include <algorithm>

#include "sim/lab/scenario_readers.hpp"

namespace smtplab::lab {

using scenario_detail::ReadContext;
using yamlread::MapReader;
using yamlread::Source;

std::string LoadError::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {

/// The first `lessons` folder (with an `en` folder) going up from `start`.
std::filesystem::path find_lessons_dir(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  while (!dir.empty()) {
    const std::filesystem::path candidate = dir / "lessons";
    if (std::filesystem::is_directory(candidate / "en", ec)) return candidate;
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return {};
}

/// Errors in reading order within a file; files in name order.
void sort_errors(std::vector<LoadError>& errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const LoadError& a, const LoadError& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
}

}  // namespace

LoadResult load_scenario(const std::filesystem::path& file, const LoadOptions& options) {
  LoadResult result;
  const std::string name = file.string();
  const YAML::Node root = scenario_detail::parse_yaml_file(file, name, result.errors);
  if (!root.IsDefined()) return result;

  ReadContext context;
  context.errors = &result.errors;
  std::error_code ec;
  context.include_stack.push_back(std::filesystem::weakly_canonical(file, ec).string());
  const Source source{name, &result.errors};
  const std::filesystem::path base_dir = file.parent_path();

  ScenarioSpec spec;
  spec.origin = {name, 1, 1};
  MapReader m(source, root, "scenario file");
  if (!m.valid()) return result;
  yamlread::read_string(source, m.require("scenario"), "scenario", spec.id);
  yamlread::read_localized(source, m.require("title"), "title", spec.title);
  yamlread::read_localized(source, m.get("text"), "text", spec.text);
  const YAML::Node lesson = m.require("lesson");
  yamlread::read_string(source, lesson, "lesson", spec.lesson);
  const YAML::Node topology = m.require("topology");
  if (topology.IsDefined()) {
    scenario_detail::read_topology(source, topology, base_dir, context, spec.topology);
    if (spec.topology.name.empty()) spec.topology.name = spec.id;
  }
  const YAML::Node steps = m.require("steps");
  if (steps.IsDefined()) scenario_detail::read_steps(source, steps, base_dir, context, spec.steps);
  m.finish();

  scenario_detail::validate_topology(spec.topology, context);
  std::filesystem::path lessons_dir = options.lessons_dir;
  if (lessons_dir.empty()) lessons_dir = find_lessons_dir(base_dir);
  if (lessons_dir.empty() && lesson.IsDefined()) {
    source.error(lesson, "cannot find the lessons folder above " + base_dir.string());
  } else {
    scenario_detail::validate_steps(spec, lessons_dir, options.check_lesson_checkpoints,
                                    source.at(lesson), context);
  }

  sort_errors(result.errors);
  if (result.errors.empty()) result.scenario = std::move(spec);
  return result;
}

TopologyLoadResult load_topology(const std::filesystem::path& file) {
  TopologyLoadResult result;
  const std::string name = file.string();
  const YAML::Node root = scenario_detail::parse_yaml_file(file, name, result.errors);
  if (!root.IsDefined()) return result;
  ReadContext context;
  context.errors = &result.errors;
  std::error_code ec;
  context.include_stack.push_back(std::filesystem::weakly_canonical(file, ec).string());
  const Source source{name, &result.errors};
  TopologySpec topology;
  scenario_detail::read_topology(source, root, file.parent_path(), context, topology);
  scenario_detail::validate_topology(topology, context);
  sort_errors(result.errors);
  if (result.errors.empty()) result.topology = std::move(topology);
  return result;
}

}  // namespace smtplab::lab
