// Escaping capture bytes for a terminal (see terminal_text.hpp).
#include "capture/terminal_text.hpp"

#include <cstdio>

#include "sim/message/charset.hpp"

namespace smtplab::capture {
namespace {

void append_hex_byte(std::string& out, unsigned char byte) {
  char buffer[5];
  std::snprintf(buffer, sizeof buffer, "\\x%02X", byte);
  out += buffer;
}

// The code point of a valid UTF-8 sequence of `length` bytes at `at`, or -1 when the
// sequence is invalid (truncated, bad continuation, overlong, surrogate).
long decode(std::string_view bytes, std::size_t at, std::size_t length) {
  if (at + length > bytes.size()) return -1;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[at + i]); };
  long cp = length == 2 ? (byte(0) & 0x1F) : length == 3 ? (byte(0) & 0x0F) : (byte(0) & 0x07);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  const long minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  return cp;
}

// Characters that change how a terminal draws what follows rather than being drawn.
bool is_invisible_control(long cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||      // C1 controls (CSI is 0x9B)
         cp == 0x200E || cp == 0x200F ||    // left-to-right, right-to-left marks
         (cp >= 0x202A && cp <= 0x202E) ||  // embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069);    // isolates
}

}  // namespace

std::string terminal_safe(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '\\') out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c < 0x80) {
      if (c == '\t') {
        out += "\\t";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\n') {
        out += "\\n";
      } else {
        append_hex_byte(out, c);
      }
      ++i;
      continue;
    }
    const std::size_t length = message::utf8_sequence_length(c);
    const long cp = length > 1 ? decode(bytes, i, length) : -1;
    if (cp < 0) {
      append_hex_byte(out, c);  // not UTF-8: the byte itself, and resynchronise after it
      ++i;
      continue;
    }
    if (is_invisible_control(cp)) {
      char buffer[12];
      std::snprintf(buffer, sizeof buffer, "\\u{%04lX}", cp);
      out += buffer;
    } else {
      out.append(bytes.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace smtplab::capture
