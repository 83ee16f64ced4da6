// Plays a chapter's demonstration in the window, one step per "Next", with the same runner
// as `smtplab run` (sim/lab/scenario_runner): narration, sends, scripted clients, faults,
// clock jumps and waits act on the window's live lab, and each result goes on its timeline
// (so the dialogue, topology and step status show it). Steps block (a send waits for its
// final reply, a wait for its event, and in step mode the lecturer releases each exchange),
// so a step plays on a thread of its own while the window keeps drawing. The student's
// steps (console, quiz, checkpoint) are never played: the student does them.
#pragma once

#include <atomic>
#include <cstddef>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {
class LabRuntime;
class ScenarioRunner;
struct ScenarioSpec;
}  // namespace smtplab::lab

namespace smtplab::app {

struct AppState;

/// How a played step ended, as the window shows it.
struct DemoStepResult {
  bool ok = true;           ///< false: its expectation failed, or it could not run
  lab::LocalizedText text;  ///< what it did, or why it failed
};

class DemoPlayer {
 public:
  DemoPlayer();  // out of line: ScenarioRunner is incomplete here
  ~DemoPlayer();
  DemoPlayer(const DemoPlayer&) = delete;
  DemoPlayer& operator=(const DemoPlayer&) = delete;

  /// Plays step `index` of the open scenario on the live lab, starting the lab first (with
  /// the scenario's topology) when it does not run. False when the step is the student's,
  /// is already played, or another step is still playing.
  bool play(AppState& state, std::size_t index);
  /// UI thread, once a frame: starts a step that waited for the lab, collects a finished one.
  void poll(AppState& state);
  /// Forgets the played steps (a new scenario, or a lab started afresh).
  void forget();

  /// True while a step plays or waits for the lab to start.
  bool busy() const { return playing_.valid() || pending_.has_value(); }
  /// The step playing or waiting (none when idle).
  std::optional<std::size_t> current() const;
  /// The results of the steps played on the current lab, by step index.
  const std::map<std::size_t, DemoStepResult>& results() const { return results_; }
  /// Why the last step could not be played at all (the lab did not start...), or "".
  const lab::LocalizedText& error() const { return error_; }

 private:
  /// Starts step `index` on the worker (the lab runs).
  void launch(AppState& state, std::size_t index);

  std::shared_ptr<const lab::ScenarioSpec> scenario_;  // what the runner plays
  std::shared_ptr<lab::LabRuntime> runtime_;           // the lab it plays on, kept alive
  std::unique_ptr<lab::ScenarioRunner> runner_;
  std::future<DemoStepResult> playing_;
  std::size_t playing_index_ = 0;
  std::optional<std::size_t> pending_;  // waits for the lab to start
  bool start_asked_ = false;            // the pending step asked the lab to start
  bool stop_asked_ = false;             // ... or to stop another lab first
  std::map<std::size_t, DemoStepResult> results_;
  lab::LocalizedText error_;
  std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
};

/// "Next" in the lesson: moves on one step, and plays it when the lab plays it.
void next_lesson_step(AppState& state);
/// The presentation key (Space): releases the lab's next exchange while a played step
/// waits for it in step mode; otherwise "Next" in the lesson.
void advance_lecture(AppState& state);

}  // namespace smtplab::app
