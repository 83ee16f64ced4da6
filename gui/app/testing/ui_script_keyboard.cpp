// The keyboard's UI script actions (see ui_script_keyboard.hpp).
#include "gui/app/testing/ui_script_keyboard.hpp"

#include <GLFW/glfw3.h>

#include <array>
#include <string_view>
#include <utility>

namespace smtplab::app {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 15> kNamedKeys{{
    {"down", GLFW_KEY_DOWN},
    {"up", GLFW_KEY_UP},
    {"left", GLFW_KEY_LEFT},
    {"right", GLFW_KEY_RIGHT},
    {"enter", GLFW_KEY_ENTER},
    {"escape", GLFW_KEY_ESCAPE},
    {"backspace", GLFW_KEY_BACKSPACE},
    {"tab", GLFW_KEY_TAB},
    {"pagedown", GLFW_KEY_PAGE_DOWN},
    {"pageup", GLFW_KEY_PAGE_UP},
    {"home", GLFW_KEY_HOME},
    {"end", GLFW_KEY_END},
    {"space", GLFW_KEY_SPACE},
    {"delete", GLFW_KEY_DELETE},
    {"f11", GLFW_KEY_F11},
}};

}  // namespace

std::optional<ScriptedKey> parse_key_name(const std::string& name) {
  ScriptedKey key;
  std::string_view rest = name;
  for (;;) {
    if (rest.rfind("ctrl+", 0) == 0) {
      key.mods |= GLFW_MOD_CONTROL;
      rest.remove_prefix(5);
    } else if (rest.rfind("shift+", 0) == 0) {
      key.mods |= GLFW_MOD_SHIFT;
      rest.remove_prefix(6);
    } else {
      break;
    }
  }
  if (rest.size() == 1 && rest[0] >= 'a' && rest[0] <= 'z') {
    key.key = GLFW_KEY_A + (rest[0] - 'a');  // GLFW's letter codes are upper-case ASCII
    return key;
  }
  for (const auto& [spelling, code] : kNamedKeys) {
    if (rest == spelling) {
      key.key = code;
      return key;
    }
  }
  return std::nullopt;
}

bool is_keyboard_verb(const std::string& verb) {
  return verb == "key" || verb == "type";
}

ScriptStepResult run_keyboard_action(AppState& state, const ScriptAction& action,
                                     const std::string& where) {
  ScriptStepResult r;
  if (action.verb == "key") {
    const auto key = parse_key_name(action.argument);
    if (!key) {
      r.ok = false;
      r.error = where + "key: unknown key '" + action.argument + "'";
      return r;
    }
    state.scripted_input.pending.push_back(*key);
  } else {
    state.scripted_input.text += script_newlines(action.argument);
  }
  r.until = [](AppState& s) { return s.scripted_input.idle(); };
  r.until_error = where + action.verb + ": the window did not take the input";
  return r;
}

}  // namespace smtplab::app
