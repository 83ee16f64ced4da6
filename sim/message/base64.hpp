// Base64 (RFC 2045 §6.8): encoding wrapped at 76 characters with CRLF, and a lenient
// decoder that skips whatever is not in the alphabet, as mail readers do.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smtplab::message {

/// Encodes `data`; `line_length` 0 gives one unbroken line (for RFC 2047 B words, AUTH),
/// otherwise lines of at most `line_length` characters separated by CRLF (no CRLF after
/// the last line).
std::string base64_encode(std::string_view data, std::size_t line_length = 76);

/// Decodes base64, ignoring line breaks and any octet outside the alphabet, stopping at
/// the first '='. A trailing incomplete group of 2 or 3 characters still yields its
/// octets; a lone trailing character is dropped. Never fails.
std::string base64_decode(std::string_view text);

/// True when `text` is strictly valid base64 (no line breaks, length multiple of 4,
/// padding only at the end). Used where lenient decoding would hide an error.
bool base64_is_valid(std::string_view text);

}  // namespace smtplab::message
