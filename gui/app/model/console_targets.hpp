// What the console can connect to and call from, read off the running lab: every
// listener of every server node with the port actually bound (25 or 2525, ...), and every
// node's own loopback address as a source (so "the console of pirate.example" exists).
// Pure over the runtime's topology and bound ports; no ImGui.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smtplab::lab {
class LabRuntime;
}

namespace smtplab::app {

/// One listener of a lab node.
struct ConsoleEndpoint {
  std::string node;      ///< "mx.menara.ma"
  std::string listener;  ///< "smtp", "submission", "smtps"
  std::string address;   ///< "127.0.2.20"
  std::uint16_t port = 0;
  bool implicit_tls = false;  ///< smtps: TLS from the first byte (RFC 8314)
  /// "mx.menara.ma smtp 127.0.2.20:2525".
  std::string label() const;
};

/// A lab node's address, to call from.
struct ConsoleSource {
  std::string node;
  std::string address;
};

/// Every bound listener of the lab's server nodes, in topology order.
std::vector<ConsoleEndpoint> lab_endpoints(const lab::LabRuntime& lab);
/// Every node's address (MUAs and outside hosts included), in topology order.
std::vector<ConsoleSource> lab_sources(const lab::LabRuntime& lab);
/// The console's default: the first destination (MX) node's SMTP port, else the first
/// listener (a lab node that listens, never a port that refuses).
std::optional<ConsoleEndpoint> default_endpoint(const lab::LabRuntime& lab);
/// "NODE" or "NODE:LISTENER" (default listener "smtp", else the node's first) when NODE
/// is a lab node; nullopt otherwise.
std::optional<ConsoleEndpoint> find_endpoint(const lab::LabRuntime& lab, const std::string& spec);

}  // namespace smtplab::app
