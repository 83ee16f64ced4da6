// The faults the window can inject into a node of the running lab, by name, so the
// topology's context menu and the UI script build the same lab::Fault: node down,
// reply CODE to VERB, delayed replies, a drop during DATA, STARTTLS stripped, a modified
// body, a full mailbox of an MX, a broken DNS name. And the faults that clear what is
// active on a node.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gui/app/model/topology_activity.hpp"
#include "gui/app/model/ui_text.hpp"
#include "sim/lab/fault_by_name.hpp"
#include "sim/lab/fault_kinds.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::app {

// The names and the parser are sim/lab's (fault_by_name.hpp), shared with the terminal.
using lab::default_dns_name;
using lab::fault_names;
using lab::mailbox_addresses;
using lab::make_fault;

/// The faults that clear an active one (as lab::LabRuntime::clear takes them).
lab::Fault clearing_fault(const ActiveFault& active);

/// What an active fault does, in `language` ("answers 451 to RCPT").
std::string describe_fault(const ActiveFault& fault, Language language);

}  // namespace smtplab::app
