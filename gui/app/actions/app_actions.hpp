// What the user can do, as functions over the application state, shared by the panels,
// the keyboard shortcuts and the UI test script so that all three behave the same. The
// correlation rules live here: selecting a dialogue line selects its frames and bytes;
// selecting a frame lights the dialogue lines it carries.
#pragma once

#include <cstdint>
#include <string>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// Starts opening a capture in the background.
void open_capture(AppState& state, const std::string& path);
/// Opens a file the user chose (the open dialog, a recent file): a capture by its content,
/// else a message in the message view; a message read is remembered as a recent file at
/// once, a capture once it has loaded.
void open_file(AppState& state, const std::string& path);
/// Shows message `message` (0-based) of capture session `session` in the message view.
bool open_captured_message(AppState& state, int session, int message);
/// Selects the frame of the `row`-th (0-based) note the analysis panel lists (the dialogue
/// and the frame details follow); false when there is no such note or it has no frame.
bool select_listed_note(AppState& state, int row);
/// Puts `path` first in the recent files and saves the settings.
void remember_opened_file(AppState& state, const std::string& path);
/// Selects a session (0-based); clears the line and frame selection.
void select_session(AppState& state, int session);
/// Selects a timeline event: for a dialogue line, its frames and bytes.
void select_event(AppState& state, std::size_t index);
/// Selects a frame (1-based): shows its details and lights the dialogue lines it carries.
void select_frame(AppState& state, std::uint64_t number);
/// Moves the selection one dialogue line forward (+1) or back (-1) in the timeline.
void step_exchange(AppState& state, int delta);
/// Applies a display filter; returns false (and sets the error) when it is not understood.
bool apply_filter(AppState& state, const std::string& text);
/// Switches the lesson chapter (1..the last chapter); the text is loaded on the next draw.
void open_lesson(AppState& state, int chapter);
/// Switches the window's language and remembers the choice for the next launch.
void choose_language(AppState& state, Language language);
/// The index of the `line`-th (1-based) dialogue event of `session` (0-based).
std::optional<std::size_t> dialogue_event_index(const AppState& state, int session, int line);

}  // namespace smtplab::app
