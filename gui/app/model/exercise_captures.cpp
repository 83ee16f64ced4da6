// The exercise's frame answers in the window (see exercise_captures.hpp).
#include "gui/app/model/exercise_captures.hpp"

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

cli::LabCapture lab_capture_of(std::shared_ptr<const CaptureModel> model, bool live) {
  cli::LabCapture out;
  if (!model) {
    out.missing = {
        "pas de capture du lab dans la fenêtre : lancez Fichier > Capture en direct "
        "(interface lo) avant d'envoyer le message, puis renvoyez-le",
        "no capture of the lab in the window: start File > Live capture (interface "
        "lo) before you send the message, then send it again"};
    return out;
  }
  out.name = live ? lab::LocalizedText{"la capture en direct", "the live capture"}
                  : lab::LocalizedText{"la capture " + model->file, "the capture " + model->file};
  // The rows hold what the index needs: no frame is decoded again.
  auto log = std::make_shared<capture::SegmentLog>(true, false);
  for (std::size_t i = 0; i < model->rows.size(); ++i) {
    const FrameRow& row = model->rows[i];
    if (!row.has_tcp) continue;
    log->add(i + 1, row.source, row.destination, row.tcp_flags, row.seq, row.ack,
             row.payload_length);
  }
  out.segments = std::move(log);
  return out;
}

lab::FrameAnswerSource exercise_frame_answers(const AppState& state) {
  // The lab's live capture is where its frames are, even while the views show a file
  // opened for another question; without one, the capture the Frames panel shows.
  const bool live = state.capture_state.model != nullptr;
  std::shared_ptr<const CaptureModel> model = live ? state.capture_state.model : state.capture;
  return cli::capture_answer_source(
      [model = std::move(model), live] { return lab_capture_of(model, live); },
      state.exercise.scenario_dir, state.exercise.capture_files);
}

}  // namespace smtplab::app
