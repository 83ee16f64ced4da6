// A live capture feeding the window: a background thread opens the interface with
// libpcap (capture/'s LiveCapture), drains its frame queue into an append-only store and,
// at most a few times a second, rebuilds from that store the same CaptureModel an opened
// file gives (rows, analysis, correlation index, timeline), handing each new model to the
// UI through the UiQueue. Nothing here blocks the UI thread: opening, draining, rebuilding
// and stopping all happen on the feed's thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "capture/live_capture.hpp"
#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/ui_queue.hpp"

namespace smtplab::app {

class LiveCaptureFeed {
 public:
  LiveCaptureFeed() = default;
  LiveCaptureFeed(const LiveCaptureFeed&) = delete;
  LiveCaptureFeed& operator=(const LiveCaptureFeed&) = delete;
  ~LiveCaptureFeed();

  /// Starts capturing with `options` in the background, once the previous run has handed
  /// over its final model (the window's status says so). The
  /// outcome reaches the window through `queue`: capture_opened() or capture_failed(), then
  /// live_capture_grew() for each rebuilt model, and capture_finished() with the last one.
  void start(const capture::LiveOptions& options, UiQueue& queue);
  /// Asks the capture to stop; the frames libpcap still holds and the final model follow.
  void stop();
  /// True from start() until the thread has handed over its final model.
  bool active() const { return active_.load(); }
  /// Frames stored so far.
  std::uint64_t frames() const { return frames_.load(); }
  /// libpcap's and the queue's counters, as of the last batch.
  capture::LiveStats stats() const;

 private:
  void run(capture::LiveOptions options, UiQueue& queue);

  std::thread worker_;
  std::atomic<bool> active_{false};
  std::atomic<bool> stop_requested_{false};
  std::atomic<std::uint64_t> frames_{0};
  mutable std::mutex stats_mutex_;
  capture::LiveStats stats_;
};

}  // namespace smtplab::app
