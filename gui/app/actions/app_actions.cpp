// The user's actions and the correlation rules (see app_actions.hpp).
#include "gui/app/actions/app_actions.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "gui/app/actions/mail_actions.hpp"
#include "gui/app/model/capture_findings.hpp"
#include "gui/app/model/capture_timeline.hpp"
#include "gui/app/model/file_browser.hpp"
#include "gui/app/model/frame_filter.hpp"
#include "gui/app/model/lesson_files.hpp"
#include "gui/app/model/user_settings.hpp"

namespace smtplab::app {

void AppState::adopt_capture(std::shared_ptr<const CaptureModel> model) {
  capture = std::move(model);
  timeline_source = TimelineSource::Capture;
  timeline = capture->timeline;
  session_events = capture->session_events;
  selection = Selection{};
  if (!capture->analysis.sessions.empty()) selection.session = 0;
  frames.visible.clear();
  frames.filter_applied.clear();
  if (!apply_filter(*this, frames.filter_input)) apply_filter(*this, "");
}

void open_capture(AppState& state, const std::string& path) {
  state.loader.start(path, state.queue);
}

void open_file(AppState& state, const std::string& path) {
  switch (file_kind(path)) {
    case FileKind::Capture:
      open_capture(state, path);
      break;
    case FileKind::Message:
      if (open_message_file(state, path)) remember_opened_file(state, path);
      break;
    case FileKind::Folder:
      break;  // the dialog enters folders itself
  }
}

bool open_captured_message(AppState& state, int session, int message) {
  if (!state.capture || session < 0 || message < 0) return false;
  const auto& sessions = state.capture->analysis.sessions;
  if (static_cast<std::size_t>(session) >= sessions.size()) return false;
  const auto& messages = sessions[static_cast<std::size_t>(session)].messages;
  if (static_cast<std::size_t>(message) >= messages.size()) return false;
  char origin[1200];
  std::snprintf(origin, sizeof origin, state.t(Text::CapturedMessageOrigin),
                std::filesystem::path(state.capture->file).filename().string().c_str(), session + 1,
                message + 1);
  open_message_content(state, messages[static_cast<std::size_t>(message)].content, origin);
  return true;
}

bool select_listed_note(AppState& state, int row) {
  if (!state.capture || row < 0) return false;
  const auto notes = listed_notes(*state.capture, state.analysis_view.show_chat);
  if (static_cast<std::size_t>(row) >= notes.size()) return false;
  const std::uint64_t frame = notes[static_cast<std::size_t>(row)].note->frame;
  if (frame == 0) return false;
  select_frame(state, frame);
  state.selection.scroll_frames = true;
  return true;
}

void remember_opened_file(AppState& state, const std::string& path) {
  remember_recent_file(state.settings, path);
  save_user_settings(state.settings_file, state.settings);
}

void select_session(AppState& state, int session) {
  state.selection = Selection{};
  state.selection.session = session;
}

void select_event(AppState& state, std::size_t index) {
  if (index >= state.timeline.size()) return;
  const auto& event = state.timeline[index];
  Selection& sel = state.selection;
  sel.event = index;
  sel.events.clear();
  sel.field.reset();
  sel.highlights.clear();
  sel.frames.clear();
  sel.scroll_dialogue = true;
  if (event.session > 0) sel.session = static_cast<int>(event.session - 1);
  if (!state.capture) return;
  sel.highlights = state.capture->ranges_for_event(event);
  for (const auto& range : sel.highlights) {
    if (std::find(sel.frames.begin(), sel.frames.end(), range.frame) == sel.frames.end()) {
      sel.frames.push_back(range.frame);
    }
  }
  // The details show the frame that completed the line (its last byte), as the text
  // report's "frame" does.
  if (!sel.frames.empty()) {
    sel.frame = sel.frames.back();
    sel.scroll_frames = true;
  }
}

void select_frame(AppState& state, std::uint64_t number) {
  if (!state.capture || number == 0 || number > state.capture->rows.size()) return;
  Selection& sel = state.selection;
  sel.frame = number;
  sel.frames = {number};
  sel.field.reset();
  sel.event.reset();
  sel.highlights.clear();
  sel.events = state.capture->events_for_frame(number);
  for (std::size_t index : sel.events) {
    for (const auto& range : state.capture->ranges_for_event(state.timeline[index])) {
      if (range.frame == number) sel.highlights.push_back(range);
    }
  }
  const auto& row = state.capture->rows[number - 1];
  if (row.session >= 0) sel.session = row.session;
  sel.scroll_dialogue = !sel.events.empty();
}

void step_exchange(AppState& state, int delta) {
  // Live step mode: "next" moves the lab itself on (one exchange, session or hop), whatever
  // the views show (the lab's dialogue, a live capture of it, or both); the dialogue then
  // follows the lab, selecting each new line as it arrives (LiveLab::poll).
  if (delta > 0 && state.live.running() && state.live.step_mode()) {
    state.live.step(state.step.unit);
    state.step.follow = true;
    state.step.failure = {};  // what this step does is said afresh
    return;
  }
  state.step.follow = false;  // going back over what happened: the selection stays put
  const auto& tl = state.timeline;
  if (tl.empty()) return;
  long i = state.selection.event ? static_cast<long>(*state.selection.event) : -1;
  const long n = static_cast<long>(tl.size());
  if (!state.selection.event && delta < 0) i = n;
  for (i += delta; i >= 0 && i < n; i += delta) {
    if (is_dialogue_event(tl[static_cast<std::size_t>(i)])) {
      select_event(state, static_cast<std::size_t>(i));
      return;
    }
  }
}

bool apply_filter(AppState& state, const std::string& text) {
  state.frames.filter_input = text;
  std::string error;
  const auto filter = FrameFilter::parse(text, error);
  if (!filter) {
    state.frames.filter_error = error;
    return false;
  }
  state.frames.filter_error.clear();
  state.frames.filter_applied = text;
  state.frames.visible =
      state.capture ? filter_frames(*state.capture, *filter) : std::vector<std::uint32_t>{};
  return true;
}

void open_lesson(AppState& state, int chapter) {
  const auto chapters = lesson_files(state.source_dir, std::string(language_code(state.language)));
  state.lesson.chapter = std::clamp(chapter, 1, std::max(1, static_cast<int>(chapters.size())));
}

void choose_language(AppState& state, Language language) {
  state.language = language;
  state.settings.language = language;
  save_user_settings(state.settings_file, state.settings);
}

std::optional<std::size_t> dialogue_event_index(const AppState& state, int session, int line) {
  int seen = 0;
  if (session < 0 || static_cast<std::size_t>(session) >= state.session_events.size())
    return std::nullopt;
  for (std::size_t i : state.session_events[static_cast<std::size_t>(session)]) {
    if (!is_dialogue_event(state.timeline[i])) continue;
    if (++seen == line) return i;
  }
  return std::nullopt;
}

}  // namespace smtplab::app
