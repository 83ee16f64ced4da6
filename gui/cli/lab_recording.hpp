// Recording a running lab's frames into a file (`smtplab serve --capture`, `smtplab run
// --capture`): libpcap on lo, filtered to the topology's addresses and bound ports. When it
// cannot start, says why on stderr in the user's language (with the setcap line when the
// process lacks the capture capabilities).
#pragma once

#include <memory>
#include <string>

#include "capture/capture_recorder.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::cli {

/// Starts recording `lab` (started: the filter names its bound ports) into `file`; on
/// failure prints "`program`: cannot capture into FILE: why" and returns nullptr.
std::unique_ptr<capture::CaptureRecorder> start_lab_recording(const lab::LabRuntime& lab,
                                                              const std::string& file, bool fr,
                                                              const char* program);

/// Waits until the recorder has taken no new frame for a moment (the frames of what the
/// lab just did reach the file a little after it), at most two seconds.
void settle_recording(const capture::CaptureRecorder& recorder);

}  // namespace smtplab::cli
