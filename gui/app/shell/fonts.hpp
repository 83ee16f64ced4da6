// The window's fonts: DejaVu for text, code and headings, with fallback fonts merged in for
// what mail carries beyond Latin (Arabic, CJK, symbols), built at the pixel size the mode
// asks for. Presentation text is rasterised at its real size (32 px on a 1080-row screen),
// not scaled up from the 16 px atlas, so it stays sharp on a projector.
#pragma once

#include <string>
#include <vector>

#include "gui/app/model/font_set.hpp"

namespace smtplab::app {

/// Body-text size: 16 px normally; in presentation 32 px on a 1080-row display, scaled
/// with the display's height (a 720-row projector gets 21 px) and never below 20 px.
float text_pixels(bool presentation, float display_height);

/// Clears ImGui's font atlas and loads every font at `pixels` (code 15/16, headings 5/4 of
/// it). Falls back to ImGui's built-in font when DejaVu is missing. Call between frames;
/// the renderer's texture must then be recreated.
void build_fonts(Fonts& fonts, float pixels);

}  // namespace smtplab::app
