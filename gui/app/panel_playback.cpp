// The Playback panel: play/pause, previous/next exchange, restart, speed and a scrubber
// over the timeline's events. Over a capture it replays the rebuilt timeline; in the live
// lab the same controls will release the agents' next exchange.
#include <imgui.h>

#include <cstdio>

#include "gui/app/app_actions.hpp"
#include "gui/app/panel.hpp"
#include "gui/app/panel_registry.hpp"

namespace smtplab::app {
namespace {

class PlaybackPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelPlayback; }
  const char* id() const override { return "playback"; }
  Placement placement() const override { return {0.0f, 0.80f, 0.40f, 0.20f}; }

 protected:
  void draw_contents(AppState& state) override {
    if (state.timeline.empty()) {
      ImGui::TextDisabled("%s", state.t(Text::NoTimeline));
      return;
    }
    PlaybackState& playback = state.playback;
    if (ImGui::Button(state.t(Text::Restart))) {
      state.selection.event.reset();
      step_exchange(state, +1);
    }
    ImGui::SameLine();
    if (ImGui::Button(state.t(Text::StepBack))) step_exchange(state, -1);
    ImGui::SameLine();
    if (ImGui::Button(playback.playing ? state.t(Text::Pause) : state.t(Text::Play))) {
      playback.playing = !playback.playing;
    }
    ImGui::SameLine();
    if (ImGui::Button(state.t(Text::StepForward))) step_exchange(state, +1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::SliderFloat(state.t(Text::Speed), &playback.speed, 0.25f, 20.0f, "%.2f ×",
                       ImGuiSliderFlags_Logarithmic);

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
