// The Capture panel: live capture controls beside the running lab. Interface (libpcap's
// list, lo by default), the BPF filter prefilled from the topology, Start/Stop, live
// counters (frames, kernel and queue drops, SMTP sessions), Save as .pcap/.pcapng, and
// Open a file for analysis (the Ctrl+O dialog). A capture that cannot start says why in
// the panel, with the setcap command when permission is missing; nothing else stops.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <string>

#include "gui/app/actions/capture_controls.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/panel_registry.hpp"
#include "gui/app/shell/theme.hpp"

namespace smtplab::app {
namespace {

// Colours by meaning, shared with the dialogue's reply classes so both themes read well.
constexpr int kGoodCode = 250;
constexpr int kBusyCode = 450;
constexpr int kBadCode = 550;

class CapturePanel final : public Panel {
 public:
  Text title() const override { return Text::PanelCapture; }
  const char* id() const override { return "capture"; }
  // Over the lesson: while capturing, the topology, dialogue, frames and details stay in view.
  Placement placement() const override { return {0.0f, 0.38f, 0.28f, 0.42f}; }
  bool shown(const AppState& state) const override { return state.capture_state.show; }

 protected:
  void draw_contents(AppState& state) override {
    poll_capture_interfaces(state);
    refresh_capture_filter(state);
    if (ImGui::SmallButton(state.t(Text::Close))) state.capture_state.show = false;
    draw_controls(state);
    draw_status(state);
    draw_counters(state);
    ImGui::Separator();
    draw_save(state);
    ImGui::Spacing();
    if (ImGui::Button(state.t(Text::CaptureOpenFile))) state.show_open_dialog = true;
  }

 private:
  /// "Label : " with the language's colon, then the next item on the same line.
  static void label(const AppState& state, Text key) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s%s", state.t(key), state.colon());
    ImGui::SameLine();
  }

  static void draw_controls(AppState& state) {
    CaptureState& cs = state.capture_state;
    const bool active = live_capture_active(state);
    ImGui::BeginDisabled(active);
    label(state, Text::CaptureInterface);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##interface", cs.interface.c_str())) {
      for (const CaptureInterface& i : cs.interfaces) {
        const std::string item = i.description.empty() ? i.name : i.name + " — " + i.description;
        if (ImGui::Selectable(item.c_str(), i.name == cs.interface)) cs.interface = i.name;
      }
      if (cs.interfaces.empty()) {
        ImGui::TextDisabled("%s", cs.interfaces_error.empty() ? "…" : cs.interfaces_error.c_str());
      }
      ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (!active) {
      if (ImGui::Button(state.t(Text::CaptureStart))) start_live_capture(state, cs.interface);
    } else {
      ImGui::BeginDisabled(cs.status == CaptureStatus::Stopping);
      if (ImGui::Button(state.t(Text::CaptureStop))) stop_live_capture(state);
      ImGui::EndDisabled();
    }

    ImGui::TextUnformatted(state.t(Text::CaptureFilter));
    if (active) {
      // The filter in force, whole: a lab's filter is longer than the field is wide.
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", cs.filter.c_str());
      ImGui::PopTextWrapPos();
      return;
    }
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##bpf", &cs.filter)) cs.filter_edited = true;
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
      ImGui::TextUnformatted(state.t(Text::CaptureFilterHelp));
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    if (cs.filter_edited && ImGui::SmallButton(state.t(Text::CaptureFilterReset)))
      cs.filter_edited = false;
  }

  static void draw_status(AppState& state) {
    CaptureState& cs = state.capture_state;
    char text[256];
    switch (cs.status) {
      case CaptureStatus::Idle:
        ImGui::TextDisabled("%s", state.t(Text::CaptureIdle));
        break;
      case CaptureStatus::Starting:
        ImGui::TextColored(colour(kBusyCode, state.presentation), "%s",
                           state.t(Text::CaptureStarting));
        break;
      case CaptureStatus::Running:
        std::snprintf(text, sizeof text, state.t(Text::CaptureRunning), cs.interface.c_str());
        ImGui::TextColored(colour(kGoodCode, state.presentation), "• %s", text);
        break;
      case CaptureStatus::Stopping:
        ImGui::TextColored(colour(kBusyCode, state.presentation), "%s",
                           state.t(Text::CaptureStopping));
        break;
      case CaptureStatus::Stopped:
        ImGui::Text("%s (%s)", state.t(Text::CaptureStopped), cs.interface.c_str());
        break;
      case CaptureStatus::Failed:
        ImGui::TextColored(colour(kBadCode, state.presentation), "%s",
                           state.t(Text::CaptureFailed));
        break;
    }
    if (!cs.error.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(colour(kBadCode, state.presentation), "%s", cs.error.c_str());
      if (!cs.setcap_command.empty()) {
        ImGui::TextUnformatted(state.t(Text::CapturePermissionHint));
        // Read-only field: the command can be selected and copied into a terminal.
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##setcap", &cs.setcap_command, ImGuiInputTextFlags_ReadOnly);
      }
      ImGui::PopTextWrapPos();
    }
  }

  static void draw_counters(AppState& state) {
    const CaptureState& cs = state.capture_state;
    if (cs.status == CaptureStatus::Idle || cs.status == CaptureStatus::Failed) return;
    const capture::LiveStats stats = cs.feed.stats();
    const auto frames = static_cast<unsigned long long>(cs.feed.frames());
    const auto sessions =
        static_cast<unsigned long long>(cs.model ? cs.model->analysis.sessions.size() : 0);
    if (!ImGui::BeginTable("capture-counters", 4, ImGuiTableFlags_SizingStretchSame)) return;
    const struct {
      Text key;
      unsigned long long value;
    } counters[] = {{Text::CaptureFrames, frames},
                    {Text::CaptureKernelDrops, stats.kernel_dropped + stats.if_dropped},
                    {Text::CaptureQueueDrops, stats.queue_dropped},
                    {Text::CaptureSessions, sessions}};
    for (const auto& counter : counters) {
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", state.t(counter.key));
    }
    for (const auto& counter : counters) {
      ImGui::TableNextColumn();
      const bool loss = counter.key != Text::CaptureFrames &&
                        counter.key != Text::CaptureSessions && counter.value > 0;
      if (state.fonts.heading) ImGui::PushFont(state.fonts.heading);
      if (loss) {
        ImGui::TextColored(colour(kBadCode, state.presentation), "%llu", counter.value);
      } else {
        ImGui::Text("%llu", counter.value);
      }
      if (state.fonts.heading) ImGui::PopFont();
    }
    ImGui::EndTable();
    if (!cs.model) return;
    if (state.capture == cs.model) {
      ImGui::TextDisabled("%s", state.t(Text::CaptureViewsFollow));
    } else if (ImGui::SmallButton(state.t(Text::CaptureShowInViews))) {
      state.adopt_capture(cs.model);
    }
  }

  static void draw_save(AppState& state) {
    CaptureState& cs = state.capture_state;
    ImGui::TextUnformatted(state.t(Text::CaptureSaveAs));
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(state.t(Text::CaptureSave)).x -
                            3 * ImGui::GetStyle().FramePadding.x - ImGui::GetStyle().ItemSpacing.x);
    const bool entered =
        ImGui::InputText("##save", &cs.save_path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    const bool has_frames =
        (cs.model && !cs.model->rows.empty()) || (state.capture && !state.capture->rows.empty());
    ImGui::BeginDisabled(cs.saver.busy() || !has_frames || cs.save_path.empty());
    if (ImGui::Button(state.t(Text::CaptureSave)) || (entered && has_frames))
      save_capture(state, cs.save_path);
    ImGui::EndDisabled();
    ImGui::PushTextWrapPos(0);
    if (!has_frames) {
      ImGui::TextDisabled("%s", state.t(Text::CaptureNothingToSave));
    } else if (!cs.save_error.empty()) {
      ImGui::TextColored(colour(kBadCode, state.presentation), "%s", cs.save_error.c_str());
    } else if (!cs.saved_file.empty()) {
      char text[600];
      std::snprintf(text, sizeof text, state.t(Text::CaptureSaved),
                    static_cast<unsigned long long>(cs.saved_frames), cs.saved_file.c_str());
      ImGui::TextColored(colour(kGoodCode, state.presentation), "%s", text);
    }
    ImGui::PopTextWrapPos();
  }

  static ImVec4 colour(int code, bool presentation) {
    return ImGui::ColorConvertU32ToFloat4(reply_colour(code, presentation));
  }
};

}  // namespace

std::unique_ptr<Panel> make_capture_panel() {
  return std::make_unique<CapturePanel>();
}

}  // namespace smtplab::app
