// A lab's capture filter (see lab_capture_filter.hpp).
#include "gui/cli/lab_capture_filter.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "capture/bpf_filter.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::cli {

std::string lab_capture_filter(const lab::TopologySpec& topology, const lab::LabRuntime* runtime) {
  std::vector<std::string> hosts;
  std::vector<std::uint16_t> ports;
  for (const auto& node : topology.nodes) {
    if (!node.address.empty()) hosts.push_back(node.address);
    if (!runtime) continue;
    for (const char* listener : {"smtp", "submission", "smtps"}) {
      const std::uint16_t port = runtime->port(node.id, listener);
      if (port != 0 && std::find(ports.begin(), ports.end(), port) == ports.end())
        ports.push_back(port);
    }
  }
  return capture::build_bpf_filter(hosts, ports);
}

}  // namespace smtplab::cli
