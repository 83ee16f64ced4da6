// Live capture → queue → file, on one thread (see capture_recorder.hpp).
#include "capture/capture_recorder.hpp"

#include <chrono>
#include <vector>

namespace smtplab::capture {

std::unique_ptr<CaptureRecorder> CaptureRecorder::start(const LiveOptions& options,
                                                        const std::string& path,
                                                        std::string& error) {
  std::unique_ptr<CaptureRecorder> recorder(new CaptureRecorder());
  // The interface first: without the permission to capture, no empty file is left behind.
  recorder->capture_ = LiveCapture::open(options, error);
  if (!recorder->capture_) return nullptr;
  recorder->writer_ =
      open_frame_writer(path, format_for_path(path), recorder->capture_->link_type(), error);
  if (!recorder->writer_ || !recorder->writer_->flush()) {
    if (recorder->writer_) error = path + ": " + recorder->writer_->error();
    return nullptr;
  }
  recorder->capture_->start(recorder->queue_);
  recorder->thread_ = std::thread([r = recorder.get()] { r->run(); });
  return recorder;
}

CaptureRecorder::~CaptureRecorder() {
  stop();
}

void CaptureRecorder::run() {
  std::vector<OwnedFrame> batch;
  bool writing = true;
  // pop_all returns false once the capture has stopped and its last frames are taken.
  for (bool more = true; more;) {
    more = queue_.pop_all(batch, std::chrono::milliseconds(200));
    for (const OwnedFrame& owned : batch) {
      if (!writing) break;
      const Frame frame = owned.view(frames_.load() + 1);
      if (!writer_->write(frame)) {
        writing = false;
        break;
      }
      ++frames_;
    }
    // Flushed per batch: what the kernel gave is on disk before the next wait.
    if (writing && !batch.empty() && !writer_->flush()) writing = false;
    batch.clear();
    if (!writing) {
      std::lock_guard lock(error_mutex_);
      if (error_.empty()) error_ = "saving frames stopped: " + writer_->error();
    }
  }
}

bool CaptureRecorder::stop() {
  if (stopped_ || !capture_ || !writer_) return error().empty();  // stopped, or never started
  stopped_ = true;
  capture_->stop();  // closes the queue once libpcap's last frames are in it
  if (thread_.joinable()) thread_.join();
  const bool closed = writer_->close();
  std::lock_guard lock(error_mutex_);
  if (!closed && error_.empty()) error_ = "saving frames failed: " + writer_->error();
  if (const std::string problem = capture_->thread_error(); !problem.empty() && error_.empty())
    error_ = "capture stopped: " + problem;
  return error_.empty();
}

std::string CaptureRecorder::error() const {
  std::lock_guard lock(error_mutex_);
  return error_;
}

}  // namespace smtplab::capture
