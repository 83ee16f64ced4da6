// Step failures (see step_status.hpp).
#include "gui/app/step_status.hpp"

namespace smtplab::app {

std::optional<std::string> step_failure(const lab::TimelineEvent& event) {
  const auto field = [&](const char* key) -> std::string {
    const auto it = event.fields.find(key);
    return it == event.fields.end() ? std::string{} : it->second;
  };
  switch (event.kind) {
    case lab::TimelineKind::Note:
      // The runtime marks a client's refused, timed-out or cut session (lab_runtime.cpp).
      if (!field("failure").empty()) return event.text;
      return std::nullopt;
    case lab::TimelineKind::Reply:
      // A peer refused: every 4xx and 5xx, the server's 421 on its own timeout included.
      if (event.code >= 400) {
        const auto first_line = event.text.substr(0, event.text.find('\n'));
        return event.node + ": " + std::to_string(event.code) + " " + first_line;
      }
      return std::nullopt;
    case lab::TimelineKind::SessionClosed:
      // The server's side of a connection that broke (its normal ends say "closed by
      // server", "closing" or "peer closed the connection").
      if (event.text.starts_with("read failed") || event.text.starts_with("write failed") ||
          event.text.starts_with("TLS handshake failed"))
        return event.node + ": " + event.text;
      return std::nullopt;
    case lab::TimelineKind::Deferred:
    case lab::TimelineKind::Bounced:
      return event.node + ": " + event.text;
    default:
      return std::nullopt;
  }
}

}  // namespace smtplab::app
