// The captures the window's exercise grades frame questions on (chapter 13), with the
// same source as `smtplab check` (gui/cli/capture_answers.hpp): the lab's own frames come
// from the live capture of the lab (File > Live capture), else from the capture the Frames
// panel shows; the files a question names come from the scenario's folder.
#pragma once

#include <memory>

#include "gui/app/model/capture_model.hpp"
#include "gui/cli/capture_answers.hpp"

namespace smtplab::app {

struct AppState;

/// The lab's frames of a capture the window holds, indexed for the frame questions
/// (nullptr: none, and the LabCapture says how to make one).
cli::LabCapture lab_capture_of(std::shared_ptr<const CaptureModel> model, bool live);

/// The frame-answer source for the exercise as the window is now (UI thread; the source
/// itself may be called from any thread).
lab::FrameAnswerSource exercise_frame_answers(const AppState& state);

}  // namespace smtplab::app
