// The saving task (see capture_saver.hpp).
#include "gui/app/live/capture_saver.hpp"

#include "capture/frame_writer.hpp"
#include "gui/app/actions/capture_controls.hpp"

namespace smtplab::app {

CaptureSaver::~CaptureSaver() {
  if (worker_.joinable()) worker_.join();
}

void CaptureSaver::start(std::shared_ptr<const CaptureModel> model, const std::string& path,
                         UiQueue& queue) {
  if (busy_ || !model) return;
  if (worker_.joinable()) worker_.join();
  busy_ = true;
  worker_ = std::thread([this, model = std::move(model), path, &queue] {
    std::string error;
    auto writer =
        capture::open_frame_writer(path, capture::format_for_path(path), model->link_type, error);
    std::uint64_t written = 0;
    if (writer) {
      for (std::uint64_t number = 1; number <= model->rows.size(); ++number) {
        if (!writer->write(model->frame(number))) break;
      }
      // close() flushes: a full disk shows up here, not before.
      if (!writer->close() || !writer->error().empty()) error = path + ": " + writer->error();
      written = writer->frames_written();
    }
    queue.post(
        [path, written, error](AppState& state) { capture_saved(state, path, written, error); });
    busy_ = false;
  });
}

}  // namespace smtplab::app
