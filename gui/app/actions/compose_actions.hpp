// What the user does with the compose panel, shared by the panel and the UI test script.
#pragma once

#include <string>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// Opens the panel; the first time the lab runs, the form is prefilled from its topology.
void compose_open(AppState& state);
/// Sets one field by name (the UI script's compose-set): from-node, server, listener,
/// auth, user, password, starttls, from, to, cc, bcc, subject, body,
/// eight-bit, ret (none|full|hdrs), notify (comma list of success, failure, delay, never).
/// False when the name or the value is not understood.
bool compose_set(AppState& state, const std::string& field, const std::string& value);
/// Checks the form and sends it through the running lab (in the background); false with
/// state.compose.error set when the form is wrong or no lab runs.
bool compose_send(AppState& state);

}  // namespace smtplab::app
