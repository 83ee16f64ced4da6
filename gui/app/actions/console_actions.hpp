// What the user does with the console, shared by its panel and the UI test script: pick
// a lab server and a source address, connect (clear or implicit TLS), send a line or a
// batch in one write, and prepare AUTH lines. STARTTLS needs no action of its own: the
// user types it, and the connection upgrades when the server answers 220.
#pragma once

#include <string>
#include <vector>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// Connects to "host:port", or to a lab node "NODE[:LISTENER]" (its bound port, and TLS
/// first on smtps), from the console's source address; false (and a line in the
/// transcript) when it names neither.
bool console_connect(AppState& state, const std::string& target);
/// Sets the address to call from: a lab node's id or address; "" or "any" = any local
/// address. False when it names neither.
bool console_set_source(AppState& state, const std::string& node_or_address);
/// Sends one line (CRLF added); false when not connected.
bool console_send(AppState& state, const std::string& line);
/// Sends every line (each + CRLF) in one write, as a pipelining client does; empty
/// lines at the end are dropped. False when not connected or nothing to send.
bool console_send_batch(AppState& state, const std::string& text);
/// The lines an AUTH exchange sends for these credentials: PLAIN (mechanism 0) is one
/// line with the initial response; LOGIN (1) is "AUTH LOGIN", the user, the password.
std::vector<std::string> console_auth_lines(int mechanism, const std::string& user,
                                            const std::string& password);
/// A transcript line as the state dump and the script's waits read it: "[TLS] " when it
/// travelled inside TLS, then "C: ", "S: " or "-- " and the text (status lines rendered in
/// the window's language).
std::string console_line_text(const AppState& state, const ConsoleLine& line);
/// Fills in the console's default target when the lab runs and nothing was chosen.
void console_follow_lab(AppState& state);

}  // namespace smtplab::app
