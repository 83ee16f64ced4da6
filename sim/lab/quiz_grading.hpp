// Grading one try at a quiz, shared by the headless runner (`smtplab run --answers`) and
// the window's exercise tab, so both read answers the same way, give the same feedback and
// keep the same score: the FIRST try of each question counts, later tries only teach.
#pragma once

#include <string>
#include <vector>

#include "sim/lab/scenario_spec.hpp"
#include "sim/lab/timeline_payloads.hpp"  // QuizScore

namespace smtplab::lab {

/// One try at a quiz, graded.
struct QuizVerdict {
  bool valid = false;       ///< false: the answer names no choice of the quiz ("7", "x", "")
  bool right = false;       ///< the answer is the quiz's answer
  std::vector<int> chosen;  ///< choice questions: the choices picked, sorted (1-based)
  /// What the student reads: the feedback of each chosen choice (one paragraph each), or
  /// the quiz's `right`/`wrong` text for a free answer.
  LocalizedText feedback;
};

/// Grades `answer` against `quiz`: "2", "1,3" or "1 3" for a choice question, the typed text
/// for a free one (trimmed, case-insensitive, as a checkpoint's typed answer).
QuizVerdict grade_quiz(const QuizStep& quiz, const std::string& answer);

/// Scores the tries in order; tries after the first right one are not counted (a solved
/// question is closed). Invalid tries (no such choice) are ignored.
QuizScore score_quiz(const QuizStep& quiz, const std::vector<std::string>& tries);

}  // namespace smtplab::lab
