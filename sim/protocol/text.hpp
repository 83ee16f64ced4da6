// Small ASCII text helpers used by the SMTP parsers (SMTP verbs and keywords are
// case-insensitive ASCII; nothing here is locale-dependent).
#pragma once

#include <string>
#include <string_view>

namespace smtplab::protocol {

/// ASCII upper-case of one character.
constexpr char ascii_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

/// Case-insensitive ASCII comparison.
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  }
  return true;
}

/// True when `text` starts with `prefix`, ignoring ASCII case.
constexpr bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

/// A letter, a digit or a hyphen: what header field names, DSN address types and domain
/// labels are made of.
constexpr bool is_letter_digit_hyphen(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/// The longest start `a` and `b` share (case-sensitive): what a Tab completes to when
/// several names fit.
constexpr std::string_view common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return a.substr(0, n);
}

/// Copy of `text` in ASCII upper case.
std::string to_upper(std::string_view text);

/// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

/// Parses a non-negative decimal number that fits in 64 bits; false on anything else.
bool parse_decimal(std::string_view text, unsigned long long& value);

}  // namespace smtplab::protocol
