// The console's UI script actions, kept beside the main table (ui_script.cpp):
//   console-connect H:P|NODE[:LISTENER]  connect the console (a lab node by name: its bound
//                          port, TLS first on smtps); follow with wait-console
//   console-from NODE|ADDR|any  call from this lab node's address (before console-connect)
//   console-tls on|off     implicit TLS for the next console-connect to a host:port
//   console-send LINE      send LINE + CRLF (STARTTLS upgrades the session on its 220)
//   console-batch L1\nL2   send the lines (separated by the two characters \n) in one write
//   console-auth PLAIN|LOGIN USER PASSWORD  open the AUTH helper with these credentials and
//                          put its first line in the input (as the "Put in the line" button)
//   console-enter          send the input line, as Enter does
//   console-close          disconnect
//   wait-console TEXT      wait (up to 600 frames) until a transcript line after the last
//                          line sent contains TEXT, as dump-state shows it ("S: 250",
//                          "[TLS] S: 250", a status line in the window's language)
#pragma once

#include <string>

#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {

/// True for the verbs above.
bool is_console_verb(const std::string& verb);
/// Runs one console action; `where` prefixes error messages ("script line 3: ").
ScriptStepResult run_console_action(AppState& state, const ScriptAction& action,
                                    const std::string& where);

}  // namespace smtplab::app
