// The UI state as JSON for the UI test mode (dump-state): language, capture, selection
// (session, dialogue line, frames, highlighted byte ranges), filter, visible panel titles
// and key texts, lesson, errors. Tests assert on it.
#pragma once

#include <nlohmann/json.hpp>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// The state as a JSON document (sessions and dialogue lines are 1-based, as shown).
nlohmann::json dump_state(const AppState& state);

}  // namespace smtplab::app
