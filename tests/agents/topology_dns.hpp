// The simulated DNS of a whole lab topology, for the agents' tests: sim/agents takes the
// nodes and the zones (it knows nothing of sim/lab), the tests describe topologies.
#pragma once

#include "sim/agents/resolver.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::agents {

/// The resolver of `topology`: its zones plus A and PTR records for every node.
inline Resolver resolver_for(const lab::TopologySpec& topology) {
  return {topology.nodes, topology.dns};
}

}  // namespace smtplab::agents
