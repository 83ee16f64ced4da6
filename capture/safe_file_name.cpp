// Safe file names for extracted attachments (see safe_file_name.hpp).
#include "capture/safe_file_name.hpp"

#include <algorithm>

#include "sim/message/charset.hpp"

namespace smtplab::capture {
namespace {

// True when `length` bytes at `at` are one well-formed UTF-8 character.
bool valid_sequence(std::string_view bytes, std::size_t at, std::size_t length) {
  if (length < 2 || at + length > bytes.size()) return false;
  const auto lead = static_cast<unsigned char>(bytes[at]);
  const auto second = static_cast<unsigned char>(bytes[at + 1]);
  // Overlong forms and surrogates, as RFC 3629's table excludes them.
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
    return false;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(bytes[at + i]) & 0xC0) != 0x80) return false;
  }
  return true;
}

// Where to cut `text` to at most `max` bytes without splitting a character.
std::size_t boundary_at_most(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text.size();
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

std::string safe_file_name(std::string_view name, std::size_t max_bytes) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      const bool forbidden = c < 0x20 || c == 0x7F || c == ':' || c == '*' || c == '?' ||
                             c == '"' || c == '<' || c == '>' || c == '|';
      out += forbidden ? '_' : static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t length = message::utf8_sequence_length(c);
    if (valid_sequence(name, i, length)) {
      out.append(name.substr(i, length));
      i += length;
    } else {
      out += '_';
      ++i;
    }
  }
  // No hidden file, no "." or "..", no name that a shell or a listing trims.
  const auto first = out.find_first_not_of(". ");
  out.erase(0, first == std::string::npos ? out.size() : first);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  if (out.empty()) return "attachment";
  if (out.size() > max_bytes) {
    // Keep the extension (up to 16 bytes) so the file still opens with the right program.
    const auto dot = out.rfind('.');
    const std::string extension =
        dot != std::string::npos && out.size() - dot <= 16 ? out.substr(dot) : std::string();
    const std::string_view stem(out.data(), out.size() - extension.size());
    out = std::string(stem.substr(0, boundary_at_most(stem, max_bytes - extension.size()))) +
          extension;
  }
  return out;
}

}  // namespace smtplab::capture
