// The lab's console endpoints (see console_targets.hpp).
#include "gui/app/model/console_targets.hpp"

#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {
namespace {

// Listeners in the order a student meets them in the course.
constexpr const char* kListeners[] = {"smtp", "submission", "smtps"};

}  // namespace

std::string ConsoleEndpoint::label() const {
  return node + " " + listener + " " + address + ":" + std::to_string(port);
}

std::vector<ConsoleEndpoint> lab_endpoints(const lab::LabRuntime& lab) {
  std::vector<ConsoleEndpoint> out;
  for (const auto& node : lab.topology().nodes) {
    for (const char* listener : kListeners) {
      const std::uint16_t port = lab.port(node.id, listener);
      if (port == 0) continue;
      out.push_back({node.id, listener, node.address, port, std::string(listener) == "smtps"});
    }
  }
  return out;
}

std::vector<ConsoleSource> lab_sources(const lab::LabRuntime& lab) {
  std::vector<ConsoleSource> out;
  for (const auto& node : lab.topology().nodes) out.push_back({node.id, node.address});
  return out;
}

std::optional<ConsoleEndpoint> default_endpoint(const lab::LabRuntime& lab) {
  const auto all = lab_endpoints(lab);
  for (const auto& e : all) {
    const auto* node = lab.topology().find_node(e.node);
    if (node && node->kind == lab::NodeKind::Mx && e.listener == "smtp") return e;
  }
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::optional<ConsoleEndpoint> find_endpoint(const lab::LabRuntime& lab, const std::string& spec) {
  const auto colon = spec.find(':');
  const std::string node = spec.substr(0, colon);
  const std::string listener = colon == std::string::npos ? "" : spec.substr(colon + 1);
  std::optional<ConsoleEndpoint> first;
  for (const auto& e : lab_endpoints(lab)) {
    if (e.node != node) continue;
    if (!first) first = e;
    if (e.listener == (listener.empty() ? "smtp" : listener)) return e;
  }
  return listener.empty() ? first : std::nullopt;
}

}  // namespace smtplab::app
