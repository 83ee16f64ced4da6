// Arabic for a renderer that draws one glyph per code point, left to right (Dear ImGui):
// each Arabic letter is replaced by its contextual form from the Presentation Forms blocks
// (isolated, initial, medial, final; lam-alef ligatures), and each line is put in visual
// order (right-to-left runs reversed, numbers and Latin kept left to right). No ImGui here:
// the unit test links this file alone.
//
// Limits (a teaching window, not a text engine):
// - Letters without a presentation form (most of Arabic Supplement, other RTL scripts such as
//   Hebrew) are drawn as they are; Hebrew is reordered only on a text that also has Arabic.
// - Reordering is a small subset of the Unicode Bidirectional Algorithm (UAX #9): paragraph
//   direction from the first strong letter of each line, strong Arabic vs strong other
//   letters, numbers, neutrals between two runs of the same direction take it, otherwise
//   the line's; no explicit embeddings or isolates (U+202A..U+2069 are left as they are),
//   mirroring only of the ASCII brackets and « ».
// - Each '\n'-separated line is reordered alone; a caller that wraps a long line after this
//   step shows its RTL pieces in the wrong line order (wrap first, then shape each line).
#pragma once

#include <string>
#include <string_view>

namespace smtplab::app {

/// `text` (UTF-8) with Arabic shaped and every line in visual order; text without Arabic
/// letters is returned unchanged (byte for byte, malformed UTF-8 included).
std::string shape_for_display(std::string_view text);

/// True when the first strong letter of `line` is right to left (Arabic, Hebrew): the
/// direction the reordering gives the line.
bool starts_right_to_left(std::string_view line);

/// True when `text` holds a code point of the Arabic blocks (U+0600..U+06FF, U+0750..U+077F).
bool has_arabic(std::string_view text);

}  // namespace smtplab::app
