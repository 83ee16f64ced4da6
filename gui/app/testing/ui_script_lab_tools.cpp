// The lab's tools as UI script actions (see ui_script_lab_tools.hpp).
#include "gui/app/testing/ui_script_lab_tools.hpp"

#include <sstream>

#include "gui/app/model/app_state.hpp"
#include "gui/app/widgets/dns_lookup_view.hpp"
#include "gui/app/widgets/lab_clock.hpp"
#include "gui/app/widgets/node_main_cf_view.hpp"
#include "sim/lab/duration_text.hpp"

namespace smtplab::app {

bool is_lab_tool_verb(const std::string& verb) {
  return verb == "advance-clock" || verb == "dns-query" || verb == "postconf";
}

ScriptStepResult run_lab_tool_action(AppState& state, const ScriptAction& action,
                                     const std::string& where) {
  ScriptStepResult r;
  if (action.verb == "advance-clock") {
    const auto seconds = lab::parse_duration(action.argument);
    if (!seconds || *seconds <= 0) {
      r.ok = false;
      r.error = where + "advance-clock DURATION (90s, 2m, 1h, 6d), not '" + action.argument + "'";
    } else if (!advance_lab_clock(state, *seconds)) {
      r.ok = false;
      r.error = where + "advance-clock needs a running lab (start-lab, or a chapter's)";
    }
    return r;
  }
  if (action.verb == "postconf") {
    const auto space = action.argument.find(' ');
    const std::string node = action.argument.substr(0, space);
    const std::string line = space == std::string::npos ? "" : action.argument.substr(space + 1);
    std::string why;
    state.topology.selected_node = node;
    if (!add_main_cf_line(state, node, line, why)) {
      r.ok = false;
      r.error = where + "postconf: " + why;
    }
    return r;
  }
  std::istringstream words(action.argument);
  std::string name, type_name;
  words >> name >> type_name;
  const auto type = agents::dns_type_named(type_name);
  if (name.empty() || !type) {
    r.ok = false;
    r.error = where + "dns-query NAME TYPE (TYPE: MX, A, AAAA, TXT or PTR)";
    return r;
  }
  state.topology.selected_node.clear();
  state.topology.dns_lookup.name = name;
  state.topology.dns_lookup.type = *type;
  ask_lab_dns(state);
  return r;
}

}  // namespace smtplab::app
