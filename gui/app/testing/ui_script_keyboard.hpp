// The keyboard's UI script actions, kept beside the main table (ui_script.cpp). They press
// keys as a person does (through GLFW's callbacks, see scripted_input.hpp), so a test of a
// keyboard-driven view uses the view's own key handling, not a shortcut around it:
//   key NAME               press and release one key, with modifiers: "ctrl+o", "down",
//                          "up", "enter", "escape", "backspace", "tab", "pagedown",
//                          "pageup", "home", "end", "left", "right", "space", "f11", a letter
//   type TEXT              type TEXT (UTF-8) into whatever has the keyboard focus
#pragma once

#include <optional>
#include <string>

#include "gui/app/testing/scripted_input.hpp"
#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {

/// True for "key" and "type".
bool is_keyboard_verb(const std::string& verb);
/// Runs it (waits until the key was pressed and released); `where` prefixes errors.
ScriptStepResult run_keyboard_action(AppState& state, const ScriptAction& action,
                                     const std::string& where);
/// "ctrl+o" → GLFW_KEY_O with GLFW_MOD_CONTROL; nullopt for an unknown name.
std::optional<ScriptedKey> parse_key_name(const std::string& name);

}  // namespace smtplab::app
