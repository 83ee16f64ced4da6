// The user's actions and the correlation rules (see app_actions.hpp).
#include "gui/app/app_actions.hpp"

#include <algorithm>
#include <cstdlib>

#include "gui/app/capture_timeline.hpp"
#include "gui/app/frame_filter.hpp"
#include "gui/app/user_settings.hpp"

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
  state.lesson.chapter = std::clamp(chapter, 1, 14);
}

void choose_language(AppState& state, Language language) {
  state.language = language;
  save_user_settings(state.settings_file, UserSettings{language});
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
