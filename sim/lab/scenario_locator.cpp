// Chapter lookup (see scenario_locator.hpp).
#include "sim/lab/scenario_locator.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace smtplab::lab {
namespace {

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 3 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool is_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// The chapter number a file's stem starts with ("02-first-session" -> 2), or -1.
int chapter_of(const std::filesystem::path& file) {
  const std::string stem = file.stem().string();
  const auto dash = stem.find('-');
  if (dash == std::string::npos || dash == 0 || !all_digits(stem.substr(0, dash))) return -1;
  return std::stoi(stem.substr(0, dash));
}

std::string available(const std::vector<std::filesystem::path>& dirs) {
  std::string text;
  for (const auto& dir : dirs) {
    const auto files = list_scenarios(dir);
    if (files.empty()) continue;
    text += "\nchapters in " + dir.string() + ":";
    for (const auto& f : files) text += "\n  " + f.stem().string();
    break;  // the first folder that has scenarios is the one used
  }
  if (text.empty()) {
    text = "\nno scenario folder found (looked in:";
    for (const auto& dir : dirs) text += " " + dir.string();
    text += "); set SMTPLAB_SCENARIOS to the scenarios/ folder";
  }
  return text;
}

}  // namespace

std::vector<std::filesystem::path> list_scenarios(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml" && is_file(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

ScenarioLocation locate_scenario(const std::string& name,
                                 const std::vector<std::filesystem::path>& dirs) {
  if (name.empty()) return {{}, "no scenario given" + available(dirs)};
  // A path the student can see from here comes first: it is what they typed.
  if (is_file(name)) return {name, {}};
  for (const auto& dir : dirs) {
    for (const auto& candidate : {dir / (name + ".yaml"), dir / name}) {
      if (is_file(candidate)) return {candidate, {}};
    }
    if (!all_digits(name)) continue;
    const int wanted = std::stoi(name);
    std::vector<std::filesystem::path> matches;
    for (const auto& f : list_scenarios(dir)) {
      if (chapter_of(f) == wanted) matches.push_back(f);
    }
    if (matches.size() == 1) return {matches.front(), {}};
    if (matches.size() > 1) {
      std::string error = "chapter " + name + " has several scenarios; name one:";
      for (const auto& m : matches) error += "\n  " + m.stem().string();
      return {{}, error};
    }
  }
  return {{},
          "no scenario \"" + name +
              "\": give a chapter number (2), a file stem (02-first-session) or a "
              "path to a .yaml file" +
              available(dirs)};
}

}  // namespace smtplab::lab
