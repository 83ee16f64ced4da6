// Quiz grading (see quiz_grading.hpp).
#include "sim/lab/quiz_grading.hpp"

#include <algorithm>
#include <cctype>

#include "sim/lab/condition_evaluator.hpp"

namespace smtplab::lab {

QuizVerdict grade_quiz(const QuizStep& quiz, const std::string& answer) {
  QuizVerdict v;
  if (quiz.kind == QuizStep::Kind::Free) {
    if (answer.find_first_not_of(" \t") == std::string::npos) return v;
    v.valid = true;
    v.right = std::any_of(quiz.accept.begin(), quiz.accept.end(),
                          [&](const std::string& a) { return answer_matches(answer, a); });
    v.feedback = v.right ? quiz.right : quiz.wrong;
    return v;
  }
  // Choice numbers separated by commas or spaces; anything else makes the try unreadable
  // rather than silently wrong (a script or an answer sheet with a typo says so).
  std::string number;
  const auto flush = [&]() -> bool {
    if (number.empty()) return true;
    if (number.size() > 3) return false;
    const int choice = std::stoi(number);
    number.clear();
    if (choice < 1 || choice > static_cast<int>(quiz.choices.size())) return false;
    if (std::find(v.chosen.begin(), v.chosen.end(), choice) == v.chosen.end())
      v.chosen.push_back(choice);
    return true;
  };
  for (char c : answer) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number += c;
    } else if (c == ',' || c == ' ' || c == '\t') {
      if (!flush()) return QuizVerdict{};
    } else {
      return QuizVerdict{};
    }
  }
  if (!flush() || v.chosen.empty()) return QuizVerdict{};
  if (quiz.kind == QuizStep::Kind::Single && v.chosen.size() > 1) return QuizVerdict{};
  std::sort(v.chosen.begin(), v.chosen.end());
  std::vector<int> expected = quiz.answers;
  std::sort(expected.begin(), expected.end());
  v.valid = true;
  v.right = v.chosen == expected;
  for (int choice : v.chosen) {
    const auto i = static_cast<std::size_t>(choice - 1);
    if (i >= quiz.feedback.size()) continue;
    const LocalizedText& f = quiz.feedback[i];
    // A multiple-choice try shows each ticked choice's feedback, numbered, so the student
    // sees which one was wrong.
    const std::string tag = v.chosen.size() > 1 ? std::to_string(choice) + ". " : "";
    v.feedback.fr += (v.feedback.fr.empty() ? "" : "\n") + tag + f.fr;
    v.feedback.en += (v.feedback.en.empty() ? "" : "\n") + tag + f.en;
  }
  return v;
}

QuizScore score_quiz(const QuizStep& quiz, const std::vector<std::string>& tries) {
  QuizScore score;
  for (const auto& t : tries) {
    if (score.solved) break;
    const QuizVerdict v = grade_quiz(quiz, t);
    if (!v.valid) continue;
    if (++score.tries == 1) score.first_try_right = v.right;
    score.solved = v.right;
  }
  return score;
}

}  // namespace smtplab::lab
