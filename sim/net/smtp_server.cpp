// The SMTP server: a MachineServer whose factory makes a ServerSession per connection,
// configured from the listener (STARTTLS when the server has a certificate and the port
// is not implicit TLS; AUTH required on submission).
#include "sim/net/smtp_server.hpp"

#include "sim/protocol/server_session.hpp"

namespace smtplab::net {

SmtpServer::SmtpServer(ServerOptions options, protocol::ServerDelegate& delegate) {
  const protocol::ServerConfig smtp = options.smtp;
  auto factory = [smtp, &delegate](MachineSetup setup) -> std::unique_ptr<protocol::ServerMachine> {
    protocol::ServerConfig config = smtp;
    config.starttls = setup.tls_available && !setup.listener.implicit_tls;
    config.auth_required = config.auth_required || setup.listener.auth_required;
    return std::make_unique<protocol::ServerSession>(
        std::move(config), delegate, std::move(setup.connection), std::move(setup.events));
  };
  server_ = std::make_unique<MachineServer>(static_cast<TransportOptions&&>(std::move(options)),
                                            std::move(factory));
  // The callbacks are set after construction by the owner: forward through this object.
  server_->on_event = [this](const SessionEvent& e) {
    if (on_event) on_event(e);
  };
  server_->on_connection = [this](const ConnectionEvent& c) {
    if (on_connection) on_connection(c);
  };
}

SmtpServer::~SmtpServer() = default;

std::vector<std::uint16_t> SmtpServer::start() {
  return server_->start();
}

void SmtpServer::run() {
  server_->run();
}

void SmtpServer::stop() {
  server_->stop();
}

void SmtpServer::stop_on_signals() {
  server_->stop_on_signals();
}

}  // namespace smtplab::net
