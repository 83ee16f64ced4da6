// Colours and styles: the normal dark theme, the high-contrast presentation theme (F11,
// for projectors), and the colour rules the packet list and dialogue share. Every text
// colour of the presentation theme passes WCAG 2 AA (4.5:1) against the backgrounds it is
// drawn on (tests/gui/theme_test.cpp measures them), so a washed-out projector still reads.
#pragma once

#include <imgui.h>

#include "gui/app/model/capture_model.hpp"

namespace smtplab::app {

/// Applies the ImGui style for normal or presentation mode (colours, borders, and paddings
/// scaled by `scale`, the text size over 16 px).
void apply_theme(bool presentation, float scale = 1.0f);

/// Colour of a reply by class: 2xx green, 3xx blue, 4xx orange, 5xx red.
ImU32 reply_colour(int code, bool presentation);
/// Colour of client command text and arrows.
ImU32 command_colour(bool presentation);
/// Kinds of a row in the packet list, by its colour rule.
enum class FrameTint { None, Reset, Handshake, Tls, Auth, ReplyError, Smtp };
/// The colour rule of a packet-list row.
FrameTint frame_tint(const CaptureModel& model, const FrameRow& row);
/// Background of a row tint (0 for None).
ImU32 frame_tint_colour(FrameTint tint, bool presentation);
/// Background of a packet-list row by its colour rule (0 when the row keeps the default).
ImU32 frame_row_colour(const CaptureModel& model, const FrameRow& row, bool presentation);
/// Background of selected items and of the hex bytes of the selected dialogue line.
ImU32 selection_colour(bool presentation);
/// Text drawn over selection_colour (the dialogue's selected line).
ImU32 selected_text_colour(ImU32 usual, bool presentation);
/// Background of the bytes of the field picked in the details tree.
ImU32 field_colour(bool presentation);
/// The TLS band.
ImU32 tls_colour(bool presentation);

/// Messages by tone: errors, warnings (active faults, analyser notes), success lines.
enum class Tone { Error, Warning, Success };
ImU32 tone_colour(Tone tone, bool presentation);
/// The same as an ImVec4, for ImGui::TextColored.
ImVec4 tone_colour_vec(Tone tone, bool presentation);

/// Lesson text: links, inline code (and its background), emphasis, code blocks.
ImU32 link_colour(bool presentation);
ImU32 inline_code_colour(bool presentation);
ImU32 inline_code_background(bool presentation);
ImU32 emphasis_colour(bool presentation);
ImU32 code_block_background(bool presentation);

}  // namespace smtplab::app
