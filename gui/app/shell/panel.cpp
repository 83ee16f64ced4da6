// Panel::draw: the Begin/End every panel shares (see panel.hpp).
#include "gui/app/shell/panel.hpp"

#include <imgui.h>

#include <string>

namespace smtplab::app {

void Panel::draw(AppState& state, bool reset_layout) {
  if (!shown(state)) {
    state.backdrop.forget(id());
    return;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const Placement p = placement();
  // The menu bar's height, not WorkPos: WorkPos only learns about the menu bar on the next
  // frame, and panels are placed on their first one.
  const float menu_h = ImGui::GetFrameHeight();
  const ImVec2 origin(viewport->Pos.x, viewport->Pos.y + menu_h);
  const ImVec2 size(viewport->Size.x, viewport->Size.y - menu_h);
  const ImGuiCond cond = reset_layout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(origin.x + p.x * size.x, origin.y + p.y * size.y), cond);
  ImGui::SetNextWindowSize(ImVec2(p.width * size.x, p.height * size.y), cond);
  // Opaque where it must be (the mail and message panels open over the fixed layout);
  // elsewhere the frame's clear colour is the background (see panel_backdrop.hpp).
  // A zero alpha, not ImGuiWindowFlags_NoBackground, which would drop the border too.
  const bool opaque = reset_layout || state.backdrop.needs_background(id());
  ImGui::SetNextWindowBgAlpha(opaque ? 1.0f : 0.0f);
  // "Title###id": the visible title follows the language, the id (and saved layout) not.
  const std::string label = std::string(state.t(title())) + "###" + id();
  const bool open = ImGui::Begin(label.c_str(), nullptr, ImGuiWindowFlags_NoCollapse);
  const ImVec2 pos = ImGui::GetWindowPos();
  const ImVec2 window_size = ImGui::GetWindowSize();
  state.backdrop.record(id(), {pos.x, pos.y, pos.x + window_size.x, pos.y + window_size.y});
  if (open) {
    state.visible_panels.emplace_back(state.t(title()));
    draw_contents(state);
  }
  ImGui::End();
}

void same_line_if_fits(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

}  // namespace smtplab::app
