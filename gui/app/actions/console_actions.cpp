// The console's actions (see console_actions.hpp).
#include "gui/app/actions/console_actions.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "gui/app/model/console_targets.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/protocol/sasl.hpp"

namespace smtplab::app {
namespace {

void status_line(AppState& state, Text status, std::string argument) {
  ConsoleLine line;
  line.kind = ConsoleLine::Kind::Status;
  line.status = status;
  line.text = std::move(argument);
  state.console.lines.push_back(std::move(line));
  state.console.scroll_to_bottom = true;
}

void record_sent(AppState& state, const std::string& line) {
  ConsoleState& console = state.console;
  console.sent_mark = console.lines.size();
  ConsoleLine entry;
  entry.kind = ConsoleLine::Kind::Sent;
  entry.text = line;
  entry.secure = console.connection && console.connection->secure();
  console.lines.push_back(std::move(entry));
  console.history.push_back(line);
  console.history_pos = -1;
  console.scroll_to_bottom = true;
}

bool connected(const AppState& state) {
  return state.console.connection &&
         state.console.connection->status() == ConsoleConnection::Status::Connected;
}

}  // namespace

bool console_connect(AppState& state, const std::string& target) {
  ConsoleState& console = state.console;
  ConsoleTarget to;
  to.source_address = console.source_address;
  to.implicit_tls = console.implicit_tls;
  const lab::LabRuntime* lab = state.live.runtime();
  if (const auto endpoint = lab ? find_endpoint(*lab, target) : std::nullopt) {
    to.host = endpoint->address;
    to.port = endpoint->port;
    to.implicit_tls = endpoint->implicit_tls;
    console.implicit_tls = endpoint->implicit_tls;
  } else {
    const auto colon = target.rfind(':');
    to.host = target.substr(0, colon);
    int port = 25;
    if (colon != std::string::npos) port = std::atoi(target.c_str() + colon + 1);
    if (to.host.size() > 2 && to.host.front() == '[' && to.host.back() == ']')
      to.host = to.host.substr(1, to.host.size() - 2);
    if (port <= 0 || port > 65535 || to.host.empty()) {
      status_line(state, Text::ConsoleBadAddress, target);
      return false;
    }
    to.port = static_cast<std::uint16_t>(port);
  }
  console.host_port = to.label();
  console.sent_mark = console.lines.size();  // the greeting counts as the answer to connecting
  console.connection.reset();                // joins the previous connection's thread, if any
  console.connection = std::make_shared<ConsoleConnection>(std::move(to), state.queue);
  return true;
}

bool console_set_source(AppState& state, const std::string& node_or_address) {
  if (node_or_address.empty() || node_or_address == "any") {
    state.console.source_address.clear();
    return true;
  }
  if (const lab::LabRuntime* lab = state.live.runtime()) {
    for (const auto& source : lab_sources(*lab)) {
      if (source.node == node_or_address || source.address == node_or_address) {
        state.console.source_address = source.address;
        return true;
      }
    }
  }
  // Not a lab node: any literal address is tried as is (the connect says if it fails).
  if (node_or_address.find_first_not_of("0123456789.:abcdefABCDEF") == std::string::npos) {
    state.console.source_address = node_or_address;
    return true;
  }
  return false;
}

bool console_send(AppState& state, const std::string& line) {
  if (!connected(state) || !state.console.connection->send_lines({line})) return false;
  record_sent(state, line);
  return true;
}

bool console_send_batch(AppState& state, const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty() || !connected(state) || !state.console.connection->send_lines(lines)) {
    return false;
  }
  for (const auto& line : lines) record_sent(state, line);
  return true;
}

std::vector<std::string> console_auth_lines(int mechanism, const std::string& user,
                                            const std::string& password) {
  if (mechanism == 0) return {"AUTH PLAIN " + protocol::encode_sasl_plain(user, password)};
  return {"AUTH LOGIN", protocol::encode_sasl_text(user), protocol::encode_sasl_text(password)};
}

std::string console_line_text(const AppState& state, const ConsoleLine& line) {
  std::string text = line.text;
  if (line.kind == ConsoleLine::Kind::Status && line.status != Text::Count) {
    char rendered[512];
    std::snprintf(rendered, sizeof rendered, state.t(line.status), line.text.c_str());
    text = rendered;
  }
  const char* prefix = line.kind == ConsoleLine::Kind::Sent       ? "C: "
                       : line.kind == ConsoleLine::Kind::Received ? "S: "
                                                                  : "-- ";
  return (line.secure ? "[TLS] " : "") + std::string(prefix) + text;
}

void console_follow_lab(AppState& state) {
  ConsoleState& console = state.console;
  if (!console.host_port.empty()) return;
  const lab::LabRuntime* lab = state.live.runtime();
  if (!lab) return;
  if (const auto endpoint = default_endpoint(*lab)) {
    console.host_port = endpoint->address + ":" + std::to_string(endpoint->port);
    console.implicit_tls = endpoint->implicit_tls;
  }
}

}  // namespace smtplab::app
