// The exercise (see exercise.hpp).
#include "gui/app/model/exercise.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "gui/app/model/exercise_captures.hpp"
#include "sim/lab/condition_evaluator.hpp"
#include "sim/lab/lab_state.hpp"
#include "sim/lab/quiz_grading.hpp"
#include "sim/lab/scenario_runner.hpp"
#include "sim/lab/scenario_spec.hpp"

namespace smtplab::app {
namespace {

void save(AppState& state) {
  ExerciseState& ex = state.exercise;
  if (ex.progress_file.empty()) return;
  ex.save_error.clear();
  if (!save_progress(ex.progress_file, ex.progress, ex.save_error)) {
    state.errors.push_back({ex.save_error, Text::ErrorPermissionHint});
  }
}

const lab::QuizStep* find_quiz(const lab::ScenarioSpec& scenario, const std::string& id) {
  for (const auto& step : scenario.steps) {
    if (const auto* quiz = std::get_if<lab::QuizStep>(&step.step); quiz && quiz->id == id)
      return quiz;
  }
  return nullptr;
}

const lab::CheckpointStep* find_checkpoint(const lab::ScenarioSpec& scenario,
                                           const std::string& id) {
  for (const auto& step : scenario.steps) {
    if (const auto* checkpoint = std::get_if<lab::CheckpointStep>(&step.step);
        checkpoint && checkpoint->id == id)
      return checkpoint;
  }
  return nullptr;
}

/// Grades one checkpoint with the answers typed for it; true when it passed now.
bool grade(ExerciseState& ex, const lab::CheckpointStep& checkpoint, const lab::LabState& lab,
           const lab::FrameAnswerSource& frame_answers) {
  lab::GradingContext context{ex.scenario_dir, {}, frame_answers};
  if (const auto typed = ex.progress.checkpoint_answers.find(checkpoint.id);
      typed != ex.progress.checkpoint_answers.end())
    context.answers = typed->second;
  const lab::CheckpointVerdict verdict = lab::evaluate_checkpoint(checkpoint, lab, context);
  ex.reasons[checkpoint.id] = verdict.overall.reason;
  if (!verdict.overall.pass) return false;
  ex.progress.passed[checkpoint.id] = true;
  return true;
}

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

}  // namespace

void start_exercise(AppState& state, std::shared_ptr<const lab::ScenarioSpec> scenario,
                    const std::string& file) {
  ExerciseState& ex = state.exercise;
  ex = ExerciseState{};
  ex.scenario_dir = std::filesystem::path(file).parent_path().string();
  ex.progress_file = progress_path(scenario->id);
  ex.progress = load_progress(ex.progress_file);
  ex.capture_files = cli::make_capture_file_cache();
  ex.scenario = std::move(scenario);
  go_to_step(state, ex.progress.step);
}

void grade_checkpoints(AppState& state) {
  ExerciseState& ex = state.exercise;
  if (!ex.scenario || !state.lab_state) return;
  const bool graded_here = ex.graded_on == state.lab_state;
  const lab::FrameAnswerSource frame_answers = exercise_frame_answers(state);
  bool changed = false;
  for (const auto& step : ex.scenario->steps) {
    const auto* checkpoint = std::get_if<lab::CheckpointStep>(&step.step);
    if (!checkpoint || ex.progress.passed[checkpoint->id]) continue;
    const auto grade_made = graded_here ? ex.grades.find(checkpoint->id) : ex.grades.end();
    const auto typed = ex.progress.checkpoint_answers.find(checkpoint->id);
    const std::vector<std::string> answers =
        typed == ex.progress.checkpoint_answers.end() ? std::vector<std::string>{} : typed->second;
    if (grade_made != ex.grades.end() && grade_made->second.answers == answers) {
      ex.reasons[checkpoint->id] = grade_made->second.reason;
      if (grade_made->second.pass) ex.progress.passed[checkpoint->id] = changed = true;
      continue;
    }
    // Not graded off the thread (or answered since): grade here.
    changed |= grade(ex, *checkpoint, *state.lab_state, frame_answers);
  }
  if (changed) save(state);
}

GradingJob grading_job(const AppState& state) {
  const ExerciseState& exercise = state.exercise;
  return {exercise.scenario, exercise.scenario_dir, exercise.progress.passed,
          exercise.progress.checkpoint_answers, exercise_frame_answers(state)};
}

std::map<std::string, CheckpointGrade> grade_job(const GradingJob& job, const lab::LabState& lab) {
  std::map<std::string, CheckpointGrade> grades;
  if (!job.scenario) return grades;
  for (const auto& step : job.scenario->steps) {
    const auto* checkpoint = std::get_if<lab::CheckpointStep>(&step.step);
    if (!checkpoint) continue;
    if (const auto passed = job.passed.find(checkpoint->id);
        passed != job.passed.end() && passed->second)
      continue;
    lab::GradingContext context{job.scenario_dir, {}, job.frame_answers};
    if (const auto typed = job.checkpoint_answers.find(checkpoint->id);
        typed != job.checkpoint_answers.end())
      context.answers = typed->second;
    const auto verdict = lab::evaluate_checkpoint(*checkpoint, lab, context);
    grades[checkpoint->id] = {verdict.overall.pass, verdict.overall.reason, context.answers};
  }
  return grades;
}

std::vector<const lab::AnswerCondition*> answer_questions(const lab::CheckpointStep& checkpoint) {
  std::vector<const lab::AnswerCondition*> questions;
  for (const auto& condition : checkpoint.conditions) {
    if (const auto* answer = std::get_if<lab::AnswerCondition>(&condition.check))
      questions.push_back(answer);
  }
  return questions;
}

bool answer_checkpoint(AppState& state, const std::string& id,
                       const std::vector<std::string>& answers) {
  ExerciseState& ex = state.exercise;
  if (!ex.scenario) return false;
  const lab::CheckpointStep* checkpoint = find_checkpoint(*ex.scenario, id);
  if (!checkpoint || answer_questions(*checkpoint).empty()) return false;
  ex.progress.checkpoint_answers[id] = answers;
  const lab::FrameAnswerSource frame_answers = exercise_frame_answers(state);
  if (state.lab_state) {
    grade(ex, *checkpoint, *state.lab_state, frame_answers);
  } else {
    // Nothing ran yet: a question answered from the lesson alone is still graded; the
    // conditions on the lab say what is missing.
    grade(ex, *checkpoint, lab::LabState::not_run(ex.scenario->topology), frame_answers);
  }
  save(state);
  return true;
}

bool type_answer(AppState& state, const std::string& id, const std::string& text) {
  ExerciseState& ex = state.exercise;
  if (!ex.scenario) return false;
  std::size_t fields = 0;
  if (const lab::QuizStep* quiz = find_quiz(*ex.scenario, id);
      quiz && quiz->kind == lab::QuizStep::Kind::Free) {
    fields = 1;
  } else if (const lab::CheckpointStep* checkpoint = find_checkpoint(*ex.scenario, id)) {
    fields = answer_questions(*checkpoint).size();
  }
  if (fields == 0) return false;
  std::vector<std::string> typed;
  std::size_t start = 0;
  while (typed.size() + 1 < fields) {
    const auto bar = text.find('|', start);
    if (bar == std::string::npos) break;
    typed.push_back(trimmed(text.substr(start, bar - start)));
    start = bar + 1;
  }
  typed.push_back(trimmed(text.substr(start)));
  typed.resize(fields);
  ex.typed[id] = std::move(typed);
  ex.press_answer = id;
  return true;
}

void go_to_step(AppState& state, int index) {
  ExerciseState& ex = state.exercise;
  if (!ex.scenario || ex.scenario->steps.empty()) return;
  ex.progress.step = std::clamp(index, 0, static_cast<int>(ex.scenario->steps.size()) - 1);
  save(state);
}

bool answer_quiz(AppState& state, const std::string& id, const std::string& answer) {
  ExerciseState& ex = state.exercise;
  if (!ex.scenario) return false;
  const lab::QuizStep* quiz = find_quiz(*ex.scenario, id);
  if (!quiz) return false;
  const lab::QuizVerdict verdict = lab::grade_quiz(*quiz, answer);
  if (!verdict.valid) return false;
  // A solved question is closed: the score keeps its first try, and a later click changes
  // nothing. A wrong try stays open for another, with its feedback shown meanwhile.
  if (const auto solved = ex.progress.quiz_right.find(id);
      solved != ex.progress.quiz_right.end() && solved->second)
    return true;
  ex.progress.quiz_first_try.emplace(id, verdict.right);
  ++ex.progress.quiz_tries[id];
  ex.progress.quiz_choices[id] = verdict.chosen;
  ex.progress.quiz_right[id] = verdict.right;
  if (quiz->kind == lab::QuizStep::Kind::Free) ex.progress.quiz_text[id] = answer;
  save(state);
  return true;
}

lab::LocalizedText quiz_feedback(const lab::QuizStep& quiz, const LessonProgress& progress) {
  const auto right = progress.quiz_right.find(quiz.id);
  if (right == progress.quiz_right.end()) return {};
  if (quiz.kind == lab::QuizStep::Kind::Free) return right->second ? quiz.right : quiz.wrong;
  const auto chosen = progress.quiz_choices.find(quiz.id);
  if (chosen == progress.quiz_choices.end()) return {};
  std::string answer;
  for (int c : chosen->second) answer += (answer.empty() ? "" : ",") + std::to_string(c);
  return lab::grade_quiz(quiz, answer).feedback;
}

QuizTally quiz_tally(const lab::ScenarioSpec& scenario, const LessonProgress& progress) {
  QuizTally tally;
  for (const auto& step : scenario.steps) {
    const auto* quiz = std::get_if<lab::QuizStep>(&step.step);
    if (!quiz) continue;
    ++tally.total;
    if (const auto first = progress.quiz_first_try.find(quiz->id);
        first != progress.quiz_first_try.end()) {
      ++tally.answered;
      if (first->second) ++tally.first_try_right;
    }
  }
  return tally;
}

std::string step_instruction(const lab::StepSpec& step, const std::string& lang) {
  return std::visit(
      [&](const auto& s) -> std::string {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, lab::SectionStep>) {
          return s.title.in(lang);
        } else if constexpr (std::is_same_v<T, lab::SayStep>) {
          return s.text.in(lang);
        } else if constexpr (std::is_same_v<T, lab::ConsoleStep>) {
          return s.prompt.in(lang);
        } else if constexpr (std::is_same_v<T, lab::CheckpointStep>) {
          const std::string& task = s.task.in(lang);
          return s.id + " — " + s.title.in(lang) + (task.empty() ? "" : "\n" + task);
        } else if constexpr (std::is_same_v<T, lab::QuizStep>) {
          return s.ask.in(lang);
        } else if constexpr (std::is_same_v<T, lab::SendStep>) {
          return s.mua + " → " + (s.to.empty() ? std::string() : s.to.front()) + " : " + s.subject;
        } else {
          return {};
        }
      },
      step.step);
}

}  // namespace smtplab::app
