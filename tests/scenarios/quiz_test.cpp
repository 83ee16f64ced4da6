// Quizzes that teach: grading a try gives the chosen choice's feedback (or the free
// answer's right/wrong text), a wrong first try stays the score however many tries follow,
// and the headless runner reads an answer sheet's repeated lines as tries in that order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sim/lab/answers_file.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/quiz_grading.hpp"
#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_runner.hpp"

namespace smtplab::lab {
namespace {

namespace fs = std::filesystem;

QuizStep three_choices() {
  QuizStep q;
  q.id = "q1";
  q.kind = QuizStep::Kind::Single;
  q.choices = {{"a", "a"}, {"b", "b"}, {"c", "c"}};
  q.feedback = {{"fa", "why a is wrong"}, {"fb", "why b is right"}, {"fc", "why c is wrong"}};
  q.answers = {2};
  return q;
}

TEST(QuizGrading, EachChoiceEarnsItsOwnFeedback) {
  const QuizStep q = three_choices();
  const QuizVerdict wrong = grade_quiz(q, "3");
  EXPECT_TRUE(wrong.valid);
  EXPECT_FALSE(wrong.right);
  EXPECT_EQ(wrong.feedback.en, "why c is wrong");
  const QuizVerdict right = grade_quiz(q, " 2 ");
  EXPECT_TRUE(right.valid && right.right);
  EXPECT_EQ(right.feedback.en, "why b is right");
  EXPECT_EQ(right.chosen, std::vector<int>{2});
}

TEST(QuizGrading, UnreadableTriesAreNotTries) {
  const QuizStep q = three_choices();
  EXPECT_FALSE(grade_quiz(q, "4").valid);    // no such choice
  EXPECT_FALSE(grade_quiz(q, "0").valid);    // choices are 1-based
  EXPECT_FALSE(grade_quiz(q, "b").valid);    // a letter
  EXPECT_FALSE(grade_quiz(q, "").valid);     // nothing
  EXPECT_FALSE(grade_quiz(q, "1,2").valid);  // two choices for a one-choice question
}

TEST(QuizGrading, MultipleChoiceShowsEveryTickedChoice) {
  QuizStep q = three_choices();
  q.kind = QuizStep::Kind::Multiple;
  q.answers = {1, 3};
  const QuizVerdict v = grade_quiz(q, "3 1");
  EXPECT_TRUE(v.valid && v.right);
  EXPECT_EQ(v.chosen, (std::vector<int>{1, 3}));
  EXPECT_EQ(v.feedback.en, "1. why a is wrong\n3. why c is wrong");
  EXPECT_FALSE(grade_quiz(q, "1").right);
}

TEST(QuizGrading, FreeAnswersUseRightAndWrong) {
  QuizStep q;
  q.kind = QuizStep::Kind::Free;
  q.accept = {"10240000"};
  q.right = {"oui", "yes"};
  q.wrong = {"non", "look at the SIZE line"};
  EXPECT_EQ(grade_quiz(q, "10240000").feedback.en, "yes");
  const QuizVerdict v = grade_quiz(q, "10 MB");
  EXPECT_TRUE(v.valid);
  EXPECT_FALSE(v.right);
  EXPECT_EQ(v.feedback.en, "look at the SIZE line");
}

TEST(QuizGrading, TheScoreIsTheFirstTry) {
  const QuizStep q = three_choices();
  const QuizScore late = score_quiz(q, {"1", "x", "2", "3"});
  EXPECT_EQ(late.tries, 2);  // "x" is no try; "3" comes after the question was solved
  EXPECT_FALSE(late.first_try_right);
  EXPECT_TRUE(late.solved);
  const QuizScore first = score_quiz(q, {"2"});
  EXPECT_TRUE(first.first_try_right && first.solved);
  const QuizScore never = score_quiz(q, {"1", "3"});
  EXPECT_FALSE(never.first_try_right || never.solved);
  EXPECT_EQ(never.tries, 2);
}

/// Every quiz of every shipped scenario, read from its file: three choices at least, a
/// feedback for each that names its RFC, so a student who picks it learns why.
TEST(QuizGrading, ShippedChoiceQuizzesTeach) {
  for (const auto& entry : fs::directory_iterator(SMTPLAB_SCENARIOS_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    const auto loaded = load_scenario(entry.path());
    ASSERT_TRUE(loaded.ok()) << entry.path();
    for (const auto& step : loaded.scenario->steps) {
      const auto* q = std::get_if<QuizStep>(&step.step);
      if (!q || q->kind == QuizStep::Kind::Free) continue;
      const std::string where = entry.path().filename().string() + " " + q->id;
      EXPECT_GE(q->choices.size(), 3u) << where;
      ASSERT_EQ(q->feedback.size(), q->choices.size()) << where;
      for (std::size_t i = 0; i < q->feedback.size(); ++i) {
        for (const std::string* text : {&q->feedback[i].fr, &q->feedback[i].en}) {
          EXPECT_NE(text->find("RFC"), std::string::npos)
              << where << " choice " << i + 1 << ": no RFC named in \"" << *text << "\"";
        }
      }
    }
  }
}

/// `smtplab run --answers`: the sheet's lines for a quiz are tries, in order; the report
/// counts the first, and the step says when the answer was found later.
TEST(QuizRunner, AnswerSheetTriesAreScoredOnTheFirst) {
  auto loaded = load_scenario(fs::path(SMTPLAB_SCENARIOS_DIR) / "05-other-commands.yaml");
  ASSERT_TRUE(loaded.ok());
  ScenarioSpec scenario = *loaded.scenario;
  // Only the quiz part: the demonstration and the checkpoints are other tests' business.
  std::vector<StepSpec> quizzes;
  for (const auto& step : scenario.steps) {
    if (std::holds_alternative<QuizStep>(step.step)) quizzes.push_back(step);
  }
  ASSERT_GE(quizzes.size(), 2u);
  scenario.steps = quizzes;
  const auto& q2 = std::get<QuizStep>(quizzes[0].step);
  ASSERT_EQ(q2.id, "q2");
  const int right = q2.answers.front();
  const int wrong = right == 1 ? 2 : 1;
  RunOptions run;
  run.answers =
      AnswerSheet::parse("q2: " + std::to_string(wrong) + "\nq2: " + std::to_string(right) + "\n");
  run.settle = std::chrono::milliseconds(0);
  RuntimeOptions options;
  options.state_dir = fs::temp_directory_path() / ("smtplab-quiz-" + std::to_string(::getpid()));
  options.standard_ports = false;
  LabRuntime lab(scenario.topology, options);
  lab.start();
  ScenarioRunner runner(scenario, lab, run);
  const RunReport report = runner.run();
  lab.stop();
  fs::remove_all(options.state_dir);
  EXPECT_EQ(report.quiz_right, 0);
  EXPECT_EQ(report.quiz_wrong, 1);
  const StepResult& step = report.steps.front();
  EXPECT_EQ(step.outcome, StepOutcome::Failed);
  EXPECT_EQ(step.marks.at("first_try"), "wrong");
  EXPECT_EQ(step.marks.at("tries"), "2");
  EXPECT_EQ(step.marks.at("solved"), "true");
  EXPECT_NE(step.text.en.find("found later"), std::string::npos) << step.text.en;
  EXPECT_NE(step.text.en.find(q2.feedback[static_cast<std::size_t>(wrong - 1)].en),
            std::string::npos)
      << step.text.en;
  // The other quizzes had no line: skipped, neither right nor wrong.
  for (std::size_t i = 1; i < report.steps.size(); ++i)
    EXPECT_EQ(report.steps[i].outcome, StepOutcome::Skipped) << report.steps[i].id;
}

}  // namespace
}  // namespace smtplab::lab
