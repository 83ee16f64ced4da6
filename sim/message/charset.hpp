// Conversion of the charsets mail declares to UTF-8: the common ones (UTF-8, ISO-8859-1,
// ISO-8859-15, US-ASCII, Windows-1252) by the lab's own tables, every other one the C
// library's iconv knows through it (iconv_charsets.hpp). A charset nobody knows is reported
// as unknown so that the caller can keep the raw text instead of guessing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smtplab::message {

/// The charsets the converter knows.
enum class Charset {
  Utf8,         ///< UTF-8 (invalid sequences become U+FFFD)
  Latin1,       ///< ISO-8859-1, every octet is the code point of the same value
  Latin9,       ///< ISO-8859-15, Latin-1 with the euro sign and eight letter changes
  UsAscii,      ///< US-ASCII (octets above 0x7f become U+FFFD)
  Windows1252,  ///< Windows-1252, Latin-1 with printable characters in 0x80..0x9f
};

/// The charset named `name` (case-insensitive, common aliases such as "latin1",
/// "cp1252", "utf8", "ascii"), or nullopt when the lab does not know it.
std::optional<Charset> charset_from_name(std::string_view name);

/// True when to_utf8(bytes, name) can convert from the charset called `name` (the lab's
/// tables or iconv).
bool charset_known(std::string_view name);

/// Converts `bytes` in `charset` to UTF-8. Never fails: undecodable octets become U+FFFD.
std::string to_utf8(std::string_view bytes, Charset charset);

/// Converts `bytes` in the charset called `name` (the lab's tables, then iconv); nullopt
/// when neither knows it.
std::optional<std::string> to_utf8(std::string_view bytes, std::string_view name);

/// Appends the UTF-8 encoding of code point `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

/// Length of the UTF-8 sequence that starts with octet `lead` (1 for ASCII and for
/// octets that cannot start a sequence).
std::size_t utf8_sequence_length(unsigned char lead);

}  // namespace smtplab::message
