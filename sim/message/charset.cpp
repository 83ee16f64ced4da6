// Charset conversion to UTF-8 for the charsets met in the lab's mail.
#include "sim/message/charset.hpp"

#include <array>

#include "sim/message/ascii.hpp"
#include "sim/message/iconv_charsets.hpp"

namespace smtplab::message {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 0x80..0x9f; 0 marks the five octets the charset leaves undefined.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t latin9_code_point(unsigned char b) {
  switch (b) {
    case 0xA4:
      return 0x20AC;
    case 0xA6:
      return 0x0160;
    case 0xA8:
      return 0x0161;
    case 0xB4:
      return 0x017D;
    case 0xB8:
      return 0x017E;
    case 0xBC:
      return 0x0152;
    case 0xBD:
      return 0x0153;
    case 0xBE:
      return 0x0178;
    default:
      return b;
  }
}

// Copies valid UTF-8 through and replaces each invalid octet with U+FFFD, so that the
// result is always valid UTF-8 (the GUI and JSON output rely on it).
std::string sanitize_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto lead = static_cast<unsigned char>(in[i]);
    if (lead < 0x80) {
      out.push_back(in[i]);
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2, cp = lead & 0x1Fu, min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      len = 3, cp = lead & 0x0Fu, min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      len = 4, cp = lead & 0x07u, min = 0x10000;
    }
    bool ok = len != 0 && i + len <= in.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(in[i + k]);
      if ((c & 0xC0u) != 0x80u) ok = false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      append_utf8(out, kReplacement);
      ++i;
    }
  }
  return out;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 1;
}

std::optional<Charset> charset_from_name(std::string_view name) {
  const std::string n = to_lower(trim(name));
  if (n == "utf-8" || n == "utf8") return Charset::Utf8;
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "iso_8859-1" || n == "latin1" ||
      n == "latin-1" || n == "l1" || n == "cp819" || n == "iso-ir-100")
    return Charset::Latin1;
  if (n == "iso-8859-15" || n == "iso8859-15" || n == "iso_8859-15" || n == "latin-9" ||
      n == "latin9" || n == "l9")
    return Charset::Latin9;
  if (n == "us-ascii" || n == "ascii" || n == "ansi_x3.4-1968" || n == "us") {
    return Charset::UsAscii;
  }
  if (n == "windows-1252" || n == "cp1252" || n == "x-cp1252") return Charset::Windows1252;
  return std::nullopt;
}

std::string to_utf8(std::string_view bytes, Charset charset) {
  if (charset == Charset::Utf8) return sanitize_utf8(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    char32_t cp = b;
    if (b >= 0x80) {
      switch (charset) {
        case Charset::UsAscii:
          cp = kReplacement;
          break;
        case Charset::Latin9:
          cp = latin9_code_point(b);
          break;
        case Charset::Windows1252:
          if (b < 0xA0) cp = kCp1252High[b - 0x80u] != 0 ? kCp1252High[b - 0x80u] : kReplacement;
          break;
        case Charset::Latin1:
        case Charset::Utf8:
          break;
      }
    }
    append_utf8(out, cp);
  }
  return out;
}

bool charset_known(std::string_view name) {
  return charset_from_name(name).has_value() || iconv_to_utf8({}, trim(name)).has_value();
}

std::optional<std::string> to_utf8(std::string_view bytes, std::string_view name) {
  const auto cs = charset_from_name(name);
  if (cs) return to_utf8(bytes, *cs);
  // The charsets above are converted here, without iconv (fast, and the same everywhere);
  // any other goes to the C library. Its output is checked like any UTF-8.
  if (auto converted = iconv_to_utf8(bytes, trim(name))) return sanitize_utf8(*converted);
  return std::nullopt;
}

}  // namespace smtplab::message
