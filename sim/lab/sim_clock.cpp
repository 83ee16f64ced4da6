// Simulated time as a piecewise-linear function of the lab's running time.
#include "sim/lab/sim_clock.hpp"

#include "sim/lab/lab_pause.hpp"

namespace smtplab::lab {

SimClock::SimClock(double speed, const LabPause* pause)
    : pause_(pause), start_(Steady::now()), speed_(speed) {
  anchor_base_ = base();
}

double SimClock::base() const {
  if (pause_) return pause_->running_seconds();
  return std::chrono::duration<double>(Steady::now() - start_).count();
}

double SimClock::now() const {
  std::lock_guard lock(mutex_);
  return anchor_sim_ + speed_ * (base() - anchor_base_);
}

void SimClock::advance(double seconds) {
  {
    std::lock_guard lock(mutex_);
    anchor_sim_ += seconds;
  }
  if (on_change_) on_change_();
}

void SimClock::set_speed(double speed) {
  {
    std::lock_guard lock(mutex_);
    const double b = base();
    anchor_sim_ += speed_ * (b - anchor_base_);
    anchor_base_ = b;
    speed_ = speed;
  }
  if (on_change_) on_change_();
}

double SimClock::speed() const {
  std::lock_guard lock(mutex_);
  return speed_;
}

}  // namespace smtplab::lab
