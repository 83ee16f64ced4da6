// The topology's actions on the running lab (see topology_actions.hpp).
#include "gui/app/actions/topology_actions.hpp"

#include "gui/app/model/lab_faults.hpp"

namespace smtplab::app {

void refresh_topology_activity(AppState& state) {
  TopologyState& topology = state.topology;
  if (state.timeline_source != TimelineSource::Live) {
    // A capture's sessions are not in flight: nothing moves, no fault is active.
    if (topology.activity_events != 0 || !topology.activity.sessions.empty()) {
      topology.activity = derive_topology_activity({}, topology.topology);
      topology.activity_events = 0;
      topology.envelopes.clear();
      topology.envelope_positions.clear();
    }
    return;
  }
  if (topology.activity_events == state.timeline.size() && !topology.activity.health.empty())
    return;
  if (topology.activity_events > state.timeline.size()) {
    // The live timeline was taken again from the start (Lab > Show live): read it all.
    topology.activity = TopologyActivity{};
    topology.activity_events = 0;
  }
  extend_topology_activity(topology.activity, state.timeline, topology.activity_events,
                           topology.topology);
  topology.activity_events = state.timeline.size();
  // Envelopes of closed sessions are gone.
  std::erase_if(topology.envelopes, [&](const auto& entry) {
    for (const auto& session : topology.activity.sessions) {
      if (session.session == entry.first) return false;
    }
    return true;
  });
}

bool inject_node_fault(AppState& state, const std::string& node, const std::string& name,
                       const std::string& argument, std::string& error) {
  if (!state.live.running()) {
    error = "the lab is not running (Lab > Start)";
    return false;
  }
  const auto fault = make_fault(state.topology.topology, node, name, argument, error);
  if (!fault) return false;
  state.live.inject(*fault);
  return true;
}

int clear_node_faults(AppState& state, const std::string& node) {
  if (!state.live.running()) return 0;
  refresh_topology_activity(state);
  const auto active = faults_of(state.topology.activity, node);
  for (const auto& fault : active) state.live.clear(clearing_fault(fault));
  return static_cast<int>(active.size());
}

}  // namespace smtplab::app
