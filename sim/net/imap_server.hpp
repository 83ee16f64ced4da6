// IMAP over the lab's one transport: the factory that makes an ImapSession for each
// connection a MachineServer accepts, with a store of its own (IMAP's \Recent is per
// session), STARTTLS offered when the server has a certificate and the port is not already
// implicit TLS (993). The session's IDLE asks the transport to poll it for new mail.
#pragma once

#include <functional>
#include <memory>

#include "sim/net/machine_server.hpp"
#include "sim/protocol/imap/imap_config.hpp"
#include "sim/protocol/imap/mail_store.hpp"

namespace smtplab::net {

/// Makes the mail store of one IMAP connection. Called on the connection's I/O thread.
using MailStoreFactory = std::function<std::unique_ptr<protocol::imap::MailStore>()>;

/// A factory of IMAP sessions, each over a store made by `make_store`.
MachineFactory imap_machine_factory(protocol::imap::ImapConfig config, MailStoreFactory make_store);

}  // namespace smtplab::net
