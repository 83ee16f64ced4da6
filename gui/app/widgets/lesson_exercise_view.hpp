// The exercise part of the Lesson panel: the current step's instruction with previous /
// next, the checkpoints ticking as they pass (with the evaluator's reason), and the
// quizzes with their choices and right/wrong feedback.
#pragma once

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// Draws the exercise of state.exercise (a hint when no scenario is open).
void draw_exercise(AppState& state);

}  // namespace smtplab::app
