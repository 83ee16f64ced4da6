// POP3 over the lab's one transport: the factory that makes a Pop3ServerSession for each
// connection a MachineServer accepts (STLS offered when the server has a certificate and
// the port is not already implicit TLS, as on 995).
#pragma once

#include "sim/net/machine_server.hpp"
#include "sim/protocol/pop3/pop3_server_config.hpp"
#include "sim/protocol/pop3/pop3_server_delegate.hpp"

namespace smtplab::net {

/// A factory of POP3 sessions sharing `delegate` (which must outlive the server, and be
/// thread-safe when the server runs several I/O threads).
MachineFactory pop3_machine_factory(protocol::pop3::Pop3ServerConfig config,
                                    protocol::pop3::Pop3ServerDelegate& delegate);

}  // namespace smtplab::net
