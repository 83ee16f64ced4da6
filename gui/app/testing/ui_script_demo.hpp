// The demonstration's UI script actions, kept beside the main table (ui_script.cpp):
//   lesson-next               press "Next" in the Exercise tab: move on one step, and play
//                             it when the lab plays it (narration, send, fault, clock, wait)
//   wait-lesson-step SECONDS  wait until the step being played has ended; fails when it
//                             failed (with the step's own words) or is still playing
#pragma once

#include <string>

#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {

/// True for "lesson-next" and "wait-lesson-step".
bool is_demo_verb(const std::string& verb);
/// Runs it; `where` prefixes error messages.
ScriptStepResult run_demo_action(AppState& state, const ScriptAction& action,
                                 const std::string& where);

}  // namespace smtplab::app
