// A live capture session: LiveCapture's thread fills a FrameQueue; the consumer drains it
// (the command line in a loop, the GUI once per UI frame) into the same CaptureAnalyzer an
// opened file uses, and optionally into a capture file. One model for live and offline.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "capture/capture_analyzer.hpp"
#include "capture/frame_queue.hpp"
#include "capture/frame_writer.hpp"
#include "capture/live_capture.hpp"

namespace smtplab::capture {

class LiveSession {
 public:
  /// Called with each frame as it is consumed (the window keeps every frame's bytes).
  using FrameObserver = std::function<void(const Frame& frame)>;

  /// Opens the interface (and `save_path` when not empty) and starts capturing. nullptr
  /// with `error` set when either cannot be opened (see capture_permission_hint()).
  /// Finished sessions go to `sink` when one is given (see CaptureAnalyzer); with
  /// `snapshots`, snapshot() shows the sessions still going on.
  static std::unique_ptr<LiveSession> start(const LiveOptions& options,
                                            const std::string& save_path, std::string& error,
                                            SessionSink sink = {}, bool snapshots = false);
  ~LiveSession();
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  /// Feeds the frames queued so far to the analyzer (and the file, and `observer`), waiting
  /// up to `wait` for the first. Returns the number of frames consumed.
  std::size_t drain(std::chrono::milliseconds wait, const FrameObserver& observer = {});
  /// True once the capture has ended by itself (its thread stopped on an error, see
  /// thread_error()) and every frame it delivered was consumed.
  bool ended() const { return ended_; }
  /// The analysis as if the capture ended now, while it goes on (needs `snapshots`).
  CaptureAnalysis snapshot() { return analyzer_.snapshot(name_, capture_->link_type()); }
  /// Stops capturing, consumes the rest and returns the analysis (named after the saved
  /// file, or "live:IFACE"). A write error on the saved file becomes a capture note.
  CaptureAnalysis finish(const FrameObserver& observer = {});
  /// Why the capture thread stopped by itself, or empty.
  std::string thread_error() const { return capture_->thread_error(); }
  /// Counters: kernel drops from pcap_stats, queue drops, frames delivered.
  LiveStats stats() const { return capture_->stats(); }
  /// Frames consumed so far.
  std::uint64_t frames() const { return frames_; }
  int link_type() const { return capture_->link_type(); }

 private:
  explicit LiveSession(SessionSink sink) : analyzer_(std::move(sink)) {}
  void consume(std::vector<OwnedFrame>& batch, const FrameObserver& observer);

  std::string name_;
  std::unique_ptr<LiveCapture> capture_;
  FrameQueue queue_;
  CaptureAnalyzer analyzer_;
  std::unique_ptr<FrameWriter> writer_;
  std::uint64_t frames_ = 0;
  bool ended_ = false;
};

}  // namespace smtplab::capture
