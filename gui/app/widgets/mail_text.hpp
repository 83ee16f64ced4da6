// Mail content on screen: what a message carries (subjects, addresses, header values,
// bodies, dialogue lines) goes through these helpers, which shape Arabic and put
// right-to-left text in visual order (arabic_shaping.hpp) before ImGui draws it. UI labels
// from the catalogue never need them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct ImFont;

namespace smtplab::app {

/// `text` as ImGui must draw it (Arabic shaped, lines in visual order); unchanged when it
/// has no Arabic. For labels, AddText and anything drawn on one line.
std::string mail_display(std::string_view text);

/// ImGui::TextUnformatted of mail content.
void mail_text(std::string_view text);

/// ImGui::TextWrapped of mail content: lines are wrapped in reading order first and each
/// piece is then shaped, so a long Arabic paragraph reads from its first line down; a line
/// that starts right to left is aligned to the right edge.
void mail_text_wrapped(std::string_view text);

/// The code points of `text` (as `mail_display` gives it) that `font` has no glyph for and
/// would draw as a box; spaces and format characters are not counted.
std::vector<char32_t> missing_glyphs(const ImFont* font, std::string_view text);

}  // namespace smtplab::app
