// The start page: what the window offers at first launch, in the style of Wireshark's
// welcome page. Four ways in: play the default lab step by step with its frames beside it,
// open a chapter (titles and progress), open a capture (the lab's own samples and the
// public ones when present), type SMTP by hand. Each is one click; the page closes and
// the chosen flow takes over. The model (chapters, samples, the pending "play" flow) has
// no ImGui; welcome_page.cpp draws it.
#pragma once

#include <string>
#include <vector>

namespace smtplab::app {

struct AppState;

/// One chapter as listed on the start page.
struct WelcomeChapter {
  int number = 0;
  std::string scenario;  ///< scenarios/<stem>.yaml
  std::string title;     ///< the lesson's first heading, in the window's language
  int passed = 0;        ///< checkpoints passed (saved progress)
};

/// What the start page shows and what it started.
struct WelcomeState {
  bool show = false;        ///< the page is up
  bool listed = false;      ///< chapters and samples were read (once, on first show)
  std::string listed_lang;  ///< the language the chapter titles were read in
  std::vector<WelcomeChapter> chapters;
  std::vector<std::string> samples;  ///< capture files to open
  /// "Play step by step" was chosen: once the lab runs, turn on step mode, start the live
  /// capture and send a message.
  bool play_pending = false;
  bool console_pending = false;  ///< "Type SMTP by hand": once the lab runs, connect the console
};

/// Reads the chapter list (titles in the window's language, progress) and the samples.
void list_welcome(AppState& state);
/// "Play the default lab step by step": starts the lab; the rest follows in follow_welcome.
void welcome_play(AppState& state);
/// "Type SMTP by hand": starts the lab, then connects the console to its default server.
void welcome_console(AppState& state);
/// "Open a chapter": opens its scenario and lesson.
void welcome_chapter(AppState& state, int number);
/// Carries on a chosen flow once the lab has started (UI thread, once a frame).
void follow_welcome(AppState& state);

}  // namespace smtplab::app
