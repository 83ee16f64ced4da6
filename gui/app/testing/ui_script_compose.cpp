// The compose panel's UI script actions (see ui_script_compose.hpp).
#include "gui/app/testing/ui_script_compose.hpp"

#include <cstdio>
#include <set>

#include "gui/app/actions/compose_actions.hpp"
#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {
namespace {

const std::set<std::string> kComposeVerbs = {"compose-open", "compose-set", "compose-attach",
                                             "compose-send"};

}  // namespace

bool is_compose_verb(const std::string& verb) {
  return kComposeVerbs.count(verb) > 0;
}

ScriptStepResult run_compose_action(AppState& state, const ScriptAction& action,
                                    const std::string& where) {
  ScriptStepResult r;
  const auto fail = [&](const std::string& why) {
    r.ok = false;
    r.error = where + action.verb + ": " + why;
    return r;
  };
  if (action.verb == "compose-open") {
    if (!state.live.runtime()) return fail("start-lab first");
    compose_open(state);
  } else if (action.verb == "compose-set") {
    const auto space = action.argument.find(' ');
    const std::string field = action.argument.substr(0, space);
    const std::string value =
        script_newlines(space == std::string::npos ? "" : action.argument.substr(space + 1));
    if (!compose_set(state, field, value))
      return fail("cannot set '" + field + "' to '" + value + "'");
  } else if (action.verb == "compose-attach") {
    state.compose.form.attachments.push_back(action.argument);
  } else if (action.verb == "compose-send") {
    const std::uint64_t before = state.compose.sends_finished;
    if (!compose_send(state)) {
      const ComposeError& e = state.compose.error;
      char text[512];
      std::snprintf(text, sizeof text, tr(Language::En, e.what), e.argument.c_str());
      return fail(text);
    }
    r.until = [before](AppState& s) { return s.compose.sends_finished > before; };
    r.until_error = where + "compose-send: the lab did not answer within 600 frames";
  }
  return r;
}

}  // namespace smtplab::app
