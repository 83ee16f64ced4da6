// The step gate.
#include "sim/lab/step_gate.hpp"

namespace smtplab::lab {

bool StepGate::pass() {
  std::unique_lock lock(mutex_);
  if (!step_mode_ || shut_) return !shut_;
  ++waiting_;
  changed_.notify_all();
  changed_.wait(lock, [this] { return shut_ || !step_mode_ || tokens_ > 0; });
  --waiting_;
  if (shut_) return false;
  if (step_mode_) --tokens_;
  return true;
}

void StepGate::set_step_mode(bool on) {
  std::lock_guard lock(mutex_);
  step_mode_ = on;
  tokens_ = 0;
  changed_.notify_all();
}

bool StepGate::step_mode() const {
  std::lock_guard lock(mutex_);
  return step_mode_;
}

void StepGate::release(std::uint64_t count) {
  std::lock_guard lock(mutex_);
  tokens_ += count;
  changed_.notify_all();
}

std::uint64_t StepGate::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

void StepGate::shutdown() {
  std::lock_guard lock(mutex_);
  shut_ = true;
  changed_.notify_all();
}

}  // namespace smtplab::lab
