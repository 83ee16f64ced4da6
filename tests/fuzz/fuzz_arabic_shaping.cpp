// libFuzzer harness for the window's Arabic shaper (gui/app/arabic_shaping): any bytes,
// including malformed UTF-8 and mixed scripts, must come back without a crash; text without
// Arabic must come back byte for byte, and shaping must be a pure function of its input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gui/app/model/arabic_shaping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string shown = smtplab::app::shape_for_display(text);
  if (!smtplab::app::has_arabic(text) && shown != text) std::abort();
  if (smtplab::app::shape_for_display(text) != shown) std::abort();
  (void)smtplab::app::starts_right_to_left(text);
  return 0;
}
