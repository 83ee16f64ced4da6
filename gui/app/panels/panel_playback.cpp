// The Playback panel: play/pause, previous/next exchange, restart, speed and a scrubber
// over the timeline's events. Over a capture it replays the rebuilt timeline; in the live
// lab's step mode "Next" moves the lab itself on by the chosen unit (exchange, session,
// hop), and a status line says when the lab is paused and when a step failed.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/actions/lab_actions.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"

namespace smtplab::app {
namespace {

class PlaybackPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelPlayback; }
  const char* id() const override { return "playback"; }
  Placement placement() const override { return {0.0f, 0.80f, 0.40f, 0.20f}; }

 protected:
  void draw_contents(AppState& state) override {
    const bool stepping = state.live.running() && state.live.step_mode();
    if (stepping) draw_step_controls(state);
    draw_step_status(state);
    if (state.timeline.empty()) {
      if (!stepping) ImGui::TextDisabled("%s", state.t(Text::NoTimeline));
      return;
    }
    if (stepping) {
      // "Next" is above; the scrubber below still reviews what happened.
      draw_scrubber(state);
      return;
    }
    PlaybackState& playback = state.playback;
    if (ImGui::Button(state.t(Text::Restart))) {
      state.selection.event.reset();
      step_exchange(state, +1);
    }
    same_line_if_fits(button_width(state.t(Text::StepBack)));
    if (ImGui::Button(state.t(Text::StepBack))) step_exchange(state, -1);
    const char* play = playback.playing ? state.t(Text::Pause) : state.t(Text::Play);
    same_line_if_fits(button_width(play));
    if (ImGui::Button(play)) playback.playing = !playback.playing;
    same_line_if_fits(button_width(state.t(Text::StepForward)));
    if (ImGui::Button(state.t(Text::StepForward))) step_exchange(state, +1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::SliderFloat(state.t(Text::Speed), &playback.speed, 0.25f, 20.0f, "%.2f ×",
                       ImGuiSliderFlags_Logarithmic);
    draw_scrubber(state);
  }

  /// The live lab in step mode: previous / next, and how far "Next" goes.
  static void draw_step_controls(AppState& state) {
    if (ImGui::Button(state.t(Text::StepBack))) step_exchange(state, -1);
    same_line_if_fits(button_width(state.t(Text::StepForward)));
    if (ImGui::Button(state.t(Text::StepForward))) step_exchange(state, +1);
    // The combo takes the rest of the line, its label included, or a line of its own when
    // the rest is too short (1280×720, projector text).
    const float label_width =
        ImGui::CalcTextSize(state.t(Text::StepUnitLabel)).x + ImGui::GetStyle().ItemInnerSpacing.x;
    same_line_if_fits(ImGui::GetFontSize() * 8 + label_width);
    ImGui::SetNextItemWidth(
        std::max(ImGui::GetFontSize() * 6, ImGui::GetContentRegionAvail().x - label_width));
    const char* current = state.t(Text::StepUnitExchange);
    for (const auto& [unit, text] : kStepUnits) {
      if (unit == state.step.unit) current = state.t(text);
    }
    if (ImGui::BeginCombo(state.t(Text::StepUnitLabel), current)) {
      for (const auto& [unit, text] : kStepUnits) {
        if (ImGui::Selectable(state.t(text), unit == state.step.unit)) state.step.unit = unit;
      }
      ImGui::EndCombo();
    }
  }

  /// One line on the lab's stepping: paused, or moving; then the last failed step, in red.
  static void draw_step_status(AppState& state) {
    if (state.live.running() && state.live.step_mode()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", state.t(state.live.paused() ? Text::LabPaused : Text::LabStepping));
      ImGui::PopTextWrapPos();
    }
    if (!state.step.failure.en.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(reply_colour(550, state.presentation)),
                         "%s%s%s", state.t(Text::StepFailed), state.colon(),
                         state.step.failure.in(std::string(language_code(state.language))).c_str());
      ImGui::PopTextWrapPos();
    }
  }

  static void draw_scrubber(AppState& state) {
    const int count = static_cast<int>(state.timeline.size());
    int position = state.selection.event ? static_cast<int>(*state.selection.event) + 1 : 0;
    char label[96];
    std::snprintf(label, sizeof label, state.t(Text::EventOf), static_cast<std::size_t>(position),
                  static_cast<std::size_t>(count));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderInt("##scrub", &position, 1, count, label)) {
      select_event(state, static_cast<std::size_t>(position - 1));
    }
    if (state.capture) {
      std::snprintf(label, sizeof label, state.t(Text::SourceCapture), state.capture->file.c_str());
      ImGui::TextDisabled("%s", label);
    }
  }
};

}  // namespace

std::unique_ptr<Panel> make_playback_panel() {
  return std::make_unique<PlaybackPanel>();
}

}  // namespace smtplab::app
