// The step gate.
#include "sim/lab/step_gate.hpp"

#include "sim/lab/lab_pause.hpp"

namespace smtplab::lab {

bool StepGate::pass() {
  std::unique_lock lock(mutex_);
  if (!step_mode_ || running_through_ || shut_) return !shut_;
  ++waiting_;
  update_pause();
  changed_.notify_all();
  changed_.wait(lock, [this] { return shut_ || !step_mode_ || running_through_ || tokens_ > 0; });
  --waiting_;
  if (step_mode_ && !running_through_ && !shut_) --tokens_;
  update_pause();
  return !shut_;
}

void StepGate::set_step_mode(bool on) {
  std::lock_guard lock(mutex_);
  step_mode_ = on;
  running_through_ = false;
  tokens_ = 0;
  update_pause();
  changed_.notify_all();
}

bool StepGate::step_mode() const {
  std::lock_guard lock(mutex_);
  return step_mode_;
}

void StepGate::release(std::uint64_t count) {
  std::lock_guard lock(mutex_);
  tokens_ += count;
  update_pause();
  changed_.notify_all();
}

void StepGate::run_through() {
  std::lock_guard lock(mutex_);
  running_through_ = true;
  update_pause();
  changed_.notify_all();
}

void StepGate::hold() {
  std::lock_guard lock(mutex_);
  running_through_ = false;
  tokens_ = 0;
  update_pause();
}

bool StepGate::running_through() const {
  std::lock_guard lock(mutex_);
  return running_through_;
}

std::uint64_t StepGate::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

void StepGate::shutdown() {
  std::lock_guard lock(mutex_);
  shut_ = true;
  update_pause();
  changed_.notify_all();
}

void StepGate::update_pause() {
  if (!pause_) return;
  pause_->set_frozen(step_mode_ && !running_through_ && !shut_ && waiting_ > 0 && tokens_ == 0);
}

}  // namespace smtplab::lab
