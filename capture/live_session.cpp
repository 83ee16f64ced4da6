// Live capture → queue → analyzer (+ file).
#include "capture/live_session.hpp"

namespace smtplab::capture {

std::unique_ptr<LiveSession> LiveSession::start(const LiveOptions& options,
                                                const std::string& save_path, std::string& error,
                                                SessionSink sink, bool snapshots) {
  std::unique_ptr<LiveSession> session(new LiveSession(std::move(sink)));
  if (snapshots) session->analyzer_.keep_open_frames();
  session->capture_ = LiveCapture::open(options, error);
  if (!session->capture_) return nullptr;
  session->name_ = save_path.empty() ? "live:" + options.interface : save_path;
  if (!save_path.empty()) {
    session->writer_ = open_frame_writer(save_path, format_for_path(save_path),
                                         session->capture_->link_type(), error);
    if (!session->writer_) return nullptr;
  }
  session->capture_->start(session->queue_);
  return session;
}

LiveSession::~LiveSession() {
  if (capture_) capture_->stop();
}

void LiveSession::consume(std::vector<OwnedFrame>& batch, const FrameObserver& observer) {
  for (const OwnedFrame& owned : batch) {
    const Frame frame = owned.view(++frames_);
    if (observer) observer(frame);
    if (writer_ && !writer_->write(frame) && writer_->error().size()) {
      analyzer_.note(NoteId::SavingFramesStopped, frame.number, {writer_->error()});
      writer_.reset();
    }
    analyzer_.add(frame);
  }
  batch.clear();
}

std::size_t LiveSession::drain(std::chrono::milliseconds wait, const FrameObserver& observer) {
  std::vector<OwnedFrame> batch;
  if (!queue_.pop_all(batch, wait)) ended_ = true;  // closed and empty: nothing more comes
  const std::size_t count = batch.size();
  consume(batch, observer);
  return count;
}

CaptureAnalysis LiveSession::finish(const FrameObserver& observer) {
  capture_->stop();  // closes the queue once libpcap's last frames are in it
  std::vector<OwnedFrame> batch;
  while (queue_.pop_all(batch, std::chrono::milliseconds(100))) consume(batch, observer);
  consume(batch, observer);
  if (writer_ && !writer_->close()) {
    analyzer_.note(NoteId::SavingFramesFailed, 0, {writer_->error()});
  }
  const std::string problem = capture_->thread_error();
  if (!problem.empty()) analyzer_.note(NoteId::CaptureStopped, 0, {problem});
  const LiveStats counters = capture_->stats();
  if (counters.kernel_dropped + counters.if_dropped + counters.queue_dropped > 0) {
    analyzer_.note(NoteId::FramesDropped, 0,
                   {std::to_string(counters.kernel_dropped), std::to_string(counters.if_dropped),
                    std::to_string(counters.queue_dropped)});
  }
  return analyzer_.finish(name_, capture_->link_type());
}

}  // namespace smtplab::capture
