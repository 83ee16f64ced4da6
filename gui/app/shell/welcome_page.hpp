// Draws the start page (see welcome.hpp) as a window centred over the panels.
#pragma once

namespace smtplab::app {

struct AppState;

/// Draws the start page while state.welcome.show is set.
void draw_welcome_page(AppState& state);

}  // namespace smtplab::app
