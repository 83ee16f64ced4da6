// The context menu of a topology node: inject a fault into it (node down, reply CODE to a
// command, delayed replies, a drop during DATA, STARTTLS stripped, a modified body, a full
// mailbox, a broken DNS name) or clear its active faults, on the running lab. Without a
// running lab every item is disabled and says why.
#pragma once

#include "gui/app/model/app_state.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::app {

/// The menu's items for `node` (between BeginPopup and EndPopup).
void draw_fault_menu(AppState& state, const lab::NodeSpec& node);

}  // namespace smtplab::app
