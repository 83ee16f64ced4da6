// Locked frame queue between the capture thread and its consumer.
#include "capture/frame_queue.hpp"

namespace smtplab::capture {

Frame OwnedFrame::view(std::uint64_t number) const {
  Frame frame;
  frame.number = number;
  frame.ts_sec = ts_sec;
  frame.ts_nsec = ts_nsec;
  frame.link_type = link_type;
  frame.original_length = original_length;
  frame.data = std::span<const std::uint8_t>(bytes.data(), bytes.size());
  return frame;
}

bool FrameQueue::push(OwnedFrame frame) {
  {
    std::lock_guard lock(mutex_);
    if (frames_.size() >= kMaxQueued) {
      ++dropped_;
      return false;
    }
    frames_.push_back(std::move(frame));
  }
  ready_.notify_one();
  return true;
}

bool FrameQueue::pop_all(std::vector<OwnedFrame>& out, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, wait, [this] { return closed_ || !frames_.empty(); });
  const bool more = !(closed_ && frames_.empty());
  for (auto& frame : frames_) out.push_back(std::move(frame));
  frames_.clear();
  return more;
}

void FrameQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

std::uint64_t FrameQueue::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace smtplab::capture
