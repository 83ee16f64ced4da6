// Quizzes that teach: grading a try gives the chosen choice's feedback (or the free
// answer's right/wrong text), a wrong first try stays the score however many tries follow,
// and the headless runner reads an answer sheet's repeated lines as tries in that order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "sim/lab/answers_file.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/quiz_grading.hpp"
#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_runner.hpp"
#include "sim/message/base64.hpp"

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
  ASSERT_TRUE(step.quiz);
  EXPECT_FALSE(step.quiz->first_try_right);
  EXPECT_EQ(step.quiz->tries, 2);
  EXPECT_TRUE(step.quiz->solved);
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

namespace smtplab::lab {
namespace {

/// Everything a student can read once a chapter is done (its demonstration and the
/// hands-on part): the dialogues, the timeline's events, and every delivered message.
struct Observed {
  std::string text;    ///< the transcript (dialogues, queue notes) and every delivered message
  std::string events;  ///< the timeline, one JSON event a line
  std::map<std::string, std::vector<std::string>> mail;  ///< subject -> message files' text
};

Observed play_chapter(const std::string& stem) {
  auto loaded = load_scenario(fs::path(SMTPLAB_SCENARIOS_DIR) / (stem + ".yaml"));
  if (!loaded.ok()) throw std::runtime_error(loaded.errors.front().to_string());
  RuntimeOptions options;
  options.state_dir =
      fs::temp_directory_path() / ("smtplab-observe-" + stem + "-" + std::to_string(::getpid()));
  fs::remove_all(options.state_dir);
  options.standard_ports = false;
  LabRuntime lab(loaded.scenario->topology, options);
  lab.start();
  // The demonstration, then each checkpoint's solution: the lab as a student sees it once
  // they have done the hands-on part (some questions read the student's own sessions).
  RunOptions run;
  run.solve = true;
  run.settle = std::chrono::milliseconds(0);
  ScenarioRunner(*loaded.scenario, lab, run).run();
  lab.wait_idle(std::chrono::seconds(10));
  lab.stop();
  Observed seen;
  seen.text = lab.transcript();
  seen.events = lab.timeline().to_jsonl();
  // A demonstration that delivers nothing (chapter 5's) leaves no mail folder.
  std::error_code none;
  for (const auto& e : fs::recursive_directory_iterator(lab.mail_dir(), none)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path());
    const std::string message((std::istreambuf_iterator<char>(in)), {});
    seen.text += message;
    const auto at = message.find("\nSubject: ");
    if (at != std::string::npos) {
      const auto end = message.find('\n', at + 1);
      std::string subject = message.substr(at + 10, end - at - 10);
      if (!subject.empty() && subject.back() == '\r') subject.pop_back();  // stored with CRLF
      seen.mail[subject].push_back(message);
    }
  }
  fs::remove_all(options.state_dir);
  return seen;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// True when `token` appears in `text` as a whole word: "553" in "S: 553 5.1.4", not in a
/// port number ":45531" nor in "2.5530".
bool has_token(const std::string& text, const std::string& token) {
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.'; };
  for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
    const bool starts = at == 0 || !word(text[at - 1]);
    const auto end = at + token.size();
    // A sentence may end right after the token ("... 2.0.0."): a final dot still ends it.
    const bool ends = end == text.size() || !word(text[end]) ||
                      (text[end] == '.' && (end + 1 == text.size() || !word(text[end + 1])));
    if (starts && ends) return true;
  }
  return false;
}

/// Chapters 5-13 ask questions answered by observing the lab: their accepted answers must
/// be what the lab really shows once the chapter is played (a reply, a header, an event),
/// not what a lesson once said. A few answers are not printed as such and are
/// checked by what they are computed from.
TEST(QuizObservations, AcceptedAnswersAreWhatTheLabShows) {
  for (int chapter = 5; chapter <= 13; ++chapter) {
    std::string stem;
    for (const auto& e : fs::directory_iterator(SMTPLAB_SCENARIOS_DIR)) {
      const std::string name = e.path().stem().string();
      if (e.path().extension() == ".yaml" && std::stoi(name.substr(0, 2)) == chapter) stem = name;
    }
    ASSERT_FALSE(stem.empty()) << chapter;
    const ScenarioSpec scenario =
        *load_scenario(fs::path(SMTPLAB_SCENARIOS_DIR) / (stem + ".yaml")).scenario;
    const Observed seen = play_chapter(stem);
    const std::string text = lower(seen.text);
    int observations = 0;
    for (const auto& step : scenario.steps) {
      const auto* q = std::get_if<QuizStep>(&step.step);
      if (!q || q->kind != QuizStep::Kind::Free || q->id < "q6") continue;
      ++observations;
      const std::string where = stem + " " + q->id;
      const auto accepts = [&](const std::string& value) {
        return std::any_of(q->accept.begin(), q->accept.end(),
                           [&](const std::string& a) { return answer_matches(value, a); });
      };
      if (stem == "08-routing" && q->id == "q6") {
        // A count: the Received: fields of the message the question names.
        ASSERT_EQ(seen.mail.count("Demo 8"), 1u) << where;
        const std::string& m = seen.mail.at("Demo 8").front();
        int received = 0;
        for (auto at = m.find("\nReceived: "); at != std::string::npos;
             at = m.find("\nReceived: ", at + 1))
          ++received;
        EXPECT_TRUE(accepts(std::to_string(received))) << where << ": " << received;
      } else if (stem == "10-rewriting" && q->id == "q8") {
        EXPECT_NE(seen.events.find("list equipe@gsimaroc.com -> 3 address(es)"), std::string::npos)
            << where;
        EXPECT_TRUE(accepts("3")) << where;
      } else if (stem == "11-submission-security" && q->id == "q7") {
        // The password is read by decoding the AUTH PLAIN string the question quotes (the
        // one the demonstration sent, which vieux-msa accepted with 235).
        const std::string quoted = "AGJlbmhhcnJhZgBzM2NyZXQ=";
        ASSERT_NE(q->ask.en.find(quoted), std::string::npos) << where;
        const std::string decoded = message::base64_decode(quoted);
        const auto nul = decoded.rfind('\0');
        ASSERT_NE(nul, std::string::npos) << where;
        EXPECT_TRUE(accepts(decoded.substr(nul + 1))) << where;
        EXPECT_NE(text.find("authenticated as benharraf in cleartext"), std::string::npos) << where;
      } else if (stem == "13-frames") {
        // Frame lengths: the banner and the EHLO line as the lab sent them, with CR LF.
        const auto banner = seen.text.find("S: 220 mail.gsimaroc.com");
        ASSERT_NE(banner, std::string::npos) << where;
        const auto eol = seen.text.find('\n', banner);
        const std::size_t banner_octets = eol - banner - 3 + 2;  // without "S: ", with CR LF
        const std::string ehlo = "EHLO pc-benharraf.gsimaroc.com";
        ASSERT_NE(seen.text.find("C: " + ehlo), std::string::npos) << where;
        const std::string expected = q->id == "q6"   ? std::to_string(banner_octets)
                                     : q->id == "q7" ? std::to_string(1 + banner_octets)
                                                     : std::to_string(ehlo.size() + 2);
        EXPECT_TRUE(accepts(expected)) << where << ": the lab says " << expected;
      } else {
        // Printed as such: some accepted form is in what the student can read.
        EXPECT_TRUE(std::any_of(q->accept.begin(), q->accept.end(),
                                [&](const std::string& a) { return has_token(text, lower(a)); }))
            << where << ": none of its accepted answers appears in the lab's output";
      }
    }
    EXPECT_GE(observations, 3) << stem << " has fewer than three observation questions";
  }
}

}  // namespace
}  // namespace smtplab::lab
