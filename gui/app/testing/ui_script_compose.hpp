// The compose panel's UI script actions, kept beside the main table (ui_script.cpp):
//   compose-open           open the compose panel (prefilled from the running lab)
//   compose-set FIELD VAL  set a field (see compose_actions.hpp: to, cc, bcc, subject,
//                          body with \n for new lines, listener, auth on|off, ret, notify…)
//   compose-attach FILE    attach a file
//   compose-send           press Send; waits (up to 600 frames) until the lab answered
//                          (a form the panel refuses fails the script)
#pragma once

#include "gui/app/testing/ui_script_console.hpp"

namespace smtplab::app {

/// True for the verbs above.
bool is_compose_verb(const std::string& verb);
/// Runs one compose action; `where` prefixes error messages.
ScriptStepResult run_compose_action(AppState& state, const ScriptAction& action,
                                    const std::string& where);

}  // namespace smtplab::app
