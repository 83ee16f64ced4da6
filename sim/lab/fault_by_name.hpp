// Faults by name, as a person names them (the window's topology menu, the UI script,
// `smtplab fault` in a terminal): one parser that builds the lab::Fault for a node. The
// names and their arguments are the table's (fault_kinds.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/lab/fault_kinds.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {

/// The names a person uses, in the table's order (fault_kinds.hpp's person column).
const std::vector<std::string>& fault_names();

/// Builds the fault `name` for `node` with its argument:
///   down | strip-starttls | modify-body      no argument
///   reply CODE VERB                          "451 RCPT"
///   delay [MS]                               default 1500 ms
///   drop-data [BYTES]                        octets let through first, default 0
///   fill-mailbox [ADDRESS]                   default the node's first mailbox
///   break-dns [NAME]                         default: default_dns_name(node)
/// nullopt with `error` set when the node, the name or the argument is wrong.
std::optional<Fault> make_fault(const TopologySpec& topology, const std::string& node,
                                const std::string& name, const std::string& argument,
                                std::string& error);

/// The DNS name break-dns breaks by default for a node: its first domain, else its host
/// name (its id when it has none).
std::string default_dns_name(const NodeSpec& node);

/// "name@domain" of every mailbox of a node, in the topology's order.
std::vector<std::string> mailbox_addresses(const NodeSpec& node);

}  // namespace smtplab::lab
