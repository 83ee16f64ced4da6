// An SMTP server over real TCP (and TLS): Asio listeners that run one ServerSession per
// connection and move its bytes. The SMTP logic stays in sim/protocol; this file's
// implementation only reads, writes, times out and switches to TLS when told to.
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
#include "sim/protocol/server_config.hpp"
#include "sim/protocol/server_delegate.hpp"

namespace smtplab::net {

/// One listening socket.
struct Listener {
  std::string address = "127.0.0.1";  ///< loopback unless ServerOptions allows more
  std::uint16_t port = 2525;          ///< 0 = any free port (see SmtpServer::start)
  bool implicit_tls = false;          ///< TLS from the first byte (port 465, RFC 8314)
  bool auth_required = false;         ///< submission (RFC 6409 §4.3): MAIL needs AUTH first
  std::string name = "smtp";          ///< shown in logs ("smtp", "submission", "smtps")
};

struct ServerOptions {
  std::vector<Listener> listeners{Listener{}};
  protocol::ServerConfig smtp;     ///< STARTTLS is offered when `tls` is set
  std::optional<TlsIdentity> tls;  ///< certificate for STARTTLS and implicit TLS
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};  ///< RFC 5321 §4.5.3.2.7
  bool allow_non_loopback = false;  ///< must be set to bind outside 127.0.0.0/8 and ::1
  unsigned threads = 1;             ///< I/O threads; > 1 needs a thread-safe delegate
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
  std::string reason;         ///< why it closed ("QUIT", "peer closed", "timeout", ...)
};

/// An event of one session's machine, tagged with the session.
struct SessionEvent {
  std::uint64_t session = 0;
  protocol::ProtocolEvent event;
};

class SmtpServer {
 public:
  /// The delegate is shared by every session. With ServerOptions::threads == 1 all calls
  /// to it happen on the thread that runs run(), one at a time; with more threads, calls
  /// from different sessions may overlap, so the delegate must be thread-safe.
  SmtpServer(ServerOptions options, protocol::ServerDelegate& delegate);
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  /// Binds every listener; returns the bound ports in listener order. Throws
  /// std::runtime_error with a readable message (address not loopback, port in use,
  /// permission denied for ports below 1024).
  std::vector<std::uint16_t> start();
  /// Serves until stop() (or SIGINT/SIGTERM when stop_on_signals() was called).
  void run();
  /// Thread-safe: every open session gets 421 and is closed; run() then returns.
  void stop();
  /// Makes SIGINT and SIGTERM call stop().
  void stop_on_signals();

  std::function<void(const SessionEvent&)> on_event;          ///< every protocol event
  std::function<void(const ConnectionEvent&)> on_connection;  ///< opens and closes

 private:
  friend class Connection;  // the per-connection half of the implementation
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_address(const std::string& address);

}  // namespace smtplab::net
