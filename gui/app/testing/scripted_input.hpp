// Keys and text a UI script types: the runner queues them, the window's frame loop hands
// them to the same GLFW callbacks a keyboard reaches (ImGui's backend, then the window's
// shortcuts), so a scripted Ctrl+O or Down arrow does exactly what a person's does.
#pragma once

#include <string>
#include <vector>

namespace smtplab::app {

/// One key press: a GLFW key code and its modifiers (GLFW_MOD_*).
struct ScriptedKey {
  int key = 0;
  int mods = 0;
};

struct ScriptedInput {
  std::vector<ScriptedKey> pending;  ///< to press, one per frame
  std::vector<ScriptedKey> held;     ///< pressed last frame: released this frame
  std::string text;                  ///< UTF-8 to type (after the pending keys)

  bool idle() const { return pending.empty() && held.empty() && text.empty(); }
};

}  // namespace smtplab::app
