// The console's UI script actions (see ui_script_console.hpp).
#include "gui/app/testing/ui_script_console.hpp"

#include <cstdio>
#include <set>
#include <sstream>

#include "gui/app/actions/console_actions.hpp"
#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {
namespace {

const std::set<std::string> kConsoleVerbs = {"console-connect", "console-from",  "console-tls",
                                             "console-send",    "console-batch", "console-auth",
                                             "console-enter",   "console-close", "wait-console"};

}  // namespace

bool is_console_verb(const std::string& verb) {
  return kConsoleVerbs.count(verb) > 0;
}

ScriptStepResult run_console_action(AppState& state, const ScriptAction& action,
                                    const std::string& where) {
  ScriptStepResult r;
  const auto fail = [&](const std::string& why) {
    r.ok = false;
    r.error = where + action.verb + ": " + why;
    return r;
  };
  const std::string& arg = action.argument;
  if (action.verb == "console-connect") {
    if (!console_connect(state, arg))
      return fail("HOST:PORT or NODE[:LISTENER], got '" + arg + "'");
  } else if (action.verb == "console-from") {
    if (!console_set_source(state, arg)) return fail("no lab node or address '" + arg + "'");
  } else if (action.verb == "console-tls") {
    if (arg != "on" && arg != "off") return fail("on|off");
    state.console.implicit_tls = arg == "on";
  } else if (action.verb == "console-send") {
    if (!console_send(state, arg)) return fail("the console is not connected");
  } else if (action.verb == "console-batch") {
    if (!console_send_batch(state, script_newlines(arg))) {
      return fail("the console is not connected, or the batch is empty");
    }
  } else if (action.verb == "console-auth") {
    std::istringstream in(arg);
    std::string mechanism, user, password;
    in >> mechanism >> user >> password;
    if ((mechanism != "PLAIN" && mechanism != "LOGIN") || user.empty()) {
      return fail("PLAIN|LOGIN USER PASSWORD");
    }
    ConsoleState& console = state.console;
    console.show_auth = true;
    console.auth_mechanism = mechanism == "PLAIN" ? 0 : 1;
    console.auth_user = user;
    console.auth_password = password;
    console.input = console_auth_lines(console.auth_mechanism, user, password).front();
  } else if (action.verb == "console-enter") {
    if (!console_send(state, state.console.input)) return fail("the console is not connected");
    state.console.input.clear();
  } else if (action.verb == "console-close") {
    if (state.console.connection) state.console.connection->close();
  } else if (action.verb == "wait-console") {
    r.until = [text = arg](AppState& s) {
      const auto& lines = s.console.lines;
      for (std::size_t i = s.console.sent_mark; i < lines.size(); ++i) {
        if (console_line_text(s, lines[i]).find(text) != std::string::npos) return true;
      }
      return false;
    };
    r.until_error = where + "wait-console: no console line with '" + arg + "' after 600 frames";
  }
  return r;
}

}  // namespace smtplab::app
