// What the window remembers between runs, apart from ImGui's layout: the language the
// user chose and the files opened last. Kept in $XDG_CONFIG_HOME/smtplab/settings.json (else
// ~/.config/...). With no saved choice the window starts in the language of the environment
// (LC_ALL, LC_MESSAGES, then LANG: French for fr_*, English otherwise).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {

/// The saved settings.
struct UserSettings {
  std::optional<Language> language;       ///< the user's last choice in the Language menu
  std::vector<std::string> recent_files;  ///< absolute paths, the most recent first
};

/// How many recent files are kept.
inline constexpr std::size_t kRecentFilesKept = 10;

/// Puts `path` (made absolute) first in the recent files, once, keeping kRecentFilesKept.
void remember_recent_file(UserSettings& settings, const std::string& path);

/// $XDG_CONFIG_HOME/smtplab, else ~/.config/smtplab ("" when neither variable is set).
std::string config_dir();
/// $XDG_CONFIG_HOME/smtplab/settings.json, else ~/.config/smtplab/settings.json ("" when
/// neither variable is set).
std::string user_settings_path();
/// Reads the settings; a missing or unreadable file gives the defaults. Recent files that
/// no longer exist are left out.
UserSettings load_user_settings(const std::string& path);
/// Writes the settings (creating the folder); false when it cannot.
bool save_user_settings(const std::string& path, const UserSettings& settings);
/// The language the locale variables ask for (LC_ALL, LC_MESSAGES, LANG, in that order).
Language language_from_environment();

}  // namespace smtplab::app
