// A server over real TCP (and TLS) for any sans-I/O protocol machine: Asio listeners that
// make one protocol::ServerMachine per connection (through a factory) and move its bytes.
// SMTP (smtp_server.hpp), POP3 and, later, IMAP all use it, so the lab has one socket
// stack: loopback-only unless allowed, implicit TLS, in-band TLS upgrades (STARTTLS, STLS),
// idle timeouts, the failed-login delay, the lab's step gate and pause.
// Asio stays out of this header (it is costly to compile): the server is a pimpl.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/net/tls_identity.hpp"
#include "sim/protocol/events.hpp"
#include "sim/protocol/server_delegate.hpp"
#include "sim/protocol/server_machine.hpp"

namespace smtplab::net {

/// One listening socket.
struct Listener {
  std::string address = "127.0.0.1";  ///< loopback unless the options allow more
  std::uint16_t port = 2525;          ///< 0 = any free port (see MachineServer::start)
  bool implicit_tls = false;          ///< TLS from the first byte (465, 995; RFC 8314)
  bool auth_required = false;         ///< SMTP submission (RFC 6409 §4.3): MAIL needs AUTH
  std::string name = "smtp";          ///< shown in logs ("smtp", "submission", "pop3s")
};

/// What the transport does, whatever the protocol.
struct TransportOptions {
  std::vector<Listener> listeners;
  std::optional<TlsIdentity> tls;  ///< certificate for implicit TLS and in-band upgrades
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};  ///< per read
  bool allow_non_loopback = false;  ///< must be set to bind outside 127.0.0.0/8 and ::1
  unsigned threads = 1;             ///< I/O threads; > 1 needs thread-safe machines' delegates
  /// Called on the I/O thread before each batch of replies is written (the lab's step
  /// gate); returning false closes the connection instead. Empty = write at once.
  std::function<bool()> before_write;
  /// While it returns true, the idle timeout does not count (the lab is paused: its step
  /// gate holds an exchange). Empty = the timeout always counts.
  std::function<bool()> timers_frozen;
};

/// A connection opening or closing.
struct ConnectionEvent {
  std::uint64_t session = 0;  ///< 1, 2, 3... in order of acceptance
  bool opened = true;         ///< false when closed
  std::string listener;       ///< Listener::name
  std::string client;         ///< "127.0.0.1:40312" ("[::1]:40312" for IPv6)
  std::string server;         ///< "127.0.0.1:2525"
  std::string reason;         ///< why it closed ("closed by server", "peer closed", ...)
};

/// An event of one session's machine, tagged with the session.
struct SessionEvent {
  std::uint64_t session = 0;
  protocol::ProtocolEvent event;
};

/// What a factory knows when it makes the machine of a new connection.
struct MachineSetup {
  const Listener& listener;             ///< the listener that accepted it
  protocol::ConnectionInfo connection;  ///< addresses; tls is true on an implicit-TLS port
  bool tls_available = false;           ///< the server has a certificate (offer STARTTLS/STLS)
  protocol::EventSink events;           ///< the machine's events go here (tagged, forwarded)
};

/// Makes the machine of one connection. Called on the connection's I/O thread.
using MachineFactory = std::function<std::unique_ptr<protocol::ServerMachine>(MachineSetup)>;

class MachineServer {
 public:
  MachineServer(TransportOptions options, MachineFactory factory);
  ~MachineServer();
  MachineServer(const MachineServer&) = delete;
  MachineServer& operator=(const MachineServer&) = delete;

  /// Binds every listener; returns the bound ports in listener order. Throws
  /// std::runtime_error with a readable message (address not loopback, port in use,
  /// permission denied for ports below 1024, implicit TLS without a certificate).
  std::vector<std::uint16_t> start();
  /// Serves until stop() (or SIGINT/SIGTERM when stop_on_signals() was called).
  void run();
  /// Thread-safe: every open session gets its machine's goodbye and is closed; run() then
  /// returns.
  void stop();
  /// Makes SIGINT and SIGTERM call stop().
  void stop_on_signals();

  std::function<void(const SessionEvent&)> on_event;          ///< every protocol event
  std::function<void(const ConnectionEvent&)> on_connection;  ///< opens and closes

 private:
  friend class MachineConnection;  // the per-connection half of the implementation
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_address(const std::string& address);

}  // namespace smtplab::net
