// The BPF filter that keeps a lab's own traffic and nothing else: its nodes' loopback
// addresses and the ports its servers really bound (25 or 2525...). One definition for
// `smtplab serve SCENARIO --capture` and the window's Capture panel.
#pragma once

#include <string>

#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {
class LabRuntime;
}

namespace smtplab::cli {

/// "tcp and (host A or ...) and (port P or ...)" for `topology`; the ports come from
/// `runtime` (nullptr while the lab is not running: addresses only).
std::string lab_capture_filter(const lab::TopologySpec& topology, const lab::LabRuntime* runtime);

}  // namespace smtplab::cli
