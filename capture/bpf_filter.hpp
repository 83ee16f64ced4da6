// Builds the BPF filter expression a live capture uses from the addresses and ports the
// lab knows about (the topology's nodes, or `smtplab capture --host/--port`), so the
// kernel hands over only the SMTP traffic of interest.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smtplab::capture {

/// "tcp and (host A or host B) and (port P or port Q)"; either list may be empty (then
/// that clause is left out; both empty gives "tcp").
std::string build_bpf_filter(const std::vector<std::string>& hosts,
                             const std::vector<std::uint16_t>& ports);

}  // namespace smtplab::capture
