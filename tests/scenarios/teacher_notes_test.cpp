// Quiz answers live in the teacher notes, not in the lessons: a lesson never prints an
// answer block under its quiz, every chapter has a teacher note in both languages, and the
// note answers every question of the lesson's quiz and every quiz of the chapter's
// scenario, naming the right choice(s) of each choice question.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "sim/lab/scenario_loader.hpp"

namespace smtplab::lab {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The body of the level-2 section `heading` ("## Quiz"), up to the next level-2 heading.
std::string section(const std::string& text, const std::string& heading) {
  const auto at = text.find("\n" + heading + "\n");
  if (at == std::string::npos) return {};
  const auto begin = at + heading.size() + 2;
  const auto end = text.find("\n## ", begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

/// The body of the teacher note's `### qN — ` entry, up to the next heading.
std::string entry(const std::string& note, const std::string& id) {
  const auto at = note.find("\n### " + id + " \u2014 ");
  if (at == std::string::npos) return {};
  const auto begin = note.find('\n', at + 1);
  const auto end = note.find("\n#", begin);
  return note.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

std::vector<std::string> lesson_stems() {
  std::vector<std::string> stems;
  for (const auto& e : fs::directory_iterator(fs::path(SMTPLAB_LESSONS_DIR) / "fr")) {
    if (e.path().extension() == ".md") stems.push_back(e.path().stem().string());
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

struct Lang {
  const char* dir;
  const char* answers_heading;  // what a lesson must no longer have
  const char* answer_label;     // how a note names the right choice
};
const Lang kLangs[] = {{"fr", "## Réponses", "**Réponse\u00a0: "},
                       {"en", "## Answers", "**Answer: "}};

TEST(TeacherNotes, LessonsPrintNoQuizAnswers) {
  ASSERT_EQ(lesson_stems().size(), 14u);
  for (const auto& stem : lesson_stems()) {
    for (const Lang& lang : kLangs) {
      const std::string lesson = slurp(fs::path(SMTPLAB_LESSONS_DIR) / lang.dir / (stem + ".md"));
      EXPECT_EQ(lesson.find("\n" + std::string(lang.answers_heading)), std::string::npos)
          << lang.dir << "/" << stem << " still prints its quiz answers";
      const std::string quiz = section(lesson, "## Quiz");
      EXPECT_FALSE(quiz.empty()) << lang.dir << "/" << stem << " has no quiz";
      // No answer hidden under a question either (a bold label, a spoiler block).
      for (const char* leak : {"**Réponse", "**Answer", "<details", "Réponse :", "Answer:"}) {
        EXPECT_EQ(quiz.find(leak), std::string::npos)
            << lang.dir << "/" << stem << ": the quiz prints \"" << leak << "\"";
      }
    }
  }
}

TEST(TeacherNotes, EveryQuestionIsAnswered) {
  std::map<std::string, std::vector<const QuizStep*>> quizzes;  // lesson stem -> quizzes
  std::vector<std::unique_ptr<ScenarioSpec>> keep;
  for (const auto& e : fs::directory_iterator(SMTPLAB_SCENARIOS_DIR)) {
    if (e.path().extension() != ".yaml") continue;
    auto loaded = load_scenario(e.path());
    ASSERT_TRUE(loaded.ok()) << e.path();
    keep.push_back(std::make_unique<ScenarioSpec>(*loaded.scenario));
    for (const auto& step : keep.back()->steps) {
      if (const auto* q = std::get_if<QuizStep>(&step.step))
        quizzes[keep.back()->lesson].push_back(q);
    }
  }
  const std::regex numbered(R"(^(\d+)\. )");
  for (const auto& stem : lesson_stems()) {
    for (const Lang& lang : kLangs) {
      const fs::path file = fs::path(SMTPLAB_LESSONS_DIR) / "teacher" / lang.dir / (stem + ".md");
      ASSERT_TRUE(fs::exists(file)) << file << " is missing";
      const std::string note = slurp(file);
      // Every question of the lesson's quiz.
      std::istringstream quiz(
          section(slurp(fs::path(SMTPLAB_LESSONS_DIR) / lang.dir / (stem + ".md")), "## Quiz"));
      int questions = 0;
      for (std::string line; std::getline(quiz, line);) {
        std::smatch m;
        if (!std::regex_search(line, m, numbered)) continue;
        ++questions;
        EXPECT_FALSE(entry(note, "q" + m[1].str()).empty())
            << file << " does not answer question " << m[1] << " of the lesson";
      }
      EXPECT_GE(questions, 3) << stem;
      // Every quiz of the scenario, with its right choice(s) named.
      for (const QuizStep* q : quizzes[stem]) {
        const std::string body = entry(note, q->id);
        ASSERT_FALSE(body.empty()) << file << " misses the scenario's quiz " << q->id;
        if (q->kind == QuizStep::Kind::Free) continue;
        const std::string label =
            std::string(lang.answer_label) + std::to_string(q->answers.front()) + ". ";
        EXPECT_NE(body.find(label), std::string::npos)
            << file << " " << q->id << ": the right choice is not named (\"" << label << "\")";
      }
    }
  }
}

}  // namespace
}  // namespace smtplab::lab
