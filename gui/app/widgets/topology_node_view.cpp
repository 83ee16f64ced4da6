// The selected node's faults, sessions and log (see topology_node_view.hpp).
#include "gui/app/widgets/topology_node_view.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/lab_faults.hpp"
#include "gui/app/model/topology_activity.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/widgets/node_main_cf_view.hpp"
#include "sim/lab/node_log.hpp"

namespace smtplab::app {
namespace {

/// Lists the node's sessions and log again when the node or the timeline changed, so a
/// frame does not scan the whole timeline.
void refresh_lists(AppState& state) {
  TopologyState& topology = state.topology;
  if (topology.details_of == topology.selected_node &&
      topology.details_events == state.timeline.size())
    return;
  topology.details_of = topology.selected_node;
  topology.details_events = state.timeline.size();
  topology.node_sessions = sessions_of_node(state.timeline, topology.selected_node);
  topology.node_log = log_of_node(state.timeline, topology.selected_node);
}

void draw_sessions(AppState& state) {
  if (state.topology.node_sessions.empty()) {
    ImGui::TextDisabled("%s", state.t(Text::NoSessions));
    return;
  }
  for (const std::uint64_t session : state.topology.node_sessions) {
    if (session > state.session_events.size() || state.session_events[session - 1].empty())
      continue;
    const auto& opened = state.timeline[state.session_events[session - 1].front()];
    bool open = false;
    for (const auto& active : state.topology.activity.sessions) open |= active.session == session;
    const std::string label = "#" + std::to_string(session) + "  " + opened.text +
                              (open ? std::string("  — ") + state.t(Text::SessionOpen) : "") +
                              "##s" + std::to_string(session);
    const bool selected = state.selection.session == static_cast<int>(session) - 1;
    if (ImGui::Selectable(label.c_str(), selected)) {
      select_session(state, static_cast<int>(session) - 1);
      state.selection.scroll_dialogue = true;
    }
  }
}

void draw_log(AppState& state) {
  const auto& log = state.topology.node_log;
  if (log.empty()) {
    ImGui::TextDisabled("%s", state.t(Text::NodeLogEmpty));
    return;
  }
  ImGui::BeginChild("node-log", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  // Follow the latest line unless the reader scrolled up.
  const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(log.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::size_t index = log[static_cast<std::size_t>(row)];
      ImGui::PushID(row);
      if (ImGui::Selectable(lab::node_log_line(state.timeline[index]).c_str(),
                            state.selection.event == index))
        select_event(state, index);
      ImGui::PopID();
    }
  }
  if (at_bottom) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

}  // namespace

void draw_node_faults(const AppState& state) {
  const auto faults = faults_of(state.topology.activity, state.topology.selected_node);
  if (faults.empty()) return;
  ImGui::TextColored(tone_colour_vec(Tone::Warning, state.presentation), "%s",
                     state.t(Text::ActiveFaults));
  for (const auto& fault : faults)
    ImGui::BulletText("%s", describe_fault(fault, state.language).c_str());
  ImGui::Separator();
}

void draw_node_tabs(AppState& state) {
  if (state.topology.selected_node.empty()) return;
  refresh_lists(state);
  // "Sessions (3)": the count in the label, the id after ### stays the same.
  const std::string sessions = std::string(state.t(Text::NodeSessions)) + " (" +
                               std::to_string(state.topology.node_sessions.size()) + ")###sessions";
  if (ImGui::BeginTabItem(sessions.c_str())) {
    ImGui::BeginChild("node-sessions");
    draw_sessions(state);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  const std::string log = std::string(state.t(Text::NodeLog)) + " (" +
                          std::to_string(state.topology.node_log.size()) + ")###log";
  if (ImGui::BeginTabItem(log.c_str())) {
    draw_log(state);
    ImGui::EndTabItem();
  }
  draw_main_cf_tab(state);
}

}  // namespace smtplab::app
