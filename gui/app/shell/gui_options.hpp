// What `smtplab gui` was asked to do (parsed in gui_command.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gui/app/model/ui_text.hpp"
#include "gui/app/testing/ui_script.hpp"

namespace smtplab::app {

struct GuiOptions {
  /// --lang; without it, the language saved from the Language menu, else the locale's.
  std::optional<Language> language;
  std::string screenshot;            ///< --screenshot: save a PNG after the frames, then exit
  int frames = 3;                    ///< --frames: frames drawn before the screenshot (default 3)
  std::string scenario;              ///< --scenario (until scenarios land: reported in the window)
  std::string capture;               ///< --capture: a capture to open at start
  std::vector<ScriptAction> script;  ///< --script actions
  bool has_script = false;
  int bench_frames = 0;  ///< --bench-frames: measure N frames, print, exit
  /// --bench-mail-every S: while measuring, a running lab's MUA submits a message every S
  /// seconds (0: the next as soon as the last is in, the lab flat out).
  double bench_mail_every = 0;
  int width = 1600;  ///< --size WxH (default 1600x1000)
  int height = 1000;
};

/// Opens the window and runs until closed (or until the screenshot/bench is done).
int run_gui(const GuiOptions& options);

}  // namespace smtplab::app
