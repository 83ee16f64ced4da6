// A server node's main.cf, read and added to (see main_cf.hpp).
#include "gui/app/model/main_cf.hpp"

#include "gui/app/model/app_state.hpp"
#include "sim/agents/mta_agent.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {

agents::MtaAgent* main_cf_agent(AppState& state, const std::string& node) {
  lab::LabRuntime* runtime = state.live.runtime();
  return runtime ? runtime->agent(node) : nullptr;
}

bool add_main_cf_line(AppState& state, const std::string& node, const std::string& line,
                      std::string& why) {
  agents::MtaAgent* agent = main_cf_agent(state, node);
  if (!agent || agent->config_text().empty()) {
    why = node + state.t(Text::MainCfNoFile);
    return false;
  }
  const auto equals = line.find('=');
  if (equals == std::string::npos || line.find_first_not_of(' ') == equals ||
      line.find_first_of("\r\n") != std::string::npos) {
    why = state.t(Text::MainCfBadLine) + line;
    return false;
  }
  agent->postconf(line);
  MainCfView& view = state.topology.main_cf;
  view.node = node;
  view.text = agent->config_text();
  return true;
}

}  // namespace smtplab::app
