// Plays a scenario on a running LabRuntime, headless: narration, MUA sends, raw client
// dialogues, faults, the clock, waits, console steps and quizzes fed from an answer
// sheet, and checkpoints graded against the lab state (with each checkpoint's solution
// played first when solving). Every step's result goes on the timeline (TimelineKind::Step)
// and into the report. Used by `smtplab run SCENARIO` and the scenario tests.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/lab/answers_file.hpp"
#include "sim/lab/condition_evaluator.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_spec.hpp"

namespace smtplab::lab {

struct RunOptions {
  bool solve = false;                  ///< play each checkpoint's solution before grading it
  std::optional<AnswerSheet> answers;  ///< typed answers, quiz choices, console lines
  std::string lang = "en";             ///< language of the printed lines ("fr" or "en")
  std::function<void(const std::string&)> print;  ///< one line per step (empty = silent)
  std::chrono::milliseconds settle{5000};  ///< real time a checkpoint waits for the lab to settle
  /// Polled by waits: true ends them at once, as failed (the window is closing).
  std::function<bool()> cancelled;
  /// Computes the answers read from a capture's frames (empty: those checkpoints are
  /// "not graded here"); set by a caller that has a capture of the lab.
  FrameAnswerSource frame_answers;
};

/// How a step ended.
enum class StepOutcome {
  Done,         ///< a step that only acts (say, send, fault...) did its work
  Passed,       ///< a checkpoint held, a quiz was answered right
  Failed,       ///< a checkpoint did not hold, a quiz was answered wrong, an expectation failed
  Skipped,      ///< needs a student (console, quiz) and nothing fed it
  Unavailable,  ///< a checkpoint that cannot be graded headless (it needs a capture)
};

/// One step's result.
struct StepResult {
  std::size_t index = 0;  ///< position in the scenario's steps
  std::string kind;       ///< "say", "send", "client", "checkpoint"...
  std::string id;         ///< checkpoint or quiz id
  SourceLocation origin;
  StepOutcome outcome = StepOutcome::Done;
  LocalizedText text;                       ///< what happened, or why it failed
  std::vector<LocalizedText> hints;         ///< hints unlocked by a failed checkpoint
  std::optional<std::string> student_part;  ///< a section's mark ("begin", "demo")
  std::optional<QuizScore> quiz;            ///< a quiz's score
};

/// Everything a run did.
struct RunReport {
  std::vector<StepResult> steps;
  int checkpoints_passed = 0;
  int checkpoints_failed = 0;
  int checkpoints_unavailable = 0;
  int step_failures = 0;  ///< scripted steps whose expectation failed (a client code, a wait)
  int quiz_right = 0;
  int quiz_wrong = 0;
  /// True when no checkpoint and no scripted step failed.
  bool ok() const { return checkpoints_failed == 0 && step_failures == 0; }
};

class ScenarioRunner {
 public:
  /// `lab` must be built from `scenario.topology` and started.
  ScenarioRunner(const ScenarioSpec& scenario, LabRuntime& lab, RunOptions options);
  /// Plays every step in order.
  RunReport run();
  /// Plays step `index` alone and records it on the timeline (the window's demonstration
  /// player calls this once per "Next", on a thread of its own: sends and waits block).
  /// Steps keep their order's meaning: faults injected earlier can be cleared later.
  StepResult play_step(std::size_t index);

 private:
  struct Outcome {
    bool ok = true;
    LocalizedText text;
  };
  StepResult play(const StepSpec& step, std::size_t index);
  Outcome act(const decltype(ActionSpec::action)& action);
  Outcome send(const SendStep& step);
  Outcome client(const ClientStep& step);
  Outcome dialogue(const ClientStep& step, std::string& local);
  Outcome fault(const FaultStep& step);
  Outcome clock(const ClockStep& step);
  Outcome postconf(const PostconfStep& step);
  Outcome wait(const WaitStep& step);
  StepResult console(const ConsoleStep& step);
  StepResult quiz(const QuizStep& step);
  StepResult checkpoint(const CheckpointStep& step);
  void record(const StepResult& result);
  /// Says on the timeline who opened the sessions since `since` that `ours` recognises:
  /// the student (a console, a checkpoint's solution) or the lab (a demonstration).
  void mark_sessions(std::uint64_t since, const std::function<bool(const TimelineEvent&)>& ours,
                     const std::string& via);

  const ScenarioSpec& scenario_;
  LabRuntime& lab_;
  RunOptions options_;
  std::filesystem::path scenario_dir_;
  std::size_t console_line_ = 0;             // next console line of the answer sheet
  std::uint64_t wait_mark_ = 0;              // a wait looks at events after the last one waited for
  std::vector<Fault> active_faults_;         // for `clear: all`
  std::map<std::string, int> failed_tries_;  // checkpoint id -> failed evaluations
  bool for_student_ = false;                 // playing a checkpoint's solution: the student's acts
};

/// The step kind's name as written in scenario files ("say", "checkpoint"...).
std::string step_kind_name(const StepSpec& step);

/// A section's heading: its kind ("Hands-on lab") and title, in both languages.
LocalizedText section_heading(const SectionStep& section);

/// True for the steps the lab plays by itself (sections, narration, sends, scripted
/// clients, faults, the clock, waits); false for the student's (console, quiz, checkpoint).
bool lab_plays(const StepSpec& step);

}  // namespace smtplab::lab
