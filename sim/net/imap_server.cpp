// The IMAP machine factory: each connection's machine owns its store.
#include "sim/net/imap_server.hpp"

#include "sim/protocol/imap/imap_session.hpp"

namespace smtplab::net {
namespace {

// An ImapSession with the store it reads (the session only holds a reference to it).
class ImapConnectionMachine final : public protocol::ServerMachine {
 public:
  ImapConnectionMachine(protocol::imap::ImapConfig config,
                        std::unique_ptr<protocol::imap::MailStore> store, MachineSetup setup)
      : store_(std::move(store)),
        session_(std::move(config), *store_, std::move(setup.connection), std::move(setup.events)) {
  }

  protocol::ServerOutput start() override { return session_.start(); }
  protocol::ServerOutput receive(std::string_view bytes) override {
    return session_.receive(bytes);
  }
  protocol::ServerOutput tls_established() override { return session_.tls_established(); }
  protocol::ServerOutput idle_timeout() override { return session_.idle_timeout(); }
  protocol::ServerOutput shutdown() override { return session_.shutdown(); }
  bool closed() const override { return session_.closed(); }
  std::chrono::milliseconds poll_interval() const override { return session_.poll_interval(); }
  protocol::ServerOutput poll() override { return session_.poll(); }

 private:
  std::unique_ptr<protocol::imap::MailStore> store_;  // declared first: outlives the session
  protocol::imap::ImapSession session_;
};

}  // namespace

MachineFactory imap_machine_factory(protocol::imap::ImapConfig config,
                                    MailStoreFactory make_store) {
  return [config = std::move(config), make_store = std::move(make_store)](
             MachineSetup setup) -> std::unique_ptr<protocol::ServerMachine> {
    protocol::imap::ImapConfig session_config = config;
    session_config.starttls = setup.tls_available && !setup.listener.implicit_tls;
    return std::make_unique<ImapConnectionMachine>(std::move(session_config), make_store(),
                                                   std::move(setup));
  };
}

}  // namespace smtplab::net
