// The scenario being worked through in the window: its steps, the current one, the
// checkpoints graded against the live lab with sim/lab's condition evaluator (once per
// timeline growth, on the snapshot the mail views use, never every frame; frame questions
// on the window's captures, see exercise_captures.hpp), the quizzes
// answered with the scenario's feedback, and the progress saved per user after each change.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gui/app/model/app_state.hpp"
#include "sim/lab/condition_evaluator.hpp"
#include "sim/lab/scenario_spec.hpp"

namespace smtplab::app {

/// Makes `scenario` (loaded from `file`) the current exercise and restores its progress.
void start_exercise(AppState& state, std::shared_ptr<const lab::ScenarioSpec> scenario,
                    const std::string& file);
/// Grades every checkpoint not passed yet on state.lab_state; a pass is kept for good.
/// Verdicts already made off the UI thread on that snapshot (exercise.grades) are taken
/// as they are, so the Maildirs are not read again in the frame.
void grade_checkpoints(AppState& state);

/// What grading needs, copied from the exercise so that another thread can grade.
struct GradingJob {
  std::shared_ptr<const lab::ScenarioSpec> scenario;  ///< nullptr: nothing to grade
  std::string scenario_dir;
  std::map<std::string, bool> passed;                                  ///< skipped
  std::map<std::string, std::vector<std::string>> checkpoint_answers;  ///< typed answers
  lab::FrameAnswerSource frame_answers;  ///< answers read from captures (exercise_captures)
};
/// The job for the exercise as the window is now (UI thread).
GradingJob grading_job(const AppState& state);
/// The verdicts of the job's checkpoints not passed yet on `lab` (any thread; reads files).
std::map<std::string, CheckpointGrade> grade_job(const GradingJob& job, const lab::LabState& lab);
/// Moves to step `index` (clamped to the scenario's steps).
void go_to_step(AppState& state, int index);
/// Answers quiz `id`: "2" or "1,3" (1-based choices), or the typed text of a free quiz.
/// A wrong try can be followed by another; the first try is kept as the score, and a
/// solved quiz takes no more tries (true, nothing changes). False when there is no such
/// quiz or the answer names no choice of it.
bool answer_quiz(AppState& state, const std::string& id, const std::string& answer);
/// The feedback the student's last try earned (each chosen choice's, or right/wrong for a
/// free quiz); empty when not answered yet.
lab::LocalizedText quiz_feedback(const lab::QuizStep& quiz, const LessonProgress& progress);
/// The quiz score of a scenario: questions, questions tried, right at the first try.
struct QuizTally {
  int total = 0;
  int answered = 0;
  int first_try_right = 0;
};
QuizTally quiz_tally(const lab::ScenarioSpec& scenario, const LessonProgress& progress);
/// The questions of a checkpoint that need a typed answer, in order (one field each).
std::vector<const lab::AnswerCondition*> answer_questions(const lab::CheckpointStep& checkpoint);
/// Records the typed answers of checkpoint `id` and grades it at once (on the lab's last
/// snapshot, or on a lab that has not run when there is none); false when there is no
/// such checkpoint with questions.
bool answer_checkpoint(AppState& state, const std::string& id,
                       const std::vector<std::string>& answers);
/// Types `text` into the answer field(s) of free quiz or answer checkpoint `id` ("a | b"
/// for several questions) and presses its button on the next draw, as a student would;
/// false when `id` has no such field.
bool type_answer(AppState& state, const std::string& id, const std::string& text);
/// The instruction of a step in `lang` (a say's text, a checkpoint's title and task...).
std::string step_instruction(const lab::StepSpec& step, const std::string& lang);

}  // namespace smtplab::app
