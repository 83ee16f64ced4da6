// The Markdown renderer (see markdown_view.hpp). ImGui has no rich text, so spans are cut
// into words and laid out by hand, wrapping at the region's width.
#include "gui/app/widgets/markdown_view.hpp"
#include "gui/app/shell/theme.hpp"

#include <imgui.h>

#include <string>

namespace smtplab::app {
namespace {

ImU32 span_colour(const MarkdownSpan& span, bool presentation) {
  if (!span.link.empty()) return link_colour(presentation);
  if (span.code) return inline_code_colour(presentation);
  if (span.strong) return presentation ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
  if (span.emphasis) return emphasis_colour(presentation);
  return ImGui::GetColorU32(ImGuiCol_Text);
}

/// Lays out spans word by word from the cursor, wrapping at the right edge.
void draw_spans(const std::vector<MarkdownSpan>& spans, const Fonts& fonts, bool presentation,
                float indent) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float left = origin.x + indent;
  const float right = origin.x + ImGui::GetContentRegionAvail().x;
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  float x = left;
  float y = origin.y;
  for (const auto& span : spans) {
    ImFont* font = span.code && fonts.mono ? fonts.mono : ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const ImU32 colour = span_colour(span, presentation);
    std::size_t pos = 0;
    while (pos < span.text.size()) {
      if (span.text[pos] == '\n') {
        x = left;
        y += line_h;
        ++pos;
        continue;
      }
      // A word and the spaces after it.
      std::size_t end = span.text.find_first_of(" \n", pos);
      if (end == std::string::npos) end = span.text.size();
      while (end < span.text.size() && span.text[end] == ' ') ++end;
      const std::string word = span.text.substr(pos, end - pos);
      const ImVec2 ws = font->CalcTextSizeA(size, FLT_MAX, 0, word.c_str());
      if (x + ws.x > right && x > left) {
        x = left;
        y += line_h;
      }
      if (span.code) {
        draw->AddRectFilled(ImVec2(x - 1, y), ImVec2(x + ws.x, y + size + 2),
                            inline_code_background(presentation), 2);
      }
      draw->AddText(font, size, ImVec2(x, y), colour, word.c_str());
      if (!span.link.empty() || span.strong) {
        // Underline links; draw bold by a one-pixel overstrike (no bold font loaded).
        if (!span.link.empty())
          draw->AddLine(ImVec2(x, y + size + 1), ImVec2(x + ws.x, y + size + 1), colour);
        if (span.strong) draw->AddText(font, size, ImVec2(x + 0.7f, y), colour, word.c_str());
      }
      x += ws.x;
      pos = end;
    }
  }
  ImGui::Dummy(ImVec2(right - origin.x, y + line_h - origin.y));
}

}  // namespace

void draw_markdown(const MarkdownDoc& doc, const Fonts& fonts, bool presentation) {
  for (const auto& block : doc.blocks) {
    switch (block.kind) {
      case MarkdownBlock::Kind::Heading: {
        ImGui::Spacing();
        ImFont* font = block.level <= 2 && fonts.heading ? fonts.heading : nullptr;
        if (font) ImGui::PushFont(font);
        draw_spans(block.spans, fonts, presentation, 0);
        if (font) ImGui::PopFont();
        if (block.level <= 2) ImGui::Separator();
        break;
      }
      case MarkdownBlock::Kind::Paragraph:
        draw_spans(block.spans, fonts, presentation, 0);
        ImGui::Spacing();
        break;
      case MarkdownBlock::Kind::Quote:
        draw_spans(block.spans, fonts, presentation, ImGui::GetFontSize());
        break;
      case MarkdownBlock::Kind::ListItem: {
        const float indent = ImGui::GetFontSize() * 1.2f * static_cast<float>(block.level);
        const std::string marker = block.number > 0 ? std::to_string(block.number) + "." : "•";
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + indent - ImGui::GetFontSize(), at.y),
                                            ImGui::GetColorU32(ImGuiCol_Text), marker.c_str());
        draw_spans(block.spans, fonts, presentation, indent);
        break;
      }
      case MarkdownBlock::Kind::Code: {
        if (fonts.mono) ImGui::PushFont(fonts.mono);
        ImGui::PushStyleColor(ImGuiCol_ChildBg, code_block_background(presentation));
        std::string text;
        for (const auto& span : block.spans) text += span.text;
        int lines = 1;
        for (char c : text) lines += c == '\n' ? 1 : 0;
        const float h = ImGui::GetTextLineHeight() * static_cast<float>(lines) +
                        ImGui::GetStyle().WindowPadding.y * 2;
        ImGui::PushID(&block);
        ImGui::BeginChild("code", ImVec2(0, h), true, ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::TextUnformatted(text.c_str());
        ImGui::EndChild();
        ImGui::PopID();
        ImGui::PopStyleColor();
        if (fonts.mono) ImGui::PopFont();
        ImGui::Spacing();
        break;
      }
      case MarkdownBlock::Kind::Rule:
        ImGui::Separator();
        break;
    }
  }
}

}  // namespace smtplab::app
