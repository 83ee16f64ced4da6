// Mail content drawn with Arabic shaped and in visual order (see mail_text.hpp).
#include "gui/app/widgets/mail_text.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

#include "gui/app/model/arabic_shaping.hpp"
#include "gui/app/widgets/wrapped_text.hpp"

namespace smtplab::app {

std::string mail_display(std::string_view text) {
  return shape_for_display(text);
}

void mail_text(std::string_view text) {
  if (!has_arabic(text)) {
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    return;
  }
  const std::string shown = shape_for_display(text);
  ImGui::TextUnformatted(shown.c_str());
}

void mail_text_wrapped(std::string_view text) {
  if (!has_arabic(text)) return wrapped_text(text);
  ImFont* font = ImGui::GetFont();
  const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  const float left = ImGui::GetCursorPosX();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const char* line = text.data() + start;
    const char* line_end = text.data() + end;
    const bool rtl = starts_right_to_left(text.substr(start, end - start));
    if (line == line_end) ImGui::NewLine();
    while (line < line_end) {
      // The break is chosen on the logical text: contextual forms are about as wide.
      const char* cut =
          font->CalcWordWrapPositionA(ImGui::GetFontSize() / font->FontSize, line, line_end, width);
      if (cut == line) cut = line + 1;
      const std::string shown =
          shape_for_display(std::string_view(line, static_cast<std::size_t>(cut - line)));
      if (rtl) {
        const float w = ImGui::CalcTextSize(shown.c_str()).x;
        ImGui::SetCursorPosX(left + std::max(0.0f, width - w));
      }
      ImGui::TextUnformatted(shown.c_str());
      line = cut;
      while (line < line_end && (*line == ' ' || *line == '\r')) ++line;
    }
    start = end + 1;
  }
}

std::vector<char32_t> missing_glyphs(const ImFont* font, std::string_view text) {
  std::vector<char32_t> missing;
  if (!font) return missing;
  for (std::size_t i = 0; i < text.size();) {
    unsigned int c = 0;
    const int length = ImTextCharFromUtf8(&c, text.data() + i, text.data() + text.size());
    i += static_cast<std::size_t>(std::max(length, 1));
    if (c <= 0x20 || c == 0xA0 || c == 0x202F || (c >= 0x2000 && c <= 0x200F)) continue;
    if (c > 0xFFFF || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
      if (std::find(missing.begin(), missing.end(), c) == missing.end()) missing.push_back(c);
    }
  }
  return missing;
}

}  // namespace smtplab::app
