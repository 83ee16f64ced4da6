// The open dialog (Ctrl+O, File > Open, the start page): ImGui-native and keyboard driven.
// The typed text narrows the list, or is a path when it holds a '/'; Up/Down, Page Up/Down,
// Home/End move the cursor; Enter enters a folder or opens a file; Backspace in an empty
// field goes to the parent folder; Escape closes. Beside the list: the recent files and a
// few places (home, the sample captures, the working folder). It opens captures and
// messages (.eml); the model is file_browser.hpp.
#pragma once

namespace smtplab::app {

struct AppState;

/// Draws the dialog while state.show_open_dialog is set.
void draw_open_dialog(AppState& state);

}  // namespace smtplab::app
