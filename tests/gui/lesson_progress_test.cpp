// A student's saved quiz progress: the first try (the score) and the number of tries
// survive a restart, and a file written before retries existed reads its one answer as
// the first try.
#include "gui/app/model/lesson_progress.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace smtplab::app {
namespace {

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("smtplab-progress-" + std::to_string(::getpid()) + "-" + name + ".json"))
      .string();
}

TEST(LessonProgress, FirstTryAndTriesSurviveARestart) {
  LessonProgress p;
  p.quiz_right["q2"] = true;  // solved at the second try
  p.quiz_first_try["q2"] = false;
  p.quiz_tries["q2"] = 2;
  p.quiz_choices["q2"] = {2};
  const std::string file = temp_file("tries");
  std::string error;
  ASSERT_TRUE(save_progress(file, p, error)) << error;
  const LessonProgress back = load_progress(file);
  std::filesystem::remove(file);
  EXPECT_TRUE(back.quiz_right.at("q2"));
  EXPECT_FALSE(back.quiz_first_try.at("q2"));
  EXPECT_EQ(back.quiz_tries.at("q2"), 2);
  EXPECT_EQ(back.quiz_choices.at("q2"), std::vector<int>{2});
}

TEST(LessonProgress, AnOlderFileCountsItsAnswerAsTheFirstTry) {
  const std::string file = temp_file("old");
  std::ofstream(file) << R"({"step": 3, "quiz_right": {"q1": true, "q2": false}})";
  const LessonProgress p = load_progress(file);
  std::filesystem::remove(file);
  EXPECT_EQ(p.step, 3);
  EXPECT_TRUE(p.quiz_first_try.at("q1"));
  EXPECT_FALSE(p.quiz_first_try.at("q2"));
  EXPECT_EQ(p.quiz_tries.at("q2"), 1);
}

}  // namespace
}  // namespace smtplab::app
