// The live capture's actions and handlers (see capture_controls.hpp).
#include "gui/app/actions/capture_controls.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <string_view>
#include <utility>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/capture_timeline.hpp"
#include "gui/cli/lab_capture_filter.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {
namespace {

/// Where an event sits in its session (k-th event of session s; session 0: nowhere), so a
/// selection survives a rebuilt timeline: a session's events only ever grow at its end.
struct EventPosition {
  std::uint64_t session = 0;
  std::size_t index_in_session = 0;
};

EventPosition position_of(const AppState& state, std::size_t event) {
  if (event >= state.timeline.size()) return {};
  const std::uint64_t session = state.timeline[event].session;
  if (session == 0 || session > state.session_events.size()) return {};
  const auto& events = state.session_events[session - 1];
  for (std::size_t k = 0; k < events.size(); ++k) {
    if (events[k] == event) return {session, k};
  }
  return {};
}

void follow_latest_line(AppState& state);

/// Shows a newer model of the live capture in place of the previous one: frames, filter
/// index and (when `take_timeline`) the dialogue's timeline, keeping what was selected.
void show_live_model(AppState& state, std::shared_ptr<const CaptureModel> model,
                     bool take_timeline) {
  const Selection old = state.selection;
  const EventPosition position = old.event ? position_of(state, *old.event) : EventPosition{};
  state.capture = std::move(model);
  // Re-index with the filter in force, leaving alone what the user may be typing.
  const std::string typing = state.frames.filter_input;
  if (!apply_filter(state, state.frames.filter_applied)) apply_filter(state, "");
  state.frames.filter_input = typing;
  if (!take_timeline) return;  // the lab's own timeline stays shown (Lab > Show the live lab)
  state.timeline_source = TimelineSource::Capture;
  state.timeline = state.capture->timeline;
  state.session_events = state.capture->session_events;
  state.selection = Selection{};
  state.selection.session = old.session;
  if (position.session > 0 && position.session <= state.session_events.size() &&
      position.index_in_session < state.session_events[position.session - 1].size()) {
    select_event(state, state.session_events[position.session - 1][position.index_in_session]);
    if (old.frame) state.selection.frame = old.frame;
  } else if (old.frame) {
    select_frame(state, old.frame);
  }
  // Growing must not move the views the user is reading.
  state.selection.scroll_frames = false;
  state.selection.scroll_dialogue = false;
  state.selection.field = old.field;
  if (state.selection.session < 0 && !state.session_events.empty()) state.selection.session = 0;
  if (state.step.follow) follow_latest_line(state);
}

/// Stepping the lab beside its capture: the latest line on the wire is selected with the
/// frames that carried it, as they arrive.
void follow_latest_line(AppState& state) {
  std::optional<std::size_t> latest;
  for (std::size_t i = 0; i < state.timeline.size(); ++i) {
    if (is_dialogue_event(state.timeline[i]) &&
        (!latest || state.timeline[i].time >= state.timeline[*latest].time))
      latest = i;
  }
  if (latest && (!state.selection.event || *state.selection.event != *latest))
    select_event(state, *latest);
}

}  // namespace

std::string topology_capture_filter(const AppState& state) {
  return cli::lab_capture_filter(state.topology.topology, state.live.runtime());
}

void refresh_capture_filter(AppState& state) {
  // While capturing, the field shows the filter in force.
  if (!state.capture_state.filter_edited && !live_capture_active(state))
    state.capture_state.filter = topology_capture_filter(state);
}

void poll_capture_interfaces(AppState& state) {
  CaptureState& cs = state.capture_state;
  if (!cs.listing.valid()) {
    if (cs.interfaces.empty() && cs.interfaces_error.empty())
      cs.listing = std::async(std::launch::async, list_capture_interfaces);
    return;
  }
  if (cs.listing.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  CaptureInterfaceList list = cs.listing.get();
  cs.interfaces = std::move(list.interfaces);
  cs.interfaces_error = std::move(list.error);
}

bool start_live_capture(AppState& state, const std::string& interface) {
  CaptureState& cs = state.capture_state;
  if (live_capture_active(state)) return false;
  refresh_capture_filter(state);
  cs.show = true;
  cs.interface = interface;
  cs.status = CaptureStatus::Starting;
  cs.error.clear();
  cs.setcap_command.clear();
  cs.take_views = true;
  capture::LiveOptions options;
  options.interface = interface;
  options.filter = cs.filter;
  cs.feed.start(options, state.queue);
  return true;
}

void stop_live_capture(AppState& state) {
  CaptureState& cs = state.capture_state;
  if (cs.status != CaptureStatus::Starting && cs.status != CaptureStatus::Running) return;
  cs.status = CaptureStatus::Stopping;
  cs.feed.stop();
}

bool live_capture_active(const AppState& state) {
  const CaptureStatus status = state.capture_state.status;
  return status == CaptureStatus::Starting || status == CaptureStatus::Running ||
         status == CaptureStatus::Stopping;
}

bool save_capture(AppState& state, const std::string& path) {
  CaptureState& cs = state.capture_state;
  std::shared_ptr<const CaptureModel> model = cs.model ? cs.model : state.capture;
  if (!model || model->rows.empty() || path.empty() || cs.saver.busy()) return false;
  cs.save_path = path;
  cs.saver.start(std::move(model), path, state.queue);
  return true;
}

void capture_opened(AppState& state) {
  // A Stop pressed while the interface was opening stays in force.
  if (state.capture_state.status == CaptureStatus::Starting)
    state.capture_state.status = CaptureStatus::Running;
}

void capture_failed(AppState& state, const std::string& error) {
  CaptureState& cs = state.capture_state;
  cs.status = CaptureStatus::Failed;
  cs.take_views = false;
  ++cs.runs_finished;
  // capture/ words the permission case with its setcap hint: the window shows libpcap's
  // reason, the command for this binary, and what to do in the user's language.
  const bool permission = error.find("setcap") != std::string::npos;
  cs.error = error.substr(0, error.find('\n'));
  if (permission) cs.setcap_command = capture::setcap_command();
  state.errors.push_back({permission ? cs.error + "\n" + cs.setcap_command : cs.error,
                          permission ? Text::CapturePermissionHint : Text::CaptureFailedHint});
}

void live_capture_grew(AppState& state, std::shared_ptr<const CaptureModel> model) {
  CaptureState& cs = state.capture_state;
  // The views follow the capture only while they show it: a file opened meanwhile stays.
  const bool views_show_it = cs.take_views || (state.capture && state.capture == cs.model);
  const bool take_timeline = cs.take_views || state.timeline_source != TimelineSource::Live;
  cs.model = model;
  if (!views_show_it) return;
  cs.take_views = false;
  show_live_model(state, std::move(model), take_timeline);
}

void capture_finished(AppState& state, std::shared_ptr<const CaptureModel> model,
                      const std::string& problem) {
  CaptureState& cs = state.capture_state;
  if (model && !model->rows.empty()) live_capture_grew(state, std::move(model));
  cs.status = CaptureStatus::Stopped;
  cs.take_views = false;
  ++cs.runs_finished;
  if (!problem.empty()) {
    cs.error = problem;
    state.errors.push_back({problem, Text::CaptureFailedHint});
  }
}

void capture_saved(AppState& state, const std::string& path, std::uint64_t frames,
                   const std::string& error) {
  CaptureState& cs = state.capture_state;
  ++cs.saves_finished;
  cs.save_error = error;
  if (error.empty()) {
    cs.saved_file = path;
    cs.saved_frames = frames;
  }
}

}  // namespace smtplab::app
