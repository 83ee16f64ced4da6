// The simulated clock: simulated seconds run `speed` times faster than the lab's running
// time, and a lecturer (or a scenario step) can jump ahead, so that a 30-minute retry or a
// 5-day queue lifetime can be shown in class. Given the lab's pause (lab_pause.hpp), it
// stands still while the lab waits for "Next": queue retries and lifetimes then wait too.
// Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>

namespace smtplab::lab {

class LabPause;

class SimClock {
 public:
  /// `pause` (may be null: real time) must outlive the clock.
  explicit SimClock(double speed = 1.0, const LabPause* pause = nullptr);
  /// Simulated seconds since the clock was made.
  double now() const;
  /// Jumps `seconds` ahead.
  void advance(double seconds);
  /// Changes the speed from now on (simulated time stays continuous).
  void set_speed(double speed);
  double speed() const;
  /// Called after every advance() and set_speed() (outside the clock's lock), so a queue
  /// runner waiting for a retry time can look again at once. Set before the clock is shared.
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }

 private:
  using Steady = std::chrono::steady_clock;
  /// Seconds of the time base: the lab's running time, or real time without a pause.
  double base() const;

  mutable std::mutex mutex_;
  const LabPause* pause_;
  Steady::time_point start_;
  double anchor_base_ = 0;
  double anchor_sim_ = 0;
  double speed_;
  std::function<void()> on_change_;
};

}  // namespace smtplab::lab
