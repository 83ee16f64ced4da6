// The lab's pause: one pausable clock that every timer of the lab consults. While the step
// gate holds an exchange for "Next", the lab's time stands still: the servers' command
// timeouts, the clients' read/write timeouts, the simulated clock (queue retries, queue
// lifetimes, greylisting) all stop counting, for as long as the lecturer talks. Only the
// kernel's TCP timers run (keep-alive is off, and nothing is left unacknowledged while an
// agent waits, so none of them fires). Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

namespace smtplab::lab {

class LabPause {
 public:
  using Steady = std::chrono::steady_clock;

  LabPause();
  /// Freezes (true) or thaws (false) the lab's time; repeating the same value is harmless.
  void set_frozen(bool frozen);
  /// True while the lab's time stands still.
  bool frozen() const;
  /// Real seconds the lab has been running (not frozen) since it was made.
  double running_seconds() const;
  /// Real seconds spent frozen since it was made (shown in the window).
  double frozen_seconds() const;
  /// Called when the lab's time freezes or thaws (outside the pause's lock), so a queue
  /// runner waiting for a retry time can look again. Set before the pause is shared.
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }

 private:
  double frozen_seconds_locked(Steady::time_point now) const;

  mutable std::mutex mutex_;
  Steady::time_point start_;
  Steady::duration frozen_total_{};              // closed pauses
  std::optional<Steady::time_point> frozen_at_;  // the pause in progress, if any
  std::function<void()> on_change_;
};

}  // namespace smtplab::lab
