// A server node's main.cf tab (its state and the Add are model/main_cf.hpp).
#pragma once

#include "gui/app/model/main_cf.hpp"

namespace smtplab::app {

/// The tab, for the selected node (nothing when it keeps no main.cf).
void draw_main_cf_tab(AppState& state);

}  // namespace smtplab::app
