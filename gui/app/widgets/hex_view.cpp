// The hex + ASCII view (see hex_view.hpp).
#include "gui/app/widgets/hex_view.hpp"

#include <cstdio>

namespace smtplab::app {

void HexView::highlight(std::size_t begin, std::size_t end, ImU32 colour) {
  if (end > begin) highlights_.push_back({begin, end, colour});
}

void HexView::draw(std::span<const std::uint8_t> bytes, ImFont* mono, long scroll_to) {
  constexpr std::size_t kPerRow = 16;
  if (mono) ImGui::PushFont(mono);
  ImGui::BeginChild("hex", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const float char_w = ImGui::CalcTextSize("0").x;
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const auto rows = static_cast<int>((bytes.size() + kPerRow - 1) / kPerRow);
  if (scroll_to >= 0) {
    ImGui::SetScrollY(static_cast<float>(static_cast<std::size_t>(scroll_to) / kPerRow) * line_h);
  }
  // Columns: "0000  " then 16 × "xx " with one extra space after 8, then the ASCII.
  const float hex_x = char_w * 6;
  const float ascii_x = hex_x + char_w * (kPerRow * 3 + 2);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 text_colour = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 dim_colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  ImGuiListClipper clipper;
  clipper.Begin(rows, line_h);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const ImVec2 origin = ImGui::GetCursorScreenPos();
      const std::size_t base = static_cast<std::size_t>(r) * kPerRow;
      char text[8];
      std::snprintf(text, sizeof text, "%04zx", base);
      draw->AddText(origin, dim_colour, text);
      for (std::size_t i = 0; i < kPerRow && base + i < bytes.size(); ++i) {
        const std::size_t at = base + i;
        const float hx = origin.x + hex_x + char_w * static_cast<float>(i * 3 + (i >= 8 ? 1 : 0));
        const float ax = origin.x + ascii_x + char_w * static_cast<float>(i);
        for (const Range& range : highlights_) {
          if (at >= range.begin && at < range.end) {
            // Join the background to the next byte's when the range continues.
            const bool continues = at + 1 < range.end && i + 1 < kPerRow;
            const float hw = char_w * (continues ? (i == 7 ? 4.0f : 3.0f) : 2.0f);
            draw->AddRectFilled(ImVec2(hx, origin.y), ImVec2(hx + hw, origin.y + line_h),
                                range.colour);
            draw->AddRectFilled(ImVec2(ax, origin.y), ImVec2(ax + char_w, origin.y + line_h),
                                range.colour);
          }
        }
        std::snprintf(text, sizeof text, "%02x", bytes[at]);
        draw->AddText(ImVec2(hx, origin.y), text_colour, text);
        const char ascii[2] = {
            bytes[at] >= 0x20 && bytes[at] < 0x7f ? static_cast<char>(bytes[at]) : '.', 0};
        draw->AddText(ImVec2(ax, origin.y), text_colour, ascii);
      }
      ImGui::Dummy(ImVec2(ascii_x + char_w * kPerRow, line_h - ImGui::GetStyle().ItemSpacing.y));
    }
  }
  clipper.End();
  ImGui::EndChild();
  if (mono) ImGui::PopFont();
}

}  // namespace smtplab::app
