// The hand-over between the capture thread and whoever consumes frames (the command line
// or the GUI, once per UI frame): frames are copied out of libpcap's buffer into owned
// storage and passed through one locked queue, so libpcap's buffer is never shared.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "capture/frame.hpp"

namespace smtplab::capture {

/// A frame that owns its bytes (a Frame's `data` points into a reader's buffer).
struct OwnedFrame {
  std::int64_t ts_sec = 0;
  std::uint32_t ts_nsec = 0;
  int link_type = 0;
  std::uint32_t original_length = 0;
  std::vector<std::uint8_t> bytes;

  /// A view numbered `number`, valid while this object lives.
  Frame view(std::uint64_t number) const;
};

class FrameQueue {
 public:
  /// Frames kept at most while the consumer lags; beyond this frames are dropped and
  /// counted, never buffered without bound.
  static constexpr std::size_t kMaxQueued = 1 << 20;

  /// Adds a frame (producer side). False when the queue was full and the frame dropped.
  bool push(OwnedFrame frame);
  /// Moves every queued frame to `out`, waiting up to `wait` for the first one. Returns
  /// false once the queue is closed and empty (nothing more will come).
  bool pop_all(std::vector<OwnedFrame>& out, std::chrono::milliseconds wait);
  /// The producer is done: consumers drain what is left, then pop_all returns false.
  void close();
  /// Frames dropped because the consumer lagged too far behind.
  std::uint64_t dropped() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<OwnedFrame> frames_;
  bool closed_ = false;
  std::uint64_t dropped_ = 0;
};

}  // namespace smtplab::capture
