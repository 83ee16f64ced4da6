// Reading an answers file.
#include "sim/lab/answers_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace smtplab::lab {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

AnswerSheet AnswerSheet::parse(std::string_view text) {
  AnswerSheet sheet;
  std::size_t start = 0;
  int number = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const std::string trimmed = trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const auto colon = trimmed.find(':');
    if (colon == std::string::npos) {
      throw std::runtime_error("line " + std::to_string(number) + ": expected KEY: VALUE");
    }
    const std::string key = trim(trimmed.substr(0, colon));
    // A console line keeps its own spaces (after the one after the colon).
    std::string value(trimmed.substr(colon + 1));
    if (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (key == "console") {
      sheet.console.push_back(value);
    } else {
      sheet.answers[key].push_back(trim(value));
    }
  }
  return sheet;
}

AnswerSheet AnswerSheet::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse(text.str());
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

}  // namespace smtplab::lab
