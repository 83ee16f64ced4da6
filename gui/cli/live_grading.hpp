// What `smtplab serve SCENARIO` says while the student works: each checkpoint the student's
// own events pass is printed the moment it passes, in the terminal the lab runs in, so a
// student at nc or openssl sees "Checked automatically" happen. The verdicts are those of
// `smtplab check` (the same evaluator on the same student's events); checkpoints that need
// typed answers or the lab's frames are left to `smtplab check`.
#pragma once

#include <set>
#include <string>

#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_spec.hpp"

namespace smtplab::cli {

class LiveGrading {
 public:
  /// Grades `scenario`'s checkpoints (the files its conditions name are beside it).
  LiveGrading(const lab::ScenarioSpec& scenario, std::string lang);

  /// Grades again (serve calls it when the lab's timeline has grown: nothing the student
  /// does changes a verdict without a new event), and prints each checkpoint passed for
  /// the first time (a checkpoint is never announced twice).
  void update(lab::LabRuntime& lab);

 private:
  const lab::ScenarioSpec& scenario_;
  std::string lang_;
  std::set<std::string> announced_;
};

}  // namespace smtplab::cli
