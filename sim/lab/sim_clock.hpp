// The simulated clock: simulated seconds run `speed` times faster than real ones, and a
// lecturer (or a scenario step) can jump ahead, so that a 30-minute retry or a 5-day
// queue lifetime can be shown in class. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

namespace smtplab::lab {

class SimClock {
 public:
  explicit SimClock(double speed = 1.0);
  /// Simulated seconds since the clock was made.
  double now() const;
  /// Jumps `seconds` ahead.
  void advance(double seconds);
  /// Changes the speed from now on (simulated time stays continuous).
  void set_speed(double speed);
  double speed() const;

 private:
  using Steady = std::chrono::steady_clock;
  mutable std::mutex mutex_;
  Steady::time_point anchor_real_;
  double anchor_sim_ = 0;
  double speed_;
};

}  // namespace smtplab::lab
