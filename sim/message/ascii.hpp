// Small ASCII helpers shared by the message parsers: case-insensitive comparison,
// lower-casing and whitespace trimming. Header names and MIME tokens are ASCII and
// case-insensitive, so nothing here depends on the C locale.
#pragma once

#include <string>
#include <string_view>

namespace smtplab::message {

/// Lower-cases one ASCII letter, leaves every other octet alone.
constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

/// True for space and horizontal tab (RFC 5322 WSP).
constexpr bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}

/// Value of a hexadecimal digit (either case), -1 for any other octet.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b);

/// ASCII lower-cased copy.
std::string to_lower(std::string_view s);

/// Removes leading and trailing space, tab, CR and LF.
std::string_view trim(std::string_view s);

/// True when every octet is printable ASCII, space or tab (nothing needs encoding).
bool is_printable_ascii(std::string_view s);

/// Replaces every CR and LF with a space: a header value given by the caller must
/// never be able to start a new header line (header injection).
std::string strip_line_breaks(std::string_view s);

/// A copy safe to print on a terminal: C0 controls (tab excepted), DEL and the C1 controls
/// (UTF-8 C2 80..C2 9F) become "\\xNN", so text that came from the wire cannot move the
/// cursor or change the terminal's state; other UTF-8 passes unchanged.
std::string escape_controls(std::string_view s);

}  // namespace smtplab::message
