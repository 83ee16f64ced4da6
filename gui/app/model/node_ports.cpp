// Ports as bound (see node_ports.hpp).
#include "gui/app/model/node_ports.hpp"

#include "gui/app/model/console_targets.hpp"
#include "sim/net/ports.hpp"

namespace smtplab::app {
namespace {

/// The listeners a server node may have and their standard ports (RFC 5321, 6409, 8314).
struct Listener {
  const char* name;
  std::uint16_t standard;
};
constexpr Listener kListeners[] = {{"smtp", 25}, {"submission", 587}, {"smtps", 465}};

}  // namespace

std::string node_ports_text(const lab::NodeSpec& node, const lab::LabRuntime* running) {
  if (node.kind == lab::NodeKind::Mua) return "—";
  std::string out;
  const auto add = [&out](std::uint16_t port) {
    out += (out.empty() ? "" : ", ") + std::to_string(port);
  };
  if (running) {
    // The console's list of what the lab bound: the same ports the console connects to.
    for (const auto& endpoint : lab_endpoints(*running)) {
      if (endpoint.node == node.id) add(endpoint.port);
    }
    if (!out.empty()) return out;
  }
  // What the lab will bind (sim/lab/lab_runtime.cpp): an MSA listens for smtp, submission
  // and (with TLS) smtps, every other server for smtp; a configured port wins.
  for (const auto& listener : kListeners) {
    const std::string name = listener.name;
    if (node.kind != lab::NodeKind::Msa && name != "smtp") continue;
    if (name == "smtps" && !node.tls) continue;
    const auto configured = node.ports.find(name);
    add(configured != node.ports.end() && configured->second != 0
            ? configured->second
            : net::lab_port(listener.standard));
  }
  return out;
}

}  // namespace smtplab::app
