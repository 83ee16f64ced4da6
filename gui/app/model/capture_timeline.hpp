// The adapter from a capture's SMTP sessions to timeline events, so the dialogue, topology
// and playback views read the same TimelineEvent stream for a capture file as for a live
// lab run.
#pragma once

#include <vector>

#include "gui/app/model/capture_model.hpp"
#include "sim/lab/timeline.hpp"

namespace smtplab::app {

/// SessionOpened, Command/Reply/MessageData per dialogue entry (a CaptureRefPayload: frame,
/// first frame, entry), TlsStarted after a 220 to STARTTLS, SessionClosed. Sessions are
/// numbered from 1 in capture order; times come from the frames' timestamps.
std::vector<lab::TimelineEvent> timeline_from_capture(const CaptureModel& model);

/// True for the events the dialogue view draws as a line (Command, Reply, MessageData).
bool is_dialogue_event(const lab::TimelineEvent& event);

/// Indices of the events of each session (index = session number - 1), in timeline order,
/// so per-session views do not scan the whole timeline every frame.
std::vector<std::vector<std::size_t>> index_events_by_session(
    const std::vector<lab::TimelineEvent>& timeline);

}  // namespace smtplab::app
