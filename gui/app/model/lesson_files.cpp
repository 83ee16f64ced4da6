// Lesson chapter lookup (see lesson_files.hpp).
#include "gui/app/model/lesson_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace smtplab::app {

std::vector<std::string> lesson_files(const std::string& source_dir, const std::string& lang) {
  std::vector<std::string> files;
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(source_dir) / "lessons" / lang;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".md") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace smtplab::app
