// The window's fonts as the state holds them: opaque ImGui handles (built and loaded by
// shell/fonts), so that the model names them without ImGui's headers.
#pragma once

#include <string>
#include <vector>

struct ImFont;

namespace smtplab::app {

/// The fonts of one atlas (nullptr: ImGui's default font).
struct Fonts {
  ImFont* text = nullptr;
  ImFont* mono = nullptr;
  ImFont* heading = nullptr;
  float pixels = 0;                  ///< size of body text in this atlas (0: not built)
  std::vector<std::string> missing;  ///< font files not found (shown once as an error)
};

}  // namespace smtplab::app
