// The Frames panel: Wireshark-style packet list (No., Time, Source, Destination, Protocol,
// Length, Info) over the display filter's index, drawn with a list clipper so a million
// frames scroll smoothly; rows coloured by rule; clicking a row selects the frame.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/display_filter.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"

namespace smtplab::app {
namespace {

class FramesPanel final : public Panel {
 public:
  Text title() const override { return Text::PanelFrames; }
  const char* id() const override { return "frames"; }
  Placement placement() const override { return {0.58f, 0.0f, 0.42f, 0.42f}; }

 protected:
  void draw_contents(AppState& state) override {
    draw_filter(state);
    if (state.loader.busy()) {
      char label[512];
      std::snprintf(label, sizeof label, state.t(Text::Loading), state.loader.path().c_str());
      ImGui::TextUnformatted(label);
      ImGui::ProgressBar(state.loader.progress());
      return;
    }
    if (!state.capture) {
      ImGui::TextWrapped("%s", state.t(Text::NoCapture));
      return;
    }
    draw_table(state);
  }

 private:
  static void draw_filter(AppState& state) {
    ImGui::BeginDisabled(state.loader.busy());
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("XXXXXXXXXXXXXXXXXXXXXX").x);
    const bool entered =
        ImGui::InputTextWithHint("##filter", state.t(Text::FilterHint), &state.frames.filter_input,
                                 ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextUnformatted(state.t(Text::FilterHelp));
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImGui::SameLine();
    if (ImGui::Button(state.t(Text::FilterApply)) || entered) {
      apply_filter(state, state.frames.filter_input);
    }
    ImGui::SameLine();
    if (ImGui::Button(state.t(Text::FilterClear))) apply_filter(state, "");
    ImGui::EndDisabled();
    if (!state.frames.filter_error.empty()) {
      const std::string message = error_in_language(state);
      ImGui::TextColored(tone_colour_vec(Tone::Error, state.presentation), "%s", message.c_str());
    } else if (state.capture) {
      char label[160];
      std::snprintf(label, sizeof label, state.t(Text::FramesShown), state.frames.visible.size(),
                    state.capture->rows.size());
      ImGui::TextDisabled("%s", label);
    }
  }

  // The refused filter's message in the window's language. The error kept in the state
  // (and dumped for scripts) is English; while the field still holds the refused text,
  // parsing it again gives the French words for the same column and reason.
  static std::string error_in_language(const AppState& state) {
    if (state.language != Language::Fr) return state.frames.filter_error;
    dfilter::ParseError error;
    if (!dfilter::parse(state.frames.filter_input, error) &&
        error.text() == state.frames.filter_error) {
      return error.text_fr();
    }
    return state.frames.filter_error;
  }

  static void draw_table(AppState& state) {
    const CaptureModel& model = *state.capture;
    const auto& visible = state.frames.visible;
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                      ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                                      ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("frame-list", 7, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const float digit = ImGui::CalcTextSize("0").x;
    ImGui::TableSetupColumn(state.t(Text::ColNo), 0, digit * 7);
    ImGui::TableSetupColumn(state.t(Text::ColTime), 0, digit * 9);
    ImGui::TableSetupColumn(state.t(Text::ColSource), 0, digit * 13);
    ImGui::TableSetupColumn(state.t(Text::ColDestination), 0, digit * 13);
    ImGui::TableSetupColumn(state.t(Text::ColProtocol), 0, digit * 5);
    ImGui::TableSetupColumn(state.t(Text::ColLength), 0, digit * 5);
    ImGui::TableSetupColumn(state.t(Text::ColInfo), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();

    const float row_h = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    if (state.selection.scroll_frames && state.selection.frame > 0) {
      const auto target = static_cast<std::uint32_t>(state.selection.frame - 1);
      const auto it = std::lower_bound(visible.begin(), visible.end(), target);
      if (it != visible.end() && *it == target) {
        const float y = static_cast<float>(it - visible.begin()) * row_h;
        // Centre it, so the rows around the selection are visible too.
        ImGui::SetScrollY(std::max(0.0f, y - ImGui::GetWindowHeight() * 0.4f));
      }
      state.selection.scroll_frames = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(visible.size()), row_h);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        draw_row(state, model, visible[static_cast<std::size_t>(i)] + std::uint64_t{1});
      }
    }
    clipper.End();
    ImGui::EndTable();
  }

  static void draw_row(AppState& state, const CaptureModel& model, std::uint64_t number) {
    const FrameRow& row = model.rows[number - 1];
    ImGui::TableNextRow();
    if (const ImU32 colour = frame_row_colour(model, row, state.presentation)) {
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, colour);
    }
    const auto& frames = state.selection.frames;
    const bool selected = std::find(frames.begin(), frames.end(), number) != frames.end();
    ImGui::TableNextColumn();
    char text[64];
    std::snprintf(text, sizeof text, "%llu", static_cast<unsigned long long>(number));
    ImGui::PushID(static_cast<int>(number));
    if (ImGui::Selectable(text, selected, ImGuiSelectableFlags_SpanAllColumns)) {
      select_frame(state, number);
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::Text("%.6f", row.time);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.has_ip ? capture::to_string(row.source.address).c_str() : "");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.has_ip ? capture::to_string(row.destination.address).c_str() : "");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(protocol_name(row.protocol));
    ImGui::TableNextColumn();
    ImGui::Text("%u", row.original_length);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(model.info(number).c_str());
  }
};

}  // namespace

std::unique_ptr<Panel> make_frames_panel() {
  return std::make_unique<FramesPanel>();
}

}  // namespace smtplab::app
