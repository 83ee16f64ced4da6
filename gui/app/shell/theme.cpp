// Themes and colour rules (see theme.hpp).
#include "gui/app/shell/theme.hpp"

#include "capture/tcp_layer.hpp"
#include "gui/app/model/explanations.hpp"

namespace smtplab::app {
namespace {

/// Presentation colours for panel chrome. Title bars are light with black text: a navy
/// bar with the theme's black text could not be read from the back of a room.
void presentation_colours(ImGuiStyle& style) {
  ImGui::StyleColorsLight(&style);
  ImVec4* c = style.Colors;
  // Projectors wash out mid-greys: pure black text on white, strong borders.
  c[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
  c[ImGuiCol_TextDisabled] = ImVec4(0.30f, 0.30f, 0.30f, 1);
  c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 0);  // the white window shows through
  c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_Border] = ImVec4(0, 0, 0, 1);
  c[ImGuiCol_TitleBg] = ImVec4(0.85f, 0.89f, 0.96f, 1);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.62f, 0.76f, 1.0f, 1);
  c[ImGuiCol_TitleBgCollapsed] = ImVec4(0.85f, 0.89f, 0.96f, 1);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.90f, 0.90f, 0.90f, 1);
  c[ImGuiCol_FrameBg] = ImVec4(0.94f, 0.94f, 0.94f, 1);
  c[ImGuiCol_Header] = ImVec4(1.0f, 0.85f, 0.0f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(1.0f, 0.92f, 0.55f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(1.0f, 0.80f, 0.0f, 1);
  c[ImGuiCol_Button] = ImVec4(0.80f, 0.88f, 1.0f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.65f, 0.80f, 1.0f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.50f, 0.70f, 1.0f, 1);
  c[ImGuiCol_Tab] = ImVec4(0.85f, 0.89f, 0.96f, 1);
  c[ImGuiCol_TabHovered] = ImVec4(0.65f, 0.80f, 1.0f, 1);
  c[ImGuiCol_TabActive] = ImVec4(0.62f, 0.76f, 1.0f, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.85f, 0.89f, 0.96f, 1);
  c[ImGuiCol_TextSelectedBg] = ImVec4(1.0f, 0.85f, 0.0f, 1);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.40f, 0.65f, 1.0f, 1);
}

/// ImGui's dark theme with its brightest highlights darkened, so white text on a hovered
/// button, a pressed header or a progress bar keeps 4.5:1.
void dark_colours(ImGuiStyle& style) {
  ImVec4* c = style.Colors;
  c[ImGuiCol_TextDisabled] = ImVec4(0.60f, 0.60f, 0.60f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.16f, 0.38f, 0.68f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.10f, 0.30f, 0.60f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.20f, 0.40f, 0.70f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.15f, 0.35f, 0.65f, 1);
  c[ImGuiCol_TabHovered] = ImVec4(0.20f, 0.40f, 0.70f, 1);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.55f, 0.40f, 0.0f, 1);
}

}  // namespace

void apply_theme(bool presentation, float scale) {
  ImGuiStyle style;  // start from defaults so toggling back restores everything
  if (presentation) {
    presentation_colours(style);
    style.WindowBorderSize = 2.0f;
    style.FrameBorderSize = 1.5f;
    style.ChildBorderSize = 2.0f;
  } else {
    ImGui::StyleColorsDark(&style);
    dark_colours(style);
    style.WindowRounding = 3.0f;
    style.FrameRounding = 2.0f;
  }
  // Paddings, spacings and scrollbars grow with the text, so big text is not cramped.
  if (scale != 1.0f) style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  ImGui::GetIO().FontGlobalScale = 1.0f;  // the fonts are built at their real size
}

ImU32 reply_colour(int code, bool presentation) {
  switch (reply_class(code)) {
    case 2:
      return presentation ? IM_COL32(0, 100, 0, 255) : IM_COL32(110, 220, 110, 255);
    case 3:
      return presentation ? IM_COL32(0, 60, 200, 255) : IM_COL32(120, 170, 255, 255);
    case 4:
      return presentation ? IM_COL32(150, 70, 0, 255) : IM_COL32(255, 170, 60, 255);
    case 5:
      return presentation ? IM_COL32(190, 0, 0, 255) : IM_COL32(255, 90, 90, 255);
    default:
      return presentation ? IM_COL32(0, 0, 0, 255) : IM_COL32(220, 220, 220, 255);
  }
}

ImU32 command_colour(bool presentation) {
  return presentation ? IM_COL32(0, 0, 0, 255) : IM_COL32(235, 235, 235, 255);
}

FrameTint frame_tint(const CaptureModel& model, const FrameRow& row) {
  if (!row.has_tcp) return FrameTint::None;
  if (row.tcp_flags & capture::tcp_flag::kRst) return FrameTint::Reset;
  if (row.tcp_flags & (capture::tcp_flag::kSyn | capture::tcp_flag::kFin))
    return FrameTint::Handshake;
  if (row.protocol == FrameProtocol::Tls) return FrameTint::Tls;
  if (row.protocol != FrameProtocol::Smtp) return FrameTint::None;
  if (row.session >= 0 && row.entry >= 0) {
    const auto& entry = model.analysis.sessions[static_cast<std::size_t>(row.session)]
                            .dialogue[static_cast<std::size_t>(row.entry)];
    if (entry.kind == capture::DialogueEntry::Kind::AuthLine) return FrameTint::Auth;
    if (entry.code >= 400) return FrameTint::ReplyError;
  }
  return FrameTint::Smtp;
}

ImU32 frame_tint_colour(FrameTint tint, bool presentation) {
  const int alpha = presentation ? 110 : 60;
  switch (tint) {
    case FrameTint::None:
      return 0;
    case FrameTint::Reset:
      return IM_COL32(220, 40, 40, alpha);
    case FrameTint::Handshake:
      return IM_COL32(140, 140, 140, alpha);
    case FrameTint::Tls:
      return IM_COL32(150, 90, 220, alpha);
    case FrameTint::Auth:
      // Teal: credentials must stand out, and never look like the yellow selection.
      return IM_COL32(0, 170, 150, alpha);
    case FrameTint::ReplyError:
      return IM_COL32(240, 110, 40, alpha);
    case FrameTint::Smtp:
      return IM_COL32(70, 140, 230, alpha);
  }
  return 0;
}

ImU32 frame_row_colour(const CaptureModel& model, const FrameRow& row, bool presentation) {
  return frame_tint_colour(frame_tint(model, row), presentation);
}

ImU32 selection_colour(bool presentation) {
  return presentation ? IM_COL32(255, 210, 0, 255) : IM_COL32(200, 160, 20, 170);
}

ImU32 selected_text_colour(ImU32 usual, bool presentation) {
  // On the dark theme the pale reply colours fade on the yellow selection: white instead.
  return presentation ? usual : IM_COL32(255, 255, 255, 255);
}

ImU32 field_colour(bool presentation) {
  return presentation ? IM_COL32(120, 200, 255, 255) : IM_COL32(40, 110, 200, 200);
}

ImU32 tls_colour(bool presentation) {
  return presentation ? IM_COL32(200, 170, 255, 255) : IM_COL32(120, 70, 180, 110);
}

ImU32 tone_colour(Tone tone, bool presentation) {
  switch (tone) {
    case Tone::Error:
      return presentation ? IM_COL32(190, 0, 0, 255) : IM_COL32(255, 115, 102, 255);
    case Tone::Warning:
      return presentation ? IM_COL32(150, 70, 0, 255) : IM_COL32(255, 153, 51, 255);
    case Tone::Success:
      return presentation ? IM_COL32(0, 100, 0, 255) : IM_COL32(102, 230, 102, 255);
  }
  return command_colour(presentation);
}

ImVec4 tone_colour_vec(Tone tone, bool presentation) {
  return ImGui::ColorConvertU32ToFloat4(tone_colour(tone, presentation));
}

ImU32 link_colour(bool presentation) {
  return presentation ? IM_COL32(0, 50, 200, 255) : IM_COL32(110, 170, 255, 255);
}

ImU32 inline_code_colour(bool presentation) {
  return presentation ? IM_COL32(140, 0, 80, 255) : IM_COL32(240, 190, 120, 255);
}

ImU32 inline_code_background(bool presentation) {
  return presentation ? IM_COL32(235, 235, 235, 255) : IM_COL32(60, 60, 70, 255);
}

ImU32 emphasis_colour(bool presentation) {
  return presentation ? IM_COL32(60, 60, 60, 255) : IM_COL32(190, 210, 230, 255);
}

ImU32 code_block_background(bool presentation) {
  return presentation ? IM_COL32(240, 240, 240, 255) : IM_COL32(30, 30, 38, 255);
}

}  // namespace smtplab::app
