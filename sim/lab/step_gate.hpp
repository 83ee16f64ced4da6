// Stepping: in step mode every agent waits for a token before its next exchange (a
// client's command batch, a server's reply batch), so a lecturer advances the lab one
// exchange at a time while the real TCP sessions stay open. In run mode the gate is open.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace smtplab::lab {

class StepGate {
 public:
  /// Blocks the calling agent until a token is available (step mode) or returns at once
  /// (run mode). Returns false when the gate was closed for good (shutdown).
  bool pass();
  /// Step mode on or off; turning it off releases everyone.
  void set_step_mode(bool on);
  bool step_mode() const;
  /// Lets `count` more exchanges through.
  void release(std::uint64_t count = 1);
  /// Number of agents waiting for a token right now.
  std::uint64_t waiting() const;
  /// Releases everyone for good (lab stopping).
  void shutdown();

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool step_mode_ = false;
  bool shut_ = false;
  std::uint64_t tokens_ = 0;
  std::uint64_t waiting_ = 0;
};

}  // namespace smtplab::lab
