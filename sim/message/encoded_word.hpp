// RFC 2047 encoded words ("=?charset?B|Q?text?="): decoding of header text to UTF-8 and
// encoding of UTF-8 header text into folded words of at most 75 characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smtplab::message {

/// Decodes every encoded word in `text` (an unfolded header value or a phrase) to UTF-8.
/// Whitespace between two adjacent encoded words is dropped (RFC 2047 §6.2); the octets of
/// adjacent words in the same charset are joined before conversion, so a character split
/// across words still decodes. Words in an unknown charset, or malformed, are kept as
/// written. Text outside words is passed through (as UTF-8 if valid, else as Latin-1).
std::string decode_encoded_words(std::string_view text);

/// Decodes a whole unstructured header value (Subject, Comments…): unfolds it, trims it
/// and decodes its encoded words. This is what a mail reader shows as the subject.
std::string decode_header_text(std::string_view raw_value);

/// Which RFC 2047 encoding to use.
enum class WordEncoding {
  Auto,  ///< the shorter of Q and B for the given text
  Q,     ///< "Q": mostly readable, for text that is mostly ASCII
  B,     ///< "B": base64, for text that is mostly non-ASCII
};

/// Encodes UTF-8 `text` as encoded words "=?utf-8?Q?…?=" of at most 75 characters each,
/// never splitting a UTF-8 sequence between words, separated by CRLF SP (folded).
/// `first_line_used` is how many characters the line already holds before the first word
/// (e.g. "Subject: " = 9) so that the first line stays within 76 characters. Q words use
/// only the characters allowed in a phrase (RFC 2047 §5 rule 3), so the result is also
/// valid as a display name.
std::string encode_words(std::string_view text, std::size_t first_line_used = 0,
                         WordEncoding encoding = WordEncoding::Auto);

}  // namespace smtplab::message
