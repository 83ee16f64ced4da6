// The demonstration's UI script actions (see ui_script_demo.hpp).
#include "gui/app/testing/ui_script_demo.hpp"

#include <cstdlib>

#include "gui/app/live/demo_player.hpp"

namespace smtplab::app {

bool is_demo_verb(const std::string& verb) {
  return verb == "lesson-next" || verb == "wait-lesson-step";
}

ScriptStepResult run_demo_action(AppState& state, const ScriptAction& action,
                                 const std::string& where) {
  ScriptStepResult r;
  if (!state.exercise.scenario) {
    r.ok = false;
    r.error = where + action.verb +
              ": failed: no chapter is open (welcome chapter N, or --scenario, first)";
    return r;
  }
  if (action.verb == "lesson-next") {
    if (state.demo.busy()) {
      r.ok = false;
      r.error = where + "lesson-next: failed: a step is still playing (wait-lesson-step first)";
      return r;
    }
    next_lesson_step(state);
    return r;
  }
  char* end = nullptr;
  const double seconds = std::strtod(action.argument.c_str(), &end);
  if (action.argument.empty() || *end != '\0' || seconds <= 0) {
    r.ok = false;
    r.error = where + "wait-lesson-step SECONDS";
    return r;
  }
  const int step = state.exercise.progress.step;
  r.until = [](AppState& s) { return !s.demo.busy(); };
  r.deadline = std::chrono::steady_clock::now() +
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   std::chrono::duration<double>(seconds));
  r.verdict = [where, step](AppState& s) -> std::string {
    const auto& results = s.demo.results();
    if (const auto it = results.find(static_cast<std::size_t>(step));
        it != results.end() && !it->second.ok)
      return where + "wait-lesson-step: failed: step " + std::to_string(step + 1) + ": " +
             it->second.text.en;
    if (!s.demo.error().en.empty()) return where + "wait-lesson-step: failed: " + s.demo.error().en;
    return "";
  };
  r.until_error = where + "wait-lesson-step: failed: step " + std::to_string(step + 1) +
                  " still playing after " + action.argument + " s";
  return r;
}

}  // namespace smtplab::app
