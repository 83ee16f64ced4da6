// RFC 2047 encoded words: decoding and encoding.
#include "sim/message/encoded_word.hpp"

#include <algorithm>
#include <optional>

#include "sim/message/ascii.hpp"
#include "sim/message/base64.hpp"
#include "sim/message/charset.hpp"

namespace smtplab::message {
namespace {

constexpr std::size_t kMaxWord = 75;  // RFC 2047 §2
constexpr std::string_view kHex = "0123456789ABCDEF";

// One encoded word found in the text.
struct Word {
  std::size_t begin = 0;  // offset of "=?"
  std::size_t end = 0;    // offset just past "?="
  std::string charset;    // without any RFC 2231 "*lang" suffix
  std::string bytes;      // decoded octets, still in `charset`
};

std::string q_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Tries to read an encoded word at `pos` (which holds "=?"). The encoded text may not
// contain '?' or whitespace (RFC 2047 §2), which bounds the search.
std::optional<Word> read_word(std::string_view s, std::size_t pos) {
  std::size_t q1 = pos + 2;
  std::size_t i = q1;
  while (i < s.size() && s[i] != '?' && !is_wsp(s[i]) && s[i] != '\r' && s[i] != '\n') ++i;
  if (i >= s.size() || s[i] != '?' || i == q1) return std::nullopt;
  std::string charset(s.substr(q1, i - q1));
  if (i + 2 >= s.size() || s[i + 2] != '?') return std::nullopt;
  const char enc = ascii_lower(s[i + 1]);
  if (enc != 'b' && enc != 'q') return std::nullopt;
  const std::size_t text_begin = i + 3;
  std::size_t j = text_begin;
  while (j < s.size() && s[j] != '?' && !is_wsp(s[j]) && s[j] != '\r' && s[j] != '\n') ++j;
  if (j + 1 >= s.size() || s[j] != '?' || s[j + 1] != '=') return std::nullopt;
  const std::string_view payload = s.substr(text_begin, j - text_begin);
  Word w;
  w.begin = pos;
  w.end = j + 2;
  if (const auto star = charset.find('*'); star != std::string::npos) charset.resize(star);
  w.charset = to_lower(charset);
  if (enc == 'b') {
    w.bytes = base64_decode(payload);
  } else {
    w.bytes = q_decode(payload);
  }
  return w;
}

// Text outside encoded words: valid UTF-8 stays, anything else is read as Latin-1 so the
// result is always valid UTF-8.
std::string plain_to_utf8(std::string_view s) {
  const std::string as_utf8 = to_utf8(s, Charset::Utf8);
  if (as_utf8.find("\xEF\xBF\xBD") == std::string::npos || s.find("\xEF\xBF\xBD") != s.npos) {
    return as_utf8;
  }
  return to_utf8(s, Charset::Latin1);
}

bool q_safe(unsigned char b) {
  // RFC 2047 §5 rule 3: the characters allowed in a Q word inside a phrase.
  return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '!' ||
         b == '*' || b == '+' || b == '-' || b == '/';
}

std::size_t q_width(unsigned char b) {
  return (q_safe(b) || b == ' ') ? 1 : 3;
}

void q_append(std::string& out, unsigned char b) {
  if (b == ' ') {
    out.push_back('_');
  } else if (q_safe(b)) {
    out.push_back(static_cast<char>(b));
  } else {
    out.push_back('=');
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
}

}  // namespace

std::string decode_encoded_words(std::string_view text) {
  std::string out;
  std::string pending;          // octets of adjacent words in one charset, not yet converted
  std::string pending_charset;  // their charset (known to the converter)
  auto flush = [&] {
    if (!pending.empty()) out += to_utf8(pending, pending_charset).value_or(pending);
    pending.clear();
  };
  std::size_t pos = 0;
  std::size_t plain_start = 0;  // start of text not yet copied
  bool last_was_word = false;
  while (pos < text.size()) {
    const std::size_t at = text.find("=?", pos);
    if (at == std::string_view::npos) break;
    auto word = read_word(text, at);
    if (!word) {
      pos = at + 1;
      continue;
    }
    std::string_view between = text.substr(plain_start, at - plain_start);
    const bool only_space = trim(between).empty();
    const bool known = charset_known(word->charset);
    if (!(last_was_word && only_space)) {
      flush();
      out += plain_to_utf8(between);
    }
    if (!known) {
      // Unknown charset: keep the word exactly as written.
      flush();
      if (last_was_word && only_space) out += plain_to_utf8(between);
      out += plain_to_utf8(text.substr(word->begin, word->end - word->begin));
      last_was_word = false;
    } else {
      if (pending_charset != word->charset) flush();
      pending_charset = word->charset;
      pending += word->bytes;
      last_was_word = true;
    }
    pos = word->end;
    plain_start = pos;
  }
  flush();
  out += plain_to_utf8(text.substr(plain_start));
  return out;
}

std::string decode_header_text(std::string_view raw_value) {
  // Unfold: a CRLF (or LF) followed by whitespace is removed, the whitespace kept.
  std::string unfolded;
  unfolded.reserve(raw_value.size());
  for (char c : raw_value) {
    if (c != '\r' && c != '\n') unfolded.push_back(c);
  }
  return decode_encoded_words(trim(unfolded));
}

std::string encode_words(std::string_view text, std::size_t first_line_used,
                         WordEncoding encoding) {
  constexpr std::string_view kQPrefix = "=?utf-8?Q?";
  constexpr std::string_view kBPrefix = "=?utf-8?B?";
  constexpr std::size_t kOverhead = 12;  // prefix (10) + "?=" (2)
  if (encoding == WordEncoding::Auto) {
    std::size_t q_len = 0;
    for (char c : text) q_len += q_width(static_cast<unsigned char>(c));
    const std::size_t b_len = (text.size() + 2) / 3 * 4;
    encoding = q_len <= b_len ? WordEncoding::Q : WordEncoding::B;
  }
  std::string out;
  std::string word_bytes;  // raw octets of the word being built
  std::size_t word_width = 0;
  std::size_t budget = kMaxWord;
  // The first word shares its line with the field name; keep that line within 76 chars
  // when there is room for a useful word at all.
  if (first_line_used + kOverhead + 16 <= 76) budget = std::min(kMaxWord, 76 - first_line_used);
  auto emit = [&] {
    if (!out.empty()) out += "\r\n ";
    if (encoding == WordEncoding::Q) {
      out += kQPrefix;
      for (char c : word_bytes) q_append(out, static_cast<unsigned char>(c));
    } else {
      out += kBPrefix;
      out += base64_encode(word_bytes, 0);
    }
    out += "?=";
    word_bytes.clear();
    word_width = 0;
    budget = kMaxWord;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = utf8_sequence_length(static_cast<unsigned char>(text[i]));
    if (i + len > text.size()) len = text.size() - i;
    const std::string_view seq = text.substr(i, len);
    std::size_t new_width = 0;
    if (encoding == WordEncoding::Q) {
      new_width = word_width;
      for (char c : seq) new_width += q_width(static_cast<unsigned char>(c));
    } else {
      new_width = (word_bytes.size() + len + 2) / 3 * 4;
    }
    if (!word_bytes.empty() && kOverhead + new_width > budget) {
      emit();
      continue;  // recompute the width against an empty word
    }
    word_bytes += seq;
    word_width = encoding == WordEncoding::Q ? new_width : 0;
    i += len;
  }
  if (!word_bytes.empty()) emit();
  return out;
}

}  // namespace smtplab::message
