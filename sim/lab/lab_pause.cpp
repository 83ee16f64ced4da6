// The lab's pausable clock: running time is real time minus the pauses.
#include "sim/lab/lab_pause.hpp"

namespace smtplab::lab {

LabPause::LabPause() : start_(Steady::now()) {}

void LabPause::set_frozen(bool frozen) {
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    const auto now = Steady::now();
    if (frozen && !frozen_at_) {
      frozen_at_ = now;
      changed = true;
    } else if (!frozen && frozen_at_) {
      frozen_total_ += now - *frozen_at_;
      frozen_at_.reset();
      changed = true;
    }
  }
  if (changed && on_change_) on_change_();
}

bool LabPause::frozen() const {
  std::lock_guard lock(mutex_);
  return frozen_at_.has_value();
}

double LabPause::frozen_seconds_locked(Steady::time_point now) const {
  const auto total = frozen_total_ + (frozen_at_ ? now - *frozen_at_ : Steady::duration{});
  return std::chrono::duration<double>(total).count();
}

double LabPause::running_seconds() const {
  std::lock_guard lock(mutex_);
  const auto now = Steady::now();
  return std::chrono::duration<double>(now - start_).count() - frozen_seconds_locked(now);
}

double LabPause::frozen_seconds() const {
  std::lock_guard lock(mutex_);
  return frozen_seconds_locked(Steady::now());
}

}  // namespace smtplab::lab
