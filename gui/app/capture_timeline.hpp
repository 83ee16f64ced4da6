// The adapter from a capture's SMTP sessions to timeline events, so the dialogue, topology
// and playback views read the same TimelineEvent stream for a capture file as for a live
// lab run.
#pragma once

#include <vector>

#include "gui/app/capture_model.hpp"
#include "sim/lab/timeline.hpp"

namespace smtplab::app {

/// SessionOpened, Command/Reply/MessageData per dialogue entry (fields "frame",
/// "first_frame", "entry"), TlsStarted after a 220 to STARTTLS, SessionClosed. Sessions are
/// numbered from 1 in capture order; times come from the frames' timestamps.
std::vector<lab::TimelineEvent> timeline_from_capture(const CaptureModel& model);

/// True for the events the dialogue view draws as a line (Command, Reply, MessageData).
bool is_dialogue_event(const lab::TimelineEvent& event);

}  // namespace smtplab::app
