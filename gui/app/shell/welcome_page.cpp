// The start page's window (see welcome.hpp): four large buttons, the chapter list with
// progress, the sample captures. Keyboard: Tab/Enter reach every button; Escape closes.
#include "gui/app/shell/welcome_page.hpp"

#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/app_state.hpp"
#include "gui/app/model/welcome.hpp"

namespace smtplab::app {
namespace {

bool big_button(const AppState& state, Text title, Text detail) {
  const float width = ImGui::GetFontSize() * 26;
  const std::string label =
      std::string(state.t(title)) + "##" + std::to_string(static_cast<int>(title));
  const bool pressed = ImGui::Button(label.c_str(), ImVec2(width, ImGui::GetFontSize() * 2.4f));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("%s", state.t(detail));
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  return pressed;
}

}  // namespace

void draw_welcome_page(AppState& state) {
  WelcomeState& w = state.welcome;
  if (!w.show) return;
  list_welcome(state);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(
      ImVec2(0, 0), ImVec2(viewport->WorkSize.x * 0.95f, viewport->WorkSize.y * 0.9f));
  const std::string title = std::string(state.t(Text::WelcomeTitle)) + "###welcome";
  if (!ImGui::Begin(title.c_str(), &w.show,
                    ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                        ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  if (ImGui::IsWindowFocused() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    w.show = false;
  }
  ImGui::TextWrapped("%s", state.t(Text::WelcomeIntro));
  ImGui::Spacing();
  ImGui::BeginGroup();
  if (big_button(state, Text::WelcomePlay, Text::WelcomePlayDetail)) welcome_play(state);
  if (big_button(state, Text::WelcomeConsole, Text::WelcomeConsoleDetail)) welcome_console(state);
  if (big_button(state, Text::WelcomeCapture, Text::WelcomeCaptureDetail)) {
    w.show = false;
    state.show_open_dialog = true;
  }
  // The files opened last (those still there when the settings were read), then the
  // sample captures: one click reopens them.
  const auto& recent = state.settings.recent_files;
  if (!recent.empty()) ImGui::TextDisabled("%s", state.t(Text::RecentFiles));
  for (std::size_t i = 0; i < recent.size() && i < 5; ++i) {
    const std::string path = recent[i];  // a copy: opening a message reorders the list
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton(std::filesystem::path(path).filename().string().c_str())) {
      w.show = false;
      open_file(state, path);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", path.c_str());
    ImGui::PopID();
  }
  if (!w.samples.empty()) ImGui::TextDisabled("%s", state.t(Text::PlaceSampleCaptures));
  for (const auto& sample : w.samples) {
    const std::string name = std::filesystem::path(sample).filename().string();
    if (ImGui::SmallButton(name.c_str())) {
      w.show = false;
      open_capture(state, sample);
    }
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, ImGui::GetFontSize() * 2);
  ImGui::BeginGroup();
  ImGui::TextUnformatted(state.t(Text::WelcomeChapters));
  ImGui::Separator();
  for (const auto& chapter : w.chapters) {
    char label[320];
    std::snprintf(label, sizeof label, "%2d. %s", chapter.number, chapter.title.c_str());
    if (ImGui::Selectable(label, false, 0, ImVec2(ImGui::GetFontSize() * 26, 0))) {
      welcome_chapter(state, chapter.number);
    }
    if (chapter.passed > 0) {
      ImGui::SameLine();
      char done[96];
      std::snprintf(done, sizeof done, state.t(Text::WelcomePassed), chapter.passed);
      ImGui::TextDisabled("%s", done);
    }
  }
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace smtplab::app
