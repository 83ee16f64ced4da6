// The POP3 machine factory.
#include "sim/net/pop3_server.hpp"

#include "sim/protocol/pop3/pop3_server_session.hpp"

namespace smtplab::net {

MachineFactory pop3_machine_factory(protocol::pop3::Pop3ServerConfig config,
                                    protocol::pop3::Pop3ServerDelegate& delegate) {
  return [config = std::move(config),
          &delegate](MachineSetup setup) -> std::unique_ptr<protocol::ServerMachine> {
    protocol::pop3::Pop3ServerConfig session_config = config;
    session_config.stls = setup.tls_available && !setup.listener.implicit_tls;
    return std::make_unique<protocol::pop3::Pop3ServerSession>(
        std::move(session_config), delegate, std::move(setup.connection), std::move(setup.events));
  };
}

}  // namespace smtplab::net
