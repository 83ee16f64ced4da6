// Lesson progress files (see lesson_progress.hpp).
#include "gui/app/model/lesson_progress.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gui/app/model/user_settings.hpp"

namespace smtplab::app {

std::string progress_path(const std::string& scenario_id) {
  // The window's one configuration folder; without HOME, the working directory.
  const std::string dir = config_dir();
  const std::filesystem::path base =
      dir.empty() ? std::filesystem::path(".") / "smtplab" : std::filesystem::path(dir);
  return (base / "progress" / (scenario_id + ".json")).string();
}

LessonProgress load_progress(const std::string& path) {
  LessonProgress progress;
  std::ifstream in(path);
  if (!in) return progress;
  // A damaged file (hand-edited, half written) starts the scenario afresh rather than
  // refusing to open it.
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) return progress;
  progress.step = j.value("step", 0);
  progress.passed = j.value("passed", std::map<std::string, bool>{});
  progress.quiz_choices = j.value("quiz_choices", std::map<std::string, std::vector<int>>{});
  progress.quiz_right = j.value("quiz_right", std::map<std::string, bool>{});
  progress.quiz_text = j.value("quiz_text", std::map<std::string, std::string>{});
  progress.quiz_first_try = j.value("quiz_first_try", std::map<std::string, bool>{});
  progress.quiz_tries = j.value("quiz_tries", std::map<std::string, int>{});
  // A file saved before retries existed knew one try per quiz: that try was the first.
  for (const auto& [id, right] : progress.quiz_right) {
    progress.quiz_first_try.emplace(id, right);
    progress.quiz_tries.emplace(id, 1);
  }
  progress.checkpoint_answers =
      j.value("checkpoint_answers", std::map<std::string, std::vector<std::string>>{});
  return progress;
}

bool save_progress(const std::string& path, const LessonProgress& progress, std::string& error) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const nlohmann::json j = {{"step", progress.step},
                            {"passed", progress.passed},
                            {"quiz_choices", progress.quiz_choices},
                            {"quiz_right", progress.quiz_right},
                            {"quiz_text", progress.quiz_text},
                            {"quiz_first_try", progress.quiz_first_try},
                            {"quiz_tries", progress.quiz_tries},
                            {"checkpoint_answers", progress.checkpoint_answers}};
  // Written beside, then renamed: a crash never leaves half a progress file.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) {
      error = tmp + ": cannot be written";
      return false;
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    error = path + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace smtplab::app
