// Colours and styles: the normal dark theme, the high-contrast presentation theme (F11,
// for projectors), and the colour rules the packet list and dialogue share.
#pragma once

#include <imgui.h>

#include "gui/app/capture_model.hpp"

namespace smtplab::app {

/// Applies the ImGui style for normal or presentation mode (font scale, borders, colours).
void apply_theme(bool presentation);

/// Colour of a reply by class: 2xx green, 3xx blue, 4xx orange, 5xx red.
ImU32 reply_colour(int code, bool presentation);
/// Colour of client command text and arrows.
ImU32 command_colour(bool presentation);
/// Background of a packet-list row by its colour rule (0 when the row keeps the default).
ImU32 frame_row_colour(const CaptureModel& model, const FrameRow& row, bool presentation);
/// Background of selected items and of the hex bytes of the selected dialogue line.
ImU32 selection_colour(bool presentation);
/// Background of the bytes of the field picked in the details tree.
ImU32 field_colour(bool presentation);
/// The TLS band.
ImU32 tls_colour(bool presentation);

}  // namespace smtplab::app
