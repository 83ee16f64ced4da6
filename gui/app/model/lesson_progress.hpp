// A student's progress through one scenario, kept between runs: the current step, the
// checkpoints passed and the quiz answers, as a small JSON file per scenario under
// $XDG_CONFIG_HOME/smtplab/progress/ (~/.config when XDG_CONFIG_HOME is unset).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace smtplab::app {

struct LessonProgress {
  int step = 0;                                          ///< current step, 0-based
  std::map<std::string, bool> passed;                    ///< checkpoint id -> passed once
  std::map<std::string, std::vector<int>> quiz_choices;  ///< quiz id -> choices (1-based)
  std::map<std::string, bool> quiz_right;                ///< quiz id -> last try right (solved)
  std::map<std::string, bool> quiz_first_try;            ///< quiz id -> first try right (the score)
  std::map<std::string, int> quiz_tries;                 ///< quiz id -> tries so far
  std::map<std::string, std::string> quiz_text;          ///< free quiz id -> the typed answer
  std::map<std::string, std::vector<std::string>> checkpoint_answers;  ///< id -> typed answers
};

/// $XDG_CONFIG_HOME/smtplab/progress/<scenario_id>.json.
std::string progress_path(const std::string& scenario_id);
/// The saved progress, or a fresh one when the file is missing or unreadable.
LessonProgress load_progress(const std::string& path);
/// Writes the progress (creating the folders); false with `error` set on failure.
bool save_progress(const std::string& path, const LessonProgress& progress, std::string& error);

}  // namespace smtplab::app
