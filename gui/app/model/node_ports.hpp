// The ports a node of the topology listens on, as they really are: the running lab's bound
// ports; before it runs, the ports it will take (25/587/465 when this process may bind
// them, else 2525/5587/4465). A student running as a normal user never reads a port that
// refuses.
#pragma once

#include <string>

#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::app {

/// "587, 465" or "5587, 4465" ("—" for a node with no listener, such as the MUA).
std::string node_ports_text(const lab::NodeSpec& node, const lab::LabRuntime* running);

}  // namespace smtplab::app
