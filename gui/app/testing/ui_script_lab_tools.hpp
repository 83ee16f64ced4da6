// The lab's tools a student reaches from the window, as UI script actions kept beside the
// main table (ui_script.cpp):
//   advance-clock DURATION   Lab > Advance the lab's clock: 90s, 2m, 1h, 6d (needs a
//                            running lab), as `smtplab clock DURATION` does in a terminal
//   dns-query NAME TYPE      types NAME and TYPE (MX, A, AAAA, TXT, PTR) into the DNS lookup
//                            of the topology view (it shows no node, as a student clicking
//                            the selected node again sees) and presses "Ask"
//   postconf NODE LINE       selects NODE and adds LINE ("name = value") at the end of its
//                            main.cf in the main.cf tab, which the node reads again at once,
//                            as `echo LINE >> lab-state/etc/NODE/main.cf` does for `smtplab serve`
#pragma once

#include <string>

#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {

/// True for advance-clock, dns-query and postconf.
bool is_lab_tool_verb(const std::string& verb);
/// Runs one; `where` prefixes error messages.
ScriptStepResult run_lab_tool_action(AppState& state, const ScriptAction& action,
                                     const std::string& where);

}  // namespace smtplab::app
