// The lab's tools a student reaches from the window, as UI script actions kept beside the
// main table (ui_script.cpp):
//   advance-clock DURATION   Lab > Advance the lab's clock: 90s, 2m, 1h, 6d (needs a
//                            running lab), as `smtplab clock DURATION` does in a terminal
//   dns-query NAME TYPE      types NAME and TYPE (MX, A, AAAA, TXT, PTR) into the DNS lookup
//                            of the topology view (it shows no node, as a student clicking
//                            the selected node again sees) and presses "Ask"
#pragma once

#include <string>

#include "gui/app/ui_script.hpp"

namespace smtplab::app {

/// True for advance-clock and dns-query.
bool is_lab_tool_verb(const std::string& verb);
/// Runs one; `where` prefixes error messages.
ScriptStepResult run_lab_tool_action(AppState& state, const ScriptAction& action,
                                     const std::string& where);

}  // namespace smtplab::app
