// Base64 and SASL PLAIN decoding.
#include "capture/sasl_decode.hpp"

namespace smtplab::capture {
namespace {

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int values[4];
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        values[j] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return std::nullopt;  // data after '='
      values[j] = sextet(c);
      if (values[j] < 0) return std::nullopt;
    }
    const unsigned triple =
        (static_cast<unsigned>(values[0]) << 18) | (static_cast<unsigned>(values[1]) << 12) |
        (static_cast<unsigned>(values[2]) << 6) | static_cast<unsigned>(values[3]);
    out += static_cast<char>((triple >> 16) & 0xFF);
    if (padding < 2) out += static_cast<char>((triple >> 8) & 0xFF);
    if (padding < 1) out += static_cast<char>(triple & 0xFF);
  }
  return out;
}

std::optional<PlainCredentials> decode_plain(std::string_view base64) {
  const auto bytes = decode_base64(base64);
  if (!bytes) return std::nullopt;
  const auto first = bytes->find('\0');
  if (first == std::string::npos) return std::nullopt;
  const auto second = bytes->find('\0', first + 1);
  if (second == std::string::npos) return std::nullopt;
  return PlainCredentials{bytes->substr(0, first), bytes->substr(first + 1, second - first - 1),
                          bytes->substr(second + 1)};
}

}  // namespace smtplab::capture
