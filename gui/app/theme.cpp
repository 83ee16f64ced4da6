// Themes and colour rules (see theme.hpp).
#include "gui/app/theme.hpp"

#include "capture/tcp_layer.hpp"
#include "gui/app/explanations.hpp"

namespace smtplab::app {

void apply_theme(bool presentation) {
  ImGuiStyle style;  // start from defaults so toggling back restores everything
  if (presentation) {
    ImGui::StyleColorsLight(&style);
    // Projectors wash out mid-greys: pure black text on white, strong borders.
    style.Colors[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 0);  // the white window shows through
    style.Colors[ImGuiCol_Border] = ImVec4(0, 0, 0, 1);
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.0f, 0.2f, 0.6f, 1);
    style.Colors[ImGuiCol_TitleBg] = ImVec4(0.1f, 0.1f, 0.3f, 1);
    style.Colors[ImGuiCol_Header] = ImVec4(1.0f, 0.85f, 0.0f, 1);
    style.WindowBorderSize = 2.0f;
    style.FrameBorderSize = 1.5f;
    style.ChildBorderSize = 2.0f;
  } else {
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 3.0f;
    style.FrameRounding = 2.0f;
  }
  ImGui::GetStyle() = style;
  ImGui::GetIO().FontGlobalScale = presentation ? 1.35f : 1.0f;
}

ImU32 reply_colour(int code, bool presentation) {
  switch (reply_class(code)) {
    case 2:
      return presentation ? IM_COL32(0, 110, 0, 255) : IM_COL32(110, 220, 110, 255);
    case 3:
      return presentation ? IM_COL32(0, 60, 200, 255) : IM_COL32(120, 170, 255, 255);
    case 4:
      return presentation ? IM_COL32(180, 90, 0, 255) : IM_COL32(255, 170, 60, 255);
    case 5:
      return presentation ? IM_COL32(200, 0, 0, 255) : IM_COL32(255, 90, 90, 255);
    default:
      return presentation ? IM_COL32(0, 0, 0, 255) : IM_COL32(220, 220, 220, 255);
  }
}

ImU32 command_colour(bool presentation) {
  return presentation ? IM_COL32(0, 0, 0, 255) : IM_COL32(235, 235, 235, 255);
}

ImU32 frame_row_colour(const CaptureModel& model, const FrameRow& row, bool presentation) {
  const int alpha = presentation ? 110 : 60;
  if (!row.has_tcp) return 0;
  if (row.tcp_flags & capture::tcp_flag::kRst) return IM_COL32(220, 40, 40, alpha);
  if (row.tcp_flags & (capture::tcp_flag::kSyn | capture::tcp_flag::kFin)) {
    return IM_COL32(140, 140, 140, alpha);
  }
  if (row.protocol == FrameProtocol::Tls) return IM_COL32(150, 90, 220, alpha);
  if (row.protocol == FrameProtocol::Smtp) {
    if (row.session >= 0 && row.entry >= 0) {
      const auto& entry = model.analysis.sessions[static_cast<std::size_t>(row.session)]
                              .dialogue[static_cast<std::size_t>(row.entry)];
      if (entry.kind == capture::DialogueEntry::Kind::AuthLine)
        return IM_COL32(230, 200, 40, alpha);
      if (entry.code >= 400) return IM_COL32(240, 110, 40, alpha);
    }
    return IM_COL32(70, 140, 230, alpha);
  }
  return 0;
}

ImU32 selection_colour(bool presentation) {
  return presentation ? IM_COL32(255, 210, 0, 255) : IM_COL32(200, 160, 20, 170);
}

ImU32 field_colour(bool presentation) {
  return presentation ? IM_COL32(120, 200, 255, 255) : IM_COL32(40, 110, 200, 200);
}

ImU32 tls_colour(bool presentation) {
  return presentation ? IM_COL32(200, 170, 255, 255) : IM_COL32(120, 70, 180, 110);
}

}  // namespace smtplab::app
