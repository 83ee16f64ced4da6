// A server node's main.cf in the window (see node_main_cf_view.hpp).
#include "gui/app/node_main_cf_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/app/app_state.hpp"
#include "sim/agents/mta_agent.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {
namespace {

agents::MtaAgent* agent_of(AppState& state, const std::string& node) {
  lab::LabRuntime* runtime = state.live.runtime();
  return runtime ? runtime->agent(node) : nullptr;
}

}  // namespace

bool add_main_cf_line(AppState& state, const std::string& node, const std::string& line,
                      std::string& why) {
  agents::MtaAgent* agent = agent_of(state, node);
  if (!agent || agent->config_text().empty()) {
    why = node + " keeps no main.cf (a server node of the running lab does)";
    return false;
  }
  const auto equals = line.find('=');
  if (equals == std::string::npos || line.find_first_not_of(' ') == equals ||
      line.find_first_of("\r\n") != std::string::npos) {
    why = "a main.cf line is \"name = value\", not '" + line + "'";
    return false;
  }
  agent->postconf(line);
  MainCfView& view = state.topology.main_cf;
  view.node = node;
  view.text = agent->config_text();
  return true;
}

void draw_main_cf_tab(AppState& state) {
  const std::string& node = state.topology.selected_node;
  agents::MtaAgent* agent = agent_of(state, node);
  if (!agent) return;
  MainCfView& view = state.topology.main_cf;
  if (!ImGui::BeginTabItem("main.cf###main-cf")) return;
  // Read when the tab shows another node; after that, Add reads it again.
  if (view.node != node) {
    view = {node, agent->config_text(), "", ""};
  }
  ImGui::TextWrapped("%s", state.t(Text::MainCfHelp));
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 8);
  bool add = ImGui::InputTextWithHint("##main-cf-line", "smtpd_relay_restrictions = …", &view.line,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  add |= ImGui::Button(state.t(Text::MainCfAdd));
  if (add && !view.line.empty()) {
    std::string why;
    const std::string line = view.line;
    if (add_main_cf_line(state, node, line, why)) {
      view.line.clear();
      view.message = std::string(state.t(Text::MainCfAdded)) + line;
    } else {
      view.message = why;
    }
  }
  if (!view.message.empty()) ImGui::TextDisabled("%s", view.message.c_str());
  ImGui::BeginChild("main-cf-text", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(view.text.c_str());
  ImGui::EndChild();
  ImGui::EndTabItem();
}

}  // namespace smtplab::app
