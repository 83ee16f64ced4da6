// The open dialog (see file_dialog.hpp).
#include "gui/app/shell/file_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/app_state.hpp"
#include "gui/app/shell/panel.hpp"
#include "gui/app/shell/theme.hpp"

namespace smtplab::app {
namespace fs = std::filesystem;
namespace {

/// Where the dialog starts: the folder of the last file opened, else the working folder.
fs::path starting_folder(const AppState& state) {
  std::error_code ec;
  for (const auto& recent : state.settings.recent_files) {
    const fs::path folder = fs::path(recent).parent_path();
    if (fs::is_directory(folder, ec)) return folder;
  }
  return fs::current_path(ec);
}

bool key_pressed(ImGuiKey key) {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key));
}

void choose(AppState& state, const fs::path& path) {
  open_file(state, path.string());
  state.show_open_dialog = false;
}

/// The places that exist, listed once when the dialog opens (not stat'ed every frame).
std::vector<BrowserPlace> existing_places(const AppState& state) {
  std::vector<BrowserPlace> candidates;
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    candidates.push_back({Text::PlaceHome, home});
  }
  candidates.push_back(
      {Text::PlaceSampleCaptures, fs::path(state.source_dir) / "scenarios" / "captures"});
  std::error_code ec;
  candidates.push_back({Text::PlaceWorkingFolder, fs::current_path(ec)});
  std::vector<BrowserPlace> out;
  for (auto& candidate : candidates) {
    if (fs::is_directory(candidate.folder, ec)) out.push_back(std::move(candidate));
  }
  return out;
}

void draw_places(AppState& state) {
  // Recent files were checked when the settings were read (missing ones are forgotten).
  ImGui::TextDisabled("%s", state.t(Text::RecentFiles));
  std::optional<std::string> chosen;
  for (std::size_t i = 0; i < state.settings.recent_files.size(); ++i) {
    const std::string& path = state.settings.recent_files[i];
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(fs::path(path).filename().string().c_str())) chosen = path;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", path.c_str());
    ImGui::PopID();
  }
  if (state.settings.recent_files.empty()) {
    ImGui::TextDisabled("%s", state.t(Text::NoRecentFiles));
  }
  ImGui::Spacing();
  ImGui::TextDisabled("%s", state.t(Text::Places));
  std::optional<fs::path> entered;
  for (const BrowserPlace& place : state.open_dialog.places) {
    if (ImGui::Selectable(state.t(place.label))) entered = place.folder;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", place.folder.string().c_str());
  }
  // After the loops: opening a file reorders the recent list, browsing replaces the places.
  if (chosen) choose(state, *chosen);
  if (entered) browse(state.open_dialog, *entered);
}

void draw_entries(AppState& state, bool cursor_moved, float height, float width) {
  FileBrowser& browser = state.open_dialog;
  ImGui::BeginChild("##entries", ImVec2(width, height), true);
  const auto visible = visible_entries(browser);
  std::optional<int> clicked;
  for (std::size_t row = 0; row < visible.size(); ++row) {
    const int index = visible[row];
    const BrowserEntry& entry = browser.entries[static_cast<std::size_t>(index)];
    const bool folder = entry.kind == FileKind::Folder;
    const std::string label =
        (folder ? entry.name + "/" : entry.name) + "##" + std::to_string(index);
    const bool at_cursor = static_cast<int>(row) == browser.cursor;
    if (ImGui::Selectable(label.c_str(), at_cursor, ImGuiSelectableFlags_AllowDoubleClick)) {
      browser.cursor = static_cast<int>(row);
      if (ImGui::IsMouseDoubleClicked(0)) clicked = index;
    }
    if (at_cursor && cursor_moved) ImGui::SetScrollHereY(0.5f);
    if (!folder) {
      const std::string size = size_text(entry.size, state.language);
      ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(size.c_str()).x);
      ImGui::TextDisabled("%s", size.c_str());
    }
  }
  if (visible.empty() && browser.error == BrowserError::None) {
    ImGui::TextDisabled("%s", state.t(Text::FolderEmpty));
  }
  ImGui::EndChild();
  if (clicked) {
    const BrowserChoice choice = activate_entry(browser, *clicked);
    if (choice.open) choose(state, choice.path);
  }
}

}  // namespace

void draw_open_dialog(AppState& state) {
  if (!state.show_open_dialog) return;
  FileBrowser& browser = state.open_dialog;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  const float font = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(std::min(font * 48, viewport->WorkSize.x * 0.95f),
                                  std::min(font * 26, viewport->WorkSize.y * 0.9f)),
                           ImGuiCond_Appearing);
  // Opaque: the dialogue behind must not show through the list.
  ImGui::SetNextWindowBgAlpha(1.0f);
  const std::string title = std::string(state.t(Text::OpenFileTitle)) + "###open";
  if (!ImGui::Begin(title.c_str(), &state.show_open_dialog, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  state.visible_panels.emplace_back(state.t(Text::OpenFileTitle));
  const bool appearing = ImGui::IsWindowAppearing();
  if (appearing) {
    if (browser.folder.empty()) browse(browser, starting_folder(state));
    browser.places = existing_places(state);
  }
  const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);

  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", state.t(Text::Folder));
  ImGui::SameLine();
  ImGui::TextUnformatted(browser.folder.string().c_str());
  const std::string parent = std::string(state.t(Text::ParentFolder)) + "##parent";
  same_line_if_fits(button_width(parent.c_str()));
  if (ImGui::Button(parent.c_str())) browse_parent(browser);

  // The field keeps the keyboard: the list is driven from it (arrows, Enter, Backspace).
  const bool was_empty = browser.typed.empty();
  ImGui::SetNextItemWidth(-1);
  if (appearing || (focused && !ImGui::IsAnyItemActive())) ImGui::SetKeyboardFocusHere();
  const std::string before = browser.typed;
  const bool entered = ImGui::InputTextWithHint(
      "##typed", state.t(Text::TypeToFilter), &browser.typed, ImGuiInputTextFlags_EnterReturnsTrue);
  if (browser.typed != before) browser.cursor = 0;

  bool cursor_moved = false;
  if (focused) {
    const int page = 10;
    const std::pair<ImGuiKey, int> moves[] = {
        {ImGuiKey_DownArrow, 1},  {ImGuiKey_UpArrow, -1},  {ImGuiKey_PageDown, page},
        {ImGuiKey_PageUp, -page}, {ImGuiKey_End, 1 << 20}, {ImGuiKey_Home, -(1 << 20)}};
    for (const auto& [key, delta] : moves) {
      // Home and End belong to the field while it holds text.
      if ((key == ImGuiKey_Home || key == ImGuiKey_End) && !browser.typed.empty()) continue;
      if (key_pressed(key)) {
        move_cursor(browser, delta);
        cursor_moved = true;
      }
    }
    if (was_empty && key_pressed(ImGuiKey_Backspace)) browse_parent(browser);
    if (key_pressed(ImGuiKey_Escape)) state.show_open_dialog = false;
  }

  // The list takes what the window leaves above the error line and the buttons, so a
  // resized dialog shows more files, never cut buttons.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing() +
                       style.ItemSpacing.y;
  const float list_height = std::max(font * 4, ImGui::GetContentRegionAvail().y - footer);
  const float places_width = std::min(font * 14, ImGui::GetContentRegionAvail().x * 0.4f);
  draw_entries(state, cursor_moved, list_height,
               ImGui::GetContentRegionAvail().x - places_width - style.ItemSpacing.x);
  ImGui::SameLine();
  ImGui::BeginChild("##places", ImVec2(0, list_height), true);
  draw_places(state);
  ImGui::EndChild();

  // The error line is always there (empty when all is well): the layout does not jump.
  if (browser.error == BrowserError::None) {
    ImGui::TextUnformatted("");
  } else {
    char problem[1200];
    std::snprintf(problem, sizeof problem,
                  state.t(browser.error == BrowserError::NotFound ? Text::PathNotFound
                                                                  : Text::FolderUnreadable),
                  browser.error_path.c_str());
    ImGui::TextColored(tone_colour_vec(Tone::Error, state.presentation), "%s", problem);
  }

  const bool busy = state.loader.busy();
  ImGui::BeginDisabled(busy);
  const bool open_pressed = ImGui::Button(state.t(Text::Open));
  ImGui::EndDisabled();
  if ((open_pressed || entered) && !busy) {
    const BrowserChoice choice = activate(browser);
    if (choice.open) choose(state, choice.path);
  }
  ImGui::SameLine();
  if (ImGui::Button(state.t(Text::Cancel))) state.show_open_dialog = false;
  ImGui::SameLine();
  ImGui::TextDisabled("%s", state.t(Text::OpenDialogKeys));
  ImGui::End();
}

}  // namespace smtplab::app
