// The PNG screenshot (see screenshot.hpp).
#include "gui/app/shell/screenshot.hpp"

#include <GLFW/glfw3.h>
#include <stb/stb_image_write.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace smtplab::app {

bool save_screenshot(const std::string& path, int width, int height, std::string& error) {
  if (width <= 0 || height <= 0) {
    error = "empty framebuffer";
    return false;
  }
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) *
                                    static_cast<std::size_t>(height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque PNG
  // OpenGL's first row is the bottom one.
  stbi_flip_vertically_on_write(1);
  errno = 0;
  if (stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) == 0) {
    error = path + ": " + (errno != 0 ? std::strerror(errno) : "cannot write the PNG");
    return false;
  }
  return true;
}

}  // namespace smtplab::app
