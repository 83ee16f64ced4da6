// Records a live capture straight into a file, on a thread of its own, for as long as a lab
// runs (`smtplab serve SCENARIO --capture FILE`). Unlike LiveSession nothing is analysed:
// a lab may stay up for hours and only the file is wanted. The file is flushed after every
// batch of frames, so it can be read (analysed, graded) while the recording goes on, and
// stop() leaves it complete and closed.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "capture/frame_queue.hpp"
#include "capture/frame_writer.hpp"
#include "capture/live_capture.hpp"

namespace smtplab::capture {

class CaptureRecorder {
 public:
  /// Opens the interface and `path` (.pcapng by name, else .pcap) and starts recording.
  /// nullptr with `error` set when either cannot be opened; a capture the process may not
  /// make says how to grant it (capture_permission_hint()).
  static std::unique_ptr<CaptureRecorder> start(const LiveOptions& options, const std::string& path,
                                                std::string& error);
  /// Stops (as stop() does) if still recording.
  ~CaptureRecorder();
  CaptureRecorder(const CaptureRecorder&) = delete;
  CaptureRecorder& operator=(const CaptureRecorder&) = delete;

  /// Stops capturing, writes the frames libpcap still holds and closes the file. False
  /// when a frame could not be written (see error()). Safe to call twice.
  bool stop();
  /// Frames written so far.
  std::uint64_t frames() const { return frames_.load(); }
  /// Counters of the capture (kernel and queue drops).
  LiveStats stats() const { return capture_->stats(); }
  /// What went wrong while recording ("" when nothing did).
  std::string error() const;

 private:
  CaptureRecorder() = default;
  void run();

  std::unique_ptr<LiveCapture> capture_;
  FrameQueue queue_;
  std::unique_ptr<FrameWriter> writer_;  // used by the thread only, until it has ended
  std::thread thread_;
  std::atomic<std::uint64_t> frames_{0};
  bool stopped_ = false;
  mutable std::mutex error_mutex_;
  std::string error_;
};

}  // namespace smtplab::capture
