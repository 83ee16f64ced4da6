// Draws a MarkdownDoc with ImGui: word-wrapped styled spans, headings in the heading font,
// list bullets and numbers, code blocks in the monospace font on a tinted background.
#pragma once

#include "gui/app/model/app_state.hpp"
#include "gui/app/model/markdown_doc.hpp"

namespace smtplab::app {

/// Draws `doc` in the current window, wrapping at the available width.
void draw_markdown(const MarkdownDoc& doc, const Fonts& fonts, bool presentation);

}  // namespace smtplab::app
