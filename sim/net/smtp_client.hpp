// Sends messages over a real SMTP connection: runs a ClientSession over the program's one
// transport (net::StreamConnection: TCP, and TLS after STARTTLS or from the start on an
// implicit-TLS port), from a chosen local address so that each lab node shows up as its
// own host in captures. Blocking, on the calling thread, with a timeout on every step
// (RFC 5321 §4.5.3.2) that stands still while the lab is paused.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/protocol/client_session.hpp"
#include "sim/protocol/events.hpp"

namespace smtplab::net {

struct ClientTarget {
  std::string address;  ///< server IP address ("127.0.2.20")
  std::uint16_t port = 25;
  bool implicit_tls = false;   ///< TLS before SMTP (port 465)
  std::string source_address;  ///< local address to bind (empty = any)
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  ///< per connect/read/write
  /// Called before each batch of commands is written (the lab's step gate); false ends
  /// the session. Empty = write at once.
  std::function<bool()> before_write;
  std::function<bool()> timers_frozen;  ///< while true, timeouts do not count (the lab is paused)
};

/// The connection's 4-tuple once connected (or why it failed).
struct ClientConnectionInfo {
  bool connected = false;
  std::string client;  ///< "127.0.1.20:43122"
  std::string server;  ///< "127.0.2.20:25"
  std::string error;   ///< when not connected, or when the connection broke
  /// What broke, as a stable name a window can say in its own language: "refused",
  /// "timed_out", "closed_by_peer", "tls_failed", "bind_failed", "bad_address",
  /// "lab_stopped" or "other"; empty when nothing did.
  std::string failure;
};

/// Runs one SMTP session that sends `messages`; returns the per-recipient results. A
/// connection failure gives every recipient a transient 421 result (so it is retried).
std::vector<protocol::MessageResult> send_messages(
    const ClientTarget& target, const protocol::ClientConfig& config,
    std::vector<protocol::OutgoingMessage> messages, const protocol::EventSink& events = {},
    const std::function<void(const ClientConnectionInfo&)>& on_connected = {});

}  // namespace smtplab::net
