// An SMTP server over real TCP (and TLS): the lab's one transport (machine_server.hpp)
// running one ServerSession per connection. The SMTP logic stays in sim/protocol; this
// class only says how each connection's session is configured.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/net/machine_server.hpp"
#include "sim/protocol/server_config.hpp"
#include "sim/protocol/server_delegate.hpp"

namespace smtplab::net {

struct ServerOptions : TransportOptions {
  ServerOptions() { listeners = {Listener{}}; }  ///< one SMTP listener on 127.0.0.1:2525
  protocol::ServerConfig smtp;                   ///< STARTTLS is offered when `tls` is set
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

  /// Binds every listener; returns the bound ports in listener order (see MachineServer).
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
  std::unique_ptr<MachineServer> server_;
};

}  // namespace smtplab::net
