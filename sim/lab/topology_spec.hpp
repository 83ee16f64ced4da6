// The description of a mail topology: DNS zones, nodes (MUA, MSA, relays, MX/MDA) and
// their policies, the queue timing and the clock. Plain data with defaults, no behaviour:
// scenario files (YAML) are read into it, the built-in default topology is written in it,
// and the lab runtime builds real agents and servers from it. A node and a DNS zone are
// described in sim/agents/node_spec.hpp (the agents are built from them, and sim/agents
// never includes sim/lab).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/agents/node_spec.hpp"

namespace smtplab::lab {

// The node and DNS descriptions are the agents' (sim/agents/node_spec.hpp): the lab names
// them as its own.
using agents::ClientChecksSpec;
using agents::DnsZoneSpec;
using agents::LocalizedText;
using agents::MailAuthSpec;
using agents::MxSpec;
using agents::NodeKind;
using agents::NodeSpec;
using agents::RelayPolicySpec;
using agents::RewriteSpec;
using agents::RoutingSpec;
using agents::SrsSpec;
using agents::SubmitSpec;

/// Queue timing (in simulated seconds).
struct QueueSpec {
  std::vector<std::uint32_t> retry_after{60, 300, 900, 1800};  ///< then the last one repeats
  std::uint32_t lifetime = 5 * 24 * 3600;  ///< RFC 5321 §4.5.4.1: give up after 4-5 days
  std::uint32_t delay_warning = 0;         ///< send one "delayed" DSN after this long (0 = never)
};

/// A whole topology.
struct TopologySpec {
  std::string name;  ///< "default", or the scenario's topology name
  std::vector<DnsZoneSpec> dns;
  std::vector<NodeSpec> nodes;
  QueueSpec queue;
  double clock_speed = 60.0;  ///< simulated seconds per real second
  /// Seconds a lab server waits for a client's next command before 421 (RFC 5321
  /// §4.5.3.2.7: 5 minutes). The lab's time: frozen while the lab waits for "Next".
  std::uint64_t server_timeout = 300;

  const NodeSpec* find_node(const std::string& id) const {
    for (const auto& n : nodes) {
      if (n.id == id) return &n;
    }
    return nullptr;
  }
};

/// The built-in topology: MUA -> MSA -> relay -> MX/MDA, two domains (gsimaroc.com sends,
/// menara.ma receives), DNS with MX, A, SPF, DKIM and DMARC records.
TopologySpec default_topology();

}  // namespace smtplab::lab
