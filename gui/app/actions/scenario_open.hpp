// Opening a scenario in the window: its topology goes to the topology panel, its lesson
// chapter to the lesson panel, its title to the menu bar. Errors (file:line:column) are
// shown in the window, never fatal. Running the scenario live is the lab runtime's part.
#pragma once

#include <string>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// `name` is a path, or a scenario id looked up as scenarios/<name>.yaml in the source
/// tree. Returns false (errors added to state.errors) when it cannot be loaded.
bool open_scenario(AppState& state, const std::string& name);

}  // namespace smtplab::app
