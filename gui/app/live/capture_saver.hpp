// Saving the frames of a capture (live or opened) as .pcap or .pcapng, on a background
// thread so a large capture never stalls the window; the result reaches the UI through
// the UiQueue (capture_saved() in capture_controls.hpp).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/ui_queue.hpp"

namespace smtplab::app {

class CaptureSaver {
 public:
  CaptureSaver() = default;
  CaptureSaver(const CaptureSaver&) = delete;
  CaptureSaver& operator=(const CaptureSaver&) = delete;
  ~CaptureSaver();

  /// Writes every frame of `model` to `path`: .pcapng when the name ends so, else .pcap
  /// (ignored while a save runs).
  void start(std::shared_ptr<const CaptureModel> model, const std::string& path, UiQueue& queue);
  /// True while a save runs.
  bool busy() const { return busy_.load(); }

 private:
  std::thread worker_;
  std::atomic<bool> busy_{false};
};

}  // namespace smtplab::app
