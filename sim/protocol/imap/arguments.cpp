// The argument cursor and the response-side string formatting.
#include "sim/protocol/imap/arguments.hpp"

#include <algorithm>

namespace smtplab::protocol::imap {

bool Arguments::take(char c) {
  if (at_end() || text_[pos_] != c) return false;
  ++pos_;
  return true;
}

std::optional<std::string_view> Arguments::atom(bool allow_bracket) {
  const std::size_t start = pos_;
  while (!at_end() && (is_atom_char(text_[pos_]) || (allow_bracket && text_[pos_] == ']'))) {
    ++pos_;
  }
  if (pos_ == start) return std::nullopt;
  return text_.substr(start, pos_ - start);
}

std::optional<std::string_view> Arguments::tag() {
  const std::size_t start = pos_;
  while (!at_end() && (is_atom_char(text_[pos_]) || text_[pos_] == ']') && text_[pos_] != '+') {
    ++pos_;
  }
  if (pos_ == start) return std::nullopt;
  return text_.substr(start, pos_ - start);
}

std::optional<std::uint32_t> Arguments::number() {
  const std::size_t start = pos_;
  std::uint64_t value = 0;
  while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') {
    value = value * 10 + static_cast<std::uint64_t>(text_[pos_] - '0');
    if (value > 0xffffffffull) return std::nullopt;
    ++pos_;
  }
  if (pos_ == start) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

std::optional<std::string> Arguments::string() {
  if (take('"')) {
    std::string out;
    while (!at_end()) {
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (c == '\r' || c == '\n') return std::nullopt;
      if (c == '\\') {
        // Only \" and \\ are escapes in a quoted string (RFC 3501 §9 quoted-specials).
        if (at_end() || (text_[pos_] != '"' && text_[pos_] != '\\')) return std::nullopt;
        out += text_[pos_++];
        continue;
      }
      out += c;
    }
    return std::nullopt;  // unterminated
  }
  if (take('{')) {
    const auto size = number();
    if (!size) return std::nullopt;
    take('+');  // LITERAL+ (RFC 7888)
    if (!take('}') || !take('\r') || !take('\n')) return std::nullopt;
    if (text_.size() - pos_ < *size) return std::nullopt;
    std::string out(text_.substr(pos_, *size));
    pos_ += *size;
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> Arguments::astring() {
  if (peek() == '"' || peek() == '{') return string();
  const auto word = atom(true);
  if (!word) return std::nullopt;
  return std::string(*word);
}

std::optional<std::string> Arguments::list_mailbox() {
  if (peek() == '"' || peek() == '{') return string();
  const std::size_t start = pos_;
  while (!at_end() && (is_atom_char(text_[pos_]) || text_[pos_] == '%' || text_[pos_] == '*' ||
                       text_[pos_] == ']')) {
    ++pos_;
  }
  if (pos_ == start) return std::nullopt;
  return std::string(text_.substr(start, pos_ - start));
}

std::string_view Arguments::word() {
  const std::size_t start = pos_;
  while (!at_end() && text_[pos_] != ' ' && text_[pos_] != ')') ++pos_;
  return text_.substr(start, pos_ - start);
}

std::string imap_string(std::string_view text) {
  const bool quotable = text.size() <= 1024 && std::none_of(text.begin(), text.end(), [](char c) {
                          const auto u = static_cast<unsigned char>(c);
                          return c == '\r' || c == '\n' || c == '\0' || u >= 0x80;
                        });
  if (!quotable) return "{" + std::to_string(text.size()) + "}\r\n" + std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string imap_nstring(const std::optional<std::string>& text) {
  return text ? imap_string(*text) : std::string("NIL");
}

std::string imap_astring(std::string_view text) {
  const bool atom = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return is_atom_char(c) || c == ']';
  });
  // "NIL" as an atom would read as the absence of a value.
  if (atom && !(text.size() == 3 && (text == "NIL" || text == "nil"))) return std::string(text);
  return imap_string(text);
}

}  // namespace smtplab::protocol::imap
