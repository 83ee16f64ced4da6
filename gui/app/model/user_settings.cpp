// The window's saved settings (see user_settings.hpp).
#include "gui/app/model/user_settings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace smtplab::app {

std::string config_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return (std::filesystem::path(xdg) / "smtplab").string();
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return (std::filesystem::path(home) / ".config" / "smtplab").string();
  }
  return {};
}

std::string user_settings_path() {
  const std::string dir = config_dir();
  return dir.empty() ? dir : (std::filesystem::path(dir) / "settings.json").string();
}

UserSettings load_user_settings(const std::string& path) {
  UserSettings settings;
  if (path.empty()) return settings;
  std::ifstream in(path);
  if (!in) return settings;
  const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return settings;
  if (const auto it = json.find("language"); it != json.end() && it->is_string()) {
    if (*it == "fr") settings.language = Language::Fr;
    if (*it == "en") settings.language = Language::En;
  }
  if (const auto it = json.find("recent_files"); it != json.end() && it->is_array()) {
    // Files gone since (moved, deleted) are forgotten here, once, rather than checked by
    // every view that lists them, every frame.
    for (const auto& item : *it) {
      std::error_code ec;
      if (item.is_string() && settings.recent_files.size() < kRecentFilesKept &&
          std::filesystem::is_regular_file(item.get<std::string>(), ec))
        settings.recent_files.push_back(item.get<std::string>());
    }
  }
  return settings;
}

bool save_user_settings(const std::string& path, const UserSettings& settings) {
  if (path.empty()) return false;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  nlohmann::json json = nlohmann::json::object();
  if (settings.language) json["language"] = std::string(language_code(*settings.language));
  if (!settings.recent_files.empty()) json["recent_files"] = settings.recent_files;
  // Written aside and renamed: a crash never leaves half a file.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!(out << json.dump(2) << '\n')) return false;
  }
  std::filesystem::rename(temporary, path, ec);
  return !ec;
}

void remember_recent_file(UserSettings& settings, const std::string& path) {
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) absolute = path;
  auto& recent = settings.recent_files;
  recent.erase(std::remove(recent.begin(), recent.end(), absolute), recent.end());
  recent.insert(recent.begin(), absolute);
  if (recent.size() > kRecentFilesKept) recent.resize(kRecentFilesKept);
}

Language language_from_environment() {
  // POSIX precedence: LC_ALL overrides LC_MESSAGES, which overrides LANG; an empty
  // variable counts as unset.
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    const std::string locale = value;
    return locale.rfind("fr", 0) == 0 ? Language::Fr : Language::En;
  }
  return Language::En;
}

}  // namespace smtplab::app
