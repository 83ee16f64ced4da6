// The exercise view (see lesson_exercise_view.hpp).
#include "gui/app/widgets/lesson_exercise_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "gui/app/live/demo_player.hpp"
#include "gui/app/model/exercise.hpp"
#include "gui/app/shell/theme.hpp"
#include "gui/app/widgets/wrapped_text.hpp"
#include "sim/lab/scenario_runner.hpp"
#include "sim/lab/scenario_spec.hpp"

namespace smtplab::app {
namespace {

// Verdict colours: the reply colours of the theme (2xx, 4xx, 5xx), which stay readable on
// the presentation mode's white background.
ImVec4 pass_colour(const AppState& state) {
  return ImGui::ColorConvertU32ToFloat4(reply_colour(250, state.presentation));
}
ImVec4 fail_colour(const AppState& state) {
  return ImGui::ColorConvertU32ToFloat4(reply_colour(550, state.presentation));
}
ImVec4 busy_colour(const AppState& state) {
  return ImGui::ColorConvertU32ToFloat4(reply_colour(450, state.presentation));
}

/// A section title on its own line (ImGui 1.86 has no SeparatorText).
void heading(const char* text) {
  ImGui::Separator();
  ImGui::TextUnformatted(text);
}

/// What the lab did with the current step (a demonstration's), or the button that plays it.
void draw_step_play(AppState& state, const lab::StepSpec& current, std::size_t index,
                    const std::string& lang) {
  const DemoPlayer& demo = state.demo;
  if (!lab::lab_plays(current)) {
    if (!std::holds_alternative<lab::QuizStep>(current.step))
      ImGui::TextDisabled("%s", state.t(Text::DemoStudentStep));
    return;
  }
  if (demo.current() == index) {
    ImGui::TextColored(busy_colour(state), "%s",
                       state.t(state.live.running() ? Text::DemoPlaying : Text::DemoStartingLab));
    if (state.live.running() && state.live.step_mode())
      ImGui::TextWrapped("%s", state.t(Text::DemoWaitsForExchange));
    return;
  }
  if (const auto played = demo.results().find(index); played != demo.results().end()) {
    // Narration and headings are on screen already; a section says only what it did more.
    if (std::holds_alternative<lab::SayStep>(current.step)) return;
    if (std::holds_alternative<lab::SectionStep>(current.step)) {
      const std::string& text = played->second.text.in(lang);
      const std::string heading =
          "== " + lab::section_heading(std::get<lab::SectionStep>(current.step)).in(lang);
      if (text.size() > heading.size() && text.starts_with(heading))
        ImGui::TextWrapped("%s", text.substr(heading.size()).c_str());
      return;
    }
    ImGui::TextColored(played->second.ok ? pass_colour(state) : fail_colour(state), "%s",
                       state.t(played->second.ok ? Text::DemoDone : Text::DemoFailed));
    ImGui::SameLine();
    ImGui::TextWrapped("%s", played->second.text.in(lang).c_str());
    return;
  }
  if (!demo.error().en.empty()) {
    ImGui::TextColored(fail_colour(state), "%s", demo.error().in(lang).c_str());
  }
  // Reached without "Next" (Previous, a saved position): the lecturer plays it by hand.
  if (std::holds_alternative<lab::SayStep>(current.step) ||
      std::holds_alternative<lab::SectionStep>(current.step))
    return;
  ImGui::BeginDisabled(demo.busy());
  if (ImGui::SmallButton(state.t(Text::DemoPlayStep))) state.demo.play(state, index);
  ImGui::EndDisabled();
}

void draw_current_step(AppState& state, const std::string& lang) {
  ExerciseState& ex = state.exercise;
  const auto& steps = ex.scenario->steps;
  const int step = ex.progress.step;
  char heading[96];
  std::snprintf(heading, sizeof heading, state.t(Text::StepOf), step + 1,
                static_cast<int>(steps.size()));
  ImGui::BeginDisabled(step == 0);
  if (ImGui::SmallButton(state.t(Text::PrevStep))) go_to_step(state, step - 1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextUnformatted(heading);
  ImGui::SameLine();
  ImGui::BeginDisabled(step + 1 >= static_cast<int>(steps.size()) || state.demo.busy());
  if (ImGui::SmallButton(state.t(Text::NextStep))) next_lesson_step(state);
  ImGui::EndDisabled();
  const lab::StepSpec& current = steps[static_cast<std::size_t>(step)];
  // Narration is what the lecturer projects: it gets the heading font.
  const auto* section = std::get_if<lab::SectionStep>(&current.step);
  const bool narration = section || std::holds_alternative<lab::SayStep>(current.step);
  if (narration && state.fonts.heading) ImGui::PushFont(state.fonts.heading);
  ImGui::TextWrapped("%s", section ? lab::section_heading(*section).in(lang).c_str()
                                   : step_instruction(current, lang).c_str());
  if (narration && state.fonts.heading) ImGui::PopFont();
  draw_step_play(state, current, static_cast<std::size_t>(step), lang);
}

/// The answer fields of `id` (restored from the saved answers the first time), `count` long.
std::vector<std::string>& answer_fields(ExerciseState& ex, const std::string& id, std::size_t count,
                                        const std::vector<std::string>& saved) {
  std::vector<std::string>& fields = ex.typed[id];
  if (fields.empty()) fields = saved;
  fields.resize(count);
  return fields;
}

/// True when the Answer button of `id` was pressed (by the student, or by the UI script).
bool answer_button(AppState& state, const std::string& id, bool entered, bool enabled) {
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ImGui::SmallButton(state.t(Text::AnswerQuiz));
  ImGui::EndDisabled();
  if (state.exercise.press_answer == id) {
    state.exercise.press_answer.clear();
    return true;
  }
  return enabled && (clicked || entered);
}

/// The typed questions of a checkpoint: one field per question, one Answer button.
void draw_checkpoint_questions(AppState& state, const lab::CheckpointStep& checkpoint,
                               const std::string& lang) {
  const auto questions = answer_questions(checkpoint);
  if (questions.empty()) return;
  ExerciseState& ex = state.exercise;
  const auto saved = ex.progress.checkpoint_answers.find(checkpoint.id);
  std::vector<std::string>& fields = answer_fields(
      ex, checkpoint.id, questions.size(),
      saved == ex.progress.checkpoint_answers.end() ? std::vector<std::string>{} : saved->second);
  ImGui::Indent();
  ImGui::PushID(("cpq" + checkpoint.id).c_str());
  bool entered = false;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    ImGui::TextWrapped("%s", questions[i]->ask.in(lang).c_str());
    ImGui::PushID(static_cast<int>(i));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    entered |= ImGui::InputTextWithHint("##answer", state.t(Text::TypedAnswer), &fields[i],
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopID();
  }
  if (answer_button(state, checkpoint.id, entered, true))
    answer_checkpoint(state, checkpoint.id, fields);
  ImGui::PopID();
  ImGui::Unindent();
}

void draw_checkpoint(AppState& state, const lab::CheckpointStep& checkpoint,
                     const std::string& lang) {
  const ExerciseState& ex = state.exercise;
  const auto passed = ex.progress.passed.find(checkpoint.id);
  const bool pass = passed != ex.progress.passed.end() && passed->second;
  // Drawn as a disabled check box: it ticks itself, the student cannot.
  bool ticked = pass;
  ImGui::BeginDisabled();
  ImGui::Checkbox(("##cp" + checkpoint.id).c_str(), &ticked);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(pass ? pass_colour(state) : ImGui::GetStyle().Colors[ImGuiCol_Text], "%s — %s",
                     checkpoint.id.c_str(), checkpoint.title.in(lang).c_str());
  if (const auto reason = ex.reasons.find(checkpoint.id); !pass && reason != ex.reasons.end()) {
    ImGui::Indent();
    wrapped_hint(reason->second.in(lang));
    ImGui::Unindent();
  }
  if (!pass) draw_checkpoint_questions(state, checkpoint, lang);
}

/// A free quiz: one field for the typed answer.
void draw_free_answer(AppState& state, const lab::QuizStep& quiz) {
  ExerciseState& ex = state.exercise;
  const auto saved = ex.progress.quiz_text.find(quiz.id);
  std::vector<std::string>& field =
      answer_fields(ex, quiz.id, 1,
                    saved == ex.progress.quiz_text.end() ? std::vector<std::string>{}
                                                         : std::vector{saved->second});
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
  const bool entered = ImGui::InputTextWithHint("##free", state.t(Text::TypedAnswer), &field[0],
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool typed = field[0].find_first_not_of(" \t") != std::string::npos;
  if (answer_button(state, quiz.id, entered, typed)) answer_quiz(state, quiz.id, field[0]);
}

void draw_quiz(AppState& state, const lab::QuizStep& quiz, const std::string& lang) {
  ExerciseState& ex = state.exercise;
  ImGui::PushID(quiz.id.c_str());
  ImGui::TextWrapped("%s", quiz.ask.in(lang).c_str());
  const auto right = ex.progress.quiz_right.find(quiz.id);
  const bool answered = right != ex.progress.quiz_right.end();
  const bool solved = answered && right->second;
  std::vector<int>& ticked = ex.pending_choices[quiz.id];
  // A quiz answered in an earlier run shows the saved answer.
  if (const auto saved = ex.progress.quiz_choices.find(quiz.id);
      ticked.empty() && saved != ex.progress.quiz_choices.end()) {
    ticked = saved->second;
  }
  const bool multiple = quiz.kind == lab::QuizStep::Kind::Multiple;
  // A solved question is closed; a wrong one stays open for another try.
  ImGui::BeginDisabled(solved);
  if (quiz.kind == lab::QuizStep::Kind::Free) draw_free_answer(state, quiz);
  for (std::size_t i = 0; i < quiz.choices.size(); ++i) {
    const int choice = static_cast<int>(i) + 1;
    const bool on = std::find(ticked.begin(), ticked.end(), choice) != ticked.end();
    const std::string label = quiz.choices[i].in(lang) + "##c" + std::to_string(choice);
    bool value = on;
    if (multiple ? ImGui::Checkbox(label.c_str(), &value) : ImGui::RadioButton(label.c_str(), on)) {
      if (!multiple)
        ticked = {choice};
      else if (on)
        ticked.erase(std::remove(ticked.begin(), ticked.end(), choice), ticked.end());
      else
        ticked.push_back(choice);
    }
  }
  ImGui::BeginDisabled(ticked.empty());
  if (quiz.kind != lab::QuizStep::Kind::Free && ImGui::SmallButton(state.t(Text::AnswerQuiz))) {
    std::string answer;
    for (int choice : ticked) answer += (answer.empty() ? "" : ",") + std::to_string(choice);
    answer_quiz(state, quiz.id, answer);
  }
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  if (answered) {
    // The feedback of the choice picked: why it is right or wrong, with its RFC section.
    ImGui::TextColored(solved ? pass_colour(state) : fail_colour(state), "%s",
                       state.t(solved ? Text::QuizRight : Text::QuizWrong));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(quiz_feedback(quiz, ex.progress).in(lang).c_str());
    ImGui::PopTextWrapPos();
    if (solved && !quiz.explain.in(lang).empty())
      ImGui::TextWrapped("%s", quiz.explain.in(lang).c_str());
    if (!solved) ImGui::TextDisabled("%s", state.t(Text::QuizTryAgain));
    if (const auto first = ex.progress.quiz_first_try.find(quiz.id);
        first != ex.progress.quiz_first_try.end()) {
      ImGui::TextDisabled(
          "%s", state.t(first->second ? Text::QuizFirstTryRight : Text::QuizFirstTryWrong));
    }
  }
  ImGui::PopID();
  ImGui::Spacing();
}

}  // namespace

void draw_exercise(AppState& state) {
  ExerciseState& ex = state.exercise;
  if (!ex.scenario || ex.scenario->steps.empty()) {
    ImGui::TextDisabled("%s", state.t(Text::ExerciseNone));
    return;
  }
  const std::string lang(language_code(state.language));
  draw_current_step(state, lang);
  heading(state.t(Text::Checkpoints));
  for (const auto& step : ex.scenario->steps) {
    if (const auto* checkpoint = std::get_if<lab::CheckpointStep>(&step.step))
      draw_checkpoint(state, *checkpoint, lang);
  }
  heading(state.t(Text::Quizzes));
  const QuizTally tally = quiz_tally(*ex.scenario, ex.progress);
  if (tally.total > 0) {
    char score[160];
    std::snprintf(score, sizeof score, state.t(Text::QuizScore), tally.first_try_right, tally.total,
                  tally.answered);
    ImGui::TextDisabled("%s", score);
  }
  for (const auto& step : ex.scenario->steps) {
    if (const auto* quiz = std::get_if<lab::QuizStep>(&step.step)) draw_quiz(state, *quiz, lang);
  }
}

}  // namespace smtplab::app
