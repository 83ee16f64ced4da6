// The faults the window can inject into a node of the running lab, by name, so the
// topology's context menu and the UI script build the same lab::Fault: node down,
// reply CODE to VERB, delayed replies, a drop during DATA, STARTTLS stripped, a modified
// body, a full mailbox of an MX, a broken DNS name. And the faults that clear what is
// active on a node.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gui/app/topology_activity.hpp"
#include "gui/app/ui_text.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::app {

/// The script's fault names, in the context menu's order:
/// down, reply, delay, drop-data, strip-starttls, modify-body, fill-mailbox, break-dns.
const std::vector<std::string>& fault_names();

/// Builds the fault `name` for `node` with its argument:
///   down | strip-starttls | modify-body      no argument
///   reply CODE VERB                          "451 RCPT"
///   delay [MS]                               default 1500 ms
///   drop-data [BYTES]                        octets let through first, default 0
///   fill-mailbox [ADDRESS]                   default the node's first mailbox
///   break-dns [NAME]                         default: default_dns_name(node)
/// nullopt with `error` set when the node, the name or the argument is wrong.
std::optional<lab::Fault> make_fault(const lab::TopologySpec& topology, const std::string& node,
                                     const std::string& name, const std::string& argument,
                                     std::string& error);

/// The faults that clear an active one (as lab::LabRuntime::clear takes them).
lab::Fault clearing_fault(const ActiveFault& active);

/// What an active fault does, in `language` ("answers 451 to RCPT").
std::string describe_fault(const ActiveFault& fault, Language language);

/// The DNS name break-dns breaks by default for a node: its first domain, else its host
/// name (its id when it has none).
std::string default_dns_name(const lab::NodeSpec& node);

/// "name@domain" of every mailbox of a node, in the topology's order.
std::vector<std::string> mailbox_addresses(const lab::NodeSpec& node);

}  // namespace smtplab::app
