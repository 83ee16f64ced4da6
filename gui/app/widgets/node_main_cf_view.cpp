// A server node's main.cf in the window (see node_main_cf_view.hpp).
#include "gui/app/widgets/node_main_cf_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/app/model/app_state.hpp"
#include "sim/agents/mta_agent.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {

void draw_main_cf_tab(AppState& state) {
  const std::string& node = state.topology.selected_node;
  agents::MtaAgent* agent = main_cf_agent(state, node);
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
