// Opening a capture file as a background task: reads every frame into a CaptureModel,
// runs capture/'s analyzer, indexes the frames and rebuilds the timeline, reporting
// progress; the finished model (or the error) reaches the UI through the UiQueue.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "gui/app/model/ui_queue.hpp"

namespace smtplab::app {

class CaptureLoader {
 public:
  CaptureLoader() = default;
  CaptureLoader(const CaptureLoader&) = delete;
  CaptureLoader& operator=(const CaptureLoader&) = delete;
  ~CaptureLoader();

  /// Starts loading `path` (ignored while another load runs); results go to `queue`.
  void start(const std::string& path, UiQueue& queue);
  /// True while a load runs.
  bool busy() const { return busy_.load(); }
  /// 0..1, an estimate from the bytes read.
  float progress() const { return progress_.load(); }
  /// The path being loaded.
  const std::string& path() const { return path_; }

 private:
  std::thread worker_;
  std::atomic<bool> busy_{false};
  std::atomic<bool> cancel_{false};
  std::atomic<float> progress_{0.0f};
  std::string path_;
};

}  // namespace smtplab::app
