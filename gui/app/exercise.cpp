// The exercise (see exercise.hpp).
#include "gui/app/exercise.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "sim/lab/condition_evaluator.hpp"
#include "sim/lab/lab_state.hpp"
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

}  // namespace

void start_exercise(AppState& state, std::shared_ptr<const lab::ScenarioSpec> scenario,
                    const std::string& file) {
  ExerciseState& ex = state.exercise;
  ex = ExerciseState{};
  ex.scenario_dir = std::filesystem::path(file).parent_path().string();
  ex.progress_file = progress_path(scenario->id);
  ex.progress = load_progress(ex.progress_file);
  ex.scenario = std::move(scenario);
  go_to_step(state, ex.progress.step);
}

void grade_checkpoints(AppState& state) {
  ExerciseState& ex = state.exercise;
  if (!ex.scenario || !state.lab_state) return;
  bool changed = false;
  const lab::GradingContext context{ex.scenario_dir, {}};
  for (const auto& step : ex.scenario->steps) {
    const auto* checkpoint = std::get_if<lab::CheckpointStep>(&step.step);
    if (!checkpoint || ex.progress.passed[checkpoint->id]) continue;
    const lab::CheckpointVerdict verdict =
        lab::evaluate_checkpoint(*checkpoint, *state.lab_state, context);
    ex.reasons[checkpoint->id] = verdict.overall.reason;
    if (verdict.overall.pass) {
      ex.progress.passed[checkpoint->id] = true;
      changed = true;
    }
  }
  if (changed) save(state);
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
  bool right = false;
  std::vector<int> choices;
  if (quiz->kind == lab::QuizStep::Kind::Free) {
    right = std::any_of(quiz->accept.begin(), quiz->accept.end(), [&](const std::string& accepted) {
      return lab::answer_matches(answer, accepted);
    });
  } else {
    std::istringstream in(answer);
    std::string item;
    while (std::getline(in, item, ',')) {
      try {
        const int choice = std::stoi(item);
        if (choice < 1 || choice > static_cast<int>(quiz->choices.size())) return false;
        choices.push_back(choice);
      } catch (const std::exception&) {
        return false;
      }
    }
    if (choices.empty()) return false;
    std::sort(choices.begin(), choices.end());
    std::vector<int> expected = quiz->answers;
    std::sort(expected.begin(), expected.end());
    right = choices == expected;
  }
  ex.progress.quiz_choices[id] = choices;
  ex.progress.quiz_right[id] = right;
  save(state);
  return true;
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
