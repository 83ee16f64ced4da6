// Which ports the lab listens on: the standard ones (25, 587, 465) when this process may
// bind ports below 1024, else a fixed, documented offset (2525, 5587, 4465). Setting
// SMTPLAB_UNPRIVILEGED_PORTS=1 asks for the offset even when the standard ports could be
// bound, so that root (a CI runner, a container) gets the ports a student's account gets.
#pragma once

#include <cstdint>

namespace smtplab::net {

/// True when this process may bind ports below 1024 (root, CAP_NET_BIND_SERVICE, or a
/// lowered net.ipv4.ip_unprivileged_port_start), and SMTPLAB_UNPRIVILEGED_PORTS is not
/// set to 1.
bool may_bind_port(std::uint16_t port);

/// `standard` (25, 587, 465) when allowed, else its lab offset (2525, 5587, 4465; any
/// other privileged port p becomes p + 10000).
std::uint16_t lab_port(std::uint16_t standard);

}  // namespace smtplab::net
