// Stepping: in step mode every agent waits for a token before its next exchange (a
// client's command batch, a server's reply batch), so a lecturer advances the lab one
// exchange at a time while the real TCP sessions stay open. In run mode the gate is open.
// While it holds an agent and no token is left, the gate freezes the lab's pause
// (lab_pause.hpp): the lab's timers stand still until the next token.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace smtplab::lab {

class LabPause;

/// How far one "Next" goes in step mode (LabRuntime::step).
enum class StepUnit {
  Exchange,  ///< one batch of commands or replies (the default)
  Session,   ///< until the next SMTP session closes
  Hop,       ///< until the message changes hands (queued, delivered, deferred or bounced)
};

class StepGate {
 public:
  /// `pause` (may be null) is frozen while the gate holds an agent; it must outlive the gate.
  explicit StepGate(LabPause* pause = nullptr) : pause_(pause) {}
  /// Blocks the calling agent until a token is available (step mode) or returns at once
  /// (run mode). Returns false when the gate was closed for good (shutdown).
  bool pass();
  /// Step mode on or off; turning it off releases everyone.
  void set_step_mode(bool on);
  bool step_mode() const;
  /// Lets `count` more exchanges through.
  void release(std::uint64_t count = 1);
  /// Step mode stays on but every exchange goes through until hold() (a step of one
  /// session or one hop: the runtime calls hold() when that step is over).
  void run_through();
  /// Ends run_through(): agents wait for tokens again.
  void hold();
  /// True between run_through() and hold().
  bool running_through() const;
  /// Number of agents waiting for a token right now.
  std::uint64_t waiting() const;
  /// Releases everyone for good (lab stopping).
  void shutdown();

 private:
  /// Freezes the pause exactly while an agent waits for a token that is not there.
  void update_pause();

  LabPause* pause_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool step_mode_ = false;
  bool running_through_ = false;
  bool shut_ = false;
  std::uint64_t tokens_ = 0;
  std::uint64_t waiting_ = 0;
};

}  // namespace smtplab::lab
