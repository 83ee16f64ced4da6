// The start page's UI script action, kept beside the main table (ui_script.cpp):
//   welcome show|close|play|console|chapter N   show or close the start page, or press one
//                          of its buttons (play and console wait until the lab runs)
#pragma once

#include <string>

#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {

/// True for "welcome".
bool is_welcome_verb(const std::string& verb);
/// Runs it; `where` prefixes error messages.
ScriptStepResult run_welcome_action(AppState& state, const ScriptAction& action,
                                    const std::string& where);

}  // namespace smtplab::app
