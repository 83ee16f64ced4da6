// Simulated time as a piecewise-linear function of real time.
#include "sim/lab/sim_clock.hpp"

namespace smtplab::lab {

SimClock::SimClock(double speed) : anchor_real_(Steady::now()), speed_(speed) {}

double SimClock::now() const {
  std::lock_guard lock(mutex_);
  return anchor_sim_ + speed_ * std::chrono::duration<double>(Steady::now() - anchor_real_).count();
}

void SimClock::advance(double seconds) {
  std::lock_guard lock(mutex_);
  anchor_sim_ += seconds;
}

void SimClock::set_speed(double speed) {
  std::lock_guard lock(mutex_);
  const auto real = Steady::now();
  anchor_sim_ += speed_ * std::chrono::duration<double>(real - anchor_real_).count();
  anchor_real_ = real;
  speed_ = speed;
}

double SimClock::speed() const {
  std::lock_guard lock(mutex_);
  return speed_;
}

}  // namespace smtplab::lab
