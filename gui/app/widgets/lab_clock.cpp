// The lab's simulated clock in the window (see lab_clock.hpp).
#include "gui/app/widgets/lab_clock.hpp"

#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "gui/app/model/app_state.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {

bool advance_lab_clock(AppState& state, double seconds) {
  lab::LabRuntime* runtime = state.live.runtime();
  if (!runtime) return false;
  runtime->clock().advance(seconds);
  return true;
}

std::string lab_clock_reading(const AppState& state) {
  lab::LabRuntime* runtime = state.live.runtime();
  if (!runtime) return {};
  const auto total = static_cast<long long>(std::floor(runtime->clock().now()));
  char text[160];
  std::snprintf(text, sizeof text, state.t(Text::ClockReading), total / 86400, (total / 3600) % 24,
                (total / 60) % 60, total % 60, runtime->clock().speed());
  return text;
}

void draw_clock_menu(AppState& state) {
  const bool running = state.live.running();
  if (!ImGui::BeginMenu(state.t(Text::ClockAdvance), running)) return;
  ImGui::TextDisabled("%s", lab_clock_reading(state).c_str());
  for (const ClockJump& jump : kClockJumps) {
    if (ImGui::MenuItem(state.t(jump.label))) advance_lab_clock(state, jump.seconds);
  }
  ImGui::EndMenu();
}

void draw_clock_bar(AppState& state) {
  if (!state.live.running()) return;
  ImGui::Text("%s%s%s", state.t(Text::ClockLabel), state.colon(), lab_clock_reading(state).c_str());
  // The buttons wrap to the next line where the panel is narrow (1280×720), never cut.
  const float right = ImGui::GetWindowContentRegionMax().x;
  for (const ClockJump& jump : kClockJumps) {
    const std::string label = std::string("+") + state.t(jump.label);
    const float width = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + width > right) ImGui::NewLine();
    ImGui::PushID(static_cast<int>(jump.label));
    if (ImGui::SmallButton(label.c_str())) advance_lab_clock(state, jump.seconds);
    ImGui::PopID();
  }
}

}  // namespace smtplab::app
