// The start page's UI script action (see ui_script_welcome.hpp).
#include "gui/app/testing/ui_script_welcome.hpp"

#include <cstdlib>

#include "gui/app/model/welcome.hpp"

namespace smtplab::app {

bool is_welcome_verb(const std::string& verb) {
  return verb == "welcome";
}

ScriptStepResult run_welcome_action(AppState& state, const ScriptAction& action,
                                    const std::string& where) {
  ScriptStepResult r;
  const std::string& arg = action.argument;
  if (arg == "show") {
    state.welcome.show = true;
  } else if (arg == "close") {
    state.welcome.show = false;
  } else if (arg == "play" || arg == "console") {
    list_welcome(state);
    if (arg == "play") {
      welcome_play(state);
    } else {
      welcome_console(state);
    }
    r.until = [](AppState& s) {
      return !s.welcome.play_pending && !s.welcome.console_pending && s.live.running();
    };
    r.until_error = where + "welcome " + arg + ": the lab did not start within 600 frames";
  } else if (arg.rfind("chapter ", 0) == 0) {
    list_welcome(state);
    const int number = std::atoi(arg.c_str() + 8);
    if (number < 1 || number > static_cast<int>(state.welcome.chapters.size())) {
      r.ok = false;
      r.error = where + "welcome chapter N: no chapter '" + arg.substr(8) + "'";
      return r;
    }
    welcome_chapter(state, number);
  } else {
    r.ok = false;
    r.error = where + "welcome show|close|play|console|chapter N";
  }
  return r;
}

}  // namespace smtplab::app
