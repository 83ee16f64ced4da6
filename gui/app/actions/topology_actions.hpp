// What the user does to the running lab from the topology, shared by the panel's context
// menu and the UI script: keep the topology's activity (sessions in flight, faults, node
// health) in step with the live timeline, inject a fault into a node, clear a node's
// active faults.
#pragma once

#include <string>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// Re-derives state.topology.activity when the live timeline grew (or stopped being shown).
void refresh_topology_activity(AppState& state);

/// Injects fault `name` (see lab_faults.hpp) with `argument` into `node` of the running
/// lab; false with `error` set when the lab is not running or the fault is wrong.
bool inject_node_fault(AppState& state, const std::string& node, const std::string& name,
                       const std::string& argument, std::string& error);

/// Clears every fault active on `node`; the number of faults cleared (0 when none, or
/// when the lab is not running).
int clear_node_faults(AppState& state, const std::string& node);

}  // namespace smtplab::app
