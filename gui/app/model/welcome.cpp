// The start page's model and flows (see welcome.hpp).
#include "gui/app/model/welcome.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/actions/capture_controls.hpp"
#include "gui/app/actions/console_actions.hpp"
#include "gui/app/actions/scenario_open.hpp"
#include "gui/app/model/app_state.hpp"
#include "gui/app/model/lesson_files.hpp"
#include "gui/app/model/lesson_progress.hpp"

namespace smtplab::app {
namespace {

// The lesson's title without its "Chapitre N — " / "Chapter N — " (the list numbers it).
std::string first_heading(const std::string& path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# ", 0) != 0) continue;
    const auto dash = line.find(" \u2014 ");
    return dash == std::string::npos ? line.substr(2) : line.substr(dash + 5);
  }
  return std::filesystem::path(path).stem().string();
}

void add_captures(const std::filesystem::path& dir, std::vector<std::string>& out) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return;
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto ext = entry.path().extension().string();
    if (ext == ".pcap" || ext == ".pcapng") found.push_back(entry.path().string());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

void list_welcome(AppState& state) {
  WelcomeState& w = state.welcome;
  const std::string lang(language_code(state.language));
  if (w.listed && w.listed_lang == lang) return;
  w.chapters.clear();
  w.samples.clear();
  int number = 0;
  for (const auto& file : lesson_files(state.source_dir, lang)) {
    WelcomeChapter chapter;
    chapter.number = ++number;
    const std::string stem = std::filesystem::path(file).stem().string();
    chapter.scenario = stem;
    chapter.title = first_heading(file);
    const LessonProgress progress = load_progress(progress_path(stem));
    for (const auto& [id, ok] : progress.passed) chapter.passed += ok ? 1 : 0;
    w.chapters.push_back(std::move(chapter));
  }
  const std::filesystem::path source(state.source_dir);
  // The lab's own captures (made by the lab, scripts beside them), then the public ones.
  add_captures(source / "scenarios" / "captures", w.samples);
  add_captures(source / "tests" / "gui" / "data" / "captures", w.samples);
  add_captures(source.parent_path() / "shared" / "captures", w.samples);
  w.listed = true;
  w.listed_lang = lang;
}

void welcome_play(AppState& state) {
  state.welcome.show = false;
  state.welcome.play_pending = true;
  if (!state.live.running() && !state.live.busy()) {
    state.live.start(state.topology.topology, state.queue);
  }
}

void welcome_console(AppState& state) {
  state.welcome.show = false;
  state.welcome.console_pending = true;
  if (!state.live.running() && !state.live.busy()) {
    state.live.start(state.topology.topology, state.queue);
  }
}

void welcome_chapter(AppState& state, int number) {
  for (const auto& chapter : state.welcome.chapters) {
    if (chapter.number != number) continue;
    state.welcome.show = false;
    open_scenario(state, chapter.scenario);
    open_lesson(state, number);
    return;
  }
}

void follow_welcome(AppState& state) {
  WelcomeState& w = state.welcome;
  if (!(w.play_pending || w.console_pending) || !state.live.running() || state.live.busy()) {
    return;
  }
  if (w.play_pending) {
    w.play_pending = false;
    state.live.show(state);
    state.live.set_step_mode(true);
    // The frames beside the dialogue: when capturing is not allowed the Capture panel says
    // why and shows the setcap line; the lab's own dialogue and timeline still play.
    state.capture_state.show = true;
    start_live_capture(state, "lo");
    state.live.send_test_message(state.queue);
  }
  if (w.console_pending) {
    w.console_pending = false;
    console_follow_lab(state);
    console_connect(state, state.console.host_port);
  }
}

}  // namespace smtplab::app
