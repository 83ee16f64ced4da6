// Opening a scenario (see scenario_open.hpp).
#include "gui/app/actions/scenario_open.hpp"

#include <cstdlib>
#include <filesystem>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/exercise.hpp"
#include "gui/cli/scenario_lookup.hpp"
#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_locator.hpp"

namespace smtplab::app {

bool open_scenario(AppState& state, const std::string& name) {
  // The same lookup as `smtplab serve/run/check`: path, stem or chapter number.
  const lab::ScenarioLocation found = lab::locate_scenario(name, cli::scenario_search_dirs());
  if (!found.ok()) {
    state.errors.push_back({found.error, Text::ScenarioHint});
    return false;
  }
  const std::filesystem::path path = found.file;
  lab::LoadOptions options;
  options.lessons_dir = std::filesystem::path(state.source_dir) / "lessons";
  const lab::LoadResult result = lab::load_scenario(path, options);
  if (!result.ok()) {
    for (const auto& error : result.errors)
      state.errors.push_back({error.to_string(), Text::ScenarioHint});
    if (result.errors.empty())
      state.errors.push_back({path.string() + ": cannot be loaded", Text::ScenarioHint});
    return false;
  }
  const lab::ScenarioSpec& scenario = *result.scenario;
  state.topology.topology = scenario.topology;
  state.scenario_title = scenario.title;
  start_exercise(state, std::make_shared<const lab::ScenarioSpec>(scenario), path.string());
  // Lesson stems start with the chapter number ("02-first-session").
  if (const int chapter = std::atoi(scenario.lesson.c_str()); chapter > 0)
    open_lesson(state, chapter);
  return true;
}

}  // namespace smtplab::app
