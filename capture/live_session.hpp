// A live capture session: LiveCapture's thread fills a FrameQueue; the consumer drains it
// (the command line in a loop, the GUI once per UI frame) into the same CaptureAnalyzer an
// opened file uses, and optionally into a capture file. One model for live and offline.
#pragma once

#include <chrono>
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
  /// Opens the interface (and `save_path` when not empty) and starts capturing. nullptr
  /// with `error` set when either cannot be opened (see capture_permission_hint()).
  static std::unique_ptr<LiveSession> start(const LiveOptions& options,
                                            const std::string& save_path, std::string& error);
  ~LiveSession();
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  /// Feeds the frames queued so far to the analyzer (and the file), waiting up to `wait`
  /// for the first. Returns the number of frames consumed.
  std::size_t drain(std::chrono::milliseconds wait);
  /// Stops capturing, consumes the rest and returns the analysis (named after the saved
  /// file, or "live:IFACE"). A write error on the saved file becomes a capture note.
  CaptureAnalysis finish();
  /// Counters: kernel drops from pcap_stats, queue drops, frames delivered.
  LiveStats stats() const { return capture_->stats(); }
  /// Frames consumed so far.
  std::uint64_t frames() const { return frames_; }
  int link_type() const { return capture_->link_type(); }

 private:
  LiveSession() = default;
  void consume(std::vector<OwnedFrame>& batch);

  std::string name_;
  std::unique_ptr<LiveCapture> capture_;
  FrameQueue queue_;
  CaptureAnalyzer analyzer_;
  std::unique_ptr<FrameWriter> writer_;
  std::uint64_t frames_ = 0;
};

}  // namespace smtplab::capture
