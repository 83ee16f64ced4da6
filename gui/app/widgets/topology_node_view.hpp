// What the topology shows under a clicked node besides its configuration: the faults
// active on it, the SMTP sessions it took part in (clicking one selects it in the
// dialogue view) and its log, the timeline events that happened there, latest last.
#pragma once

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// The faults active on the selected node (nothing when none).
void draw_node_faults(const AppState& state);

/// The "Sessions" and "Log" tabs of the selected node, inside the caller's tab bar.
void draw_node_tabs(AppState& state);

}  // namespace smtplab::app
