// The live lab's controls as actions over the application state (Lab > Stop, Lab > Reset,
// the step unit), shared by the menu, the playback panel and the UI script so that all
// three behave the same.
#pragma once

#include <array>
#include <utility>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// The step units a lecturer can choose, in menu order, with their labels.
inline constexpr std::array<std::pair<lab::StepUnit, Text>, 3> kStepUnits = {{
    {lab::StepUnit::Exchange, Text::StepUnitExchange},
    {lab::StepUnit::Session, Text::StepUnitSession},
    {lab::StepUnit::Hop, Text::StepUnitHop},
}};

/// Lab > Step by step on or off; off, the dialogue stops following the lab's steps.
void set_step_mode(AppState& state, bool on);
/// Lab > Stop: the lab stops (in the background), its files go; the views keep its timeline.
void stop_lab(AppState& state);
/// Lab > Reset: the same topology starts again, clean (in the background).
void reset_lab(AppState& state);

}  // namespace smtplab::app
