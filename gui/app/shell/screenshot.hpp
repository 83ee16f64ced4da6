// Saving the window's own pixels as a PNG: glReadPixels of the back buffer, then stb's PNG
// writer (libstb provides the implementation).
#pragma once

#include <string>

namespace smtplab::app {

/// Writes the current back buffer (width × height) to `path`; false with `error` set on
/// failure.
bool save_screenshot(const std::string& path, int width, int height, std::string& error);

}  // namespace smtplab::app
