// Quoted-printable encoding and decoding.
#include "sim/message/quoted_printable.hpp"

#include "sim/message/ascii.hpp"

namespace smtplab::message {
namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";
constexpr std::size_t kMaxLine = 76;  // RFC 2045 §6.7 rule 5, "=" of a soft break included

// Appends one encoded line (no line break in `line`), inserting soft breaks.
void encode_line(std::string& out, std::string_view line) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto b = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    // Space and tab are literal except at the end of a line, where a transport could strip
    // them; in binary mode the "line" is the whole input, so the rule still holds.
    const bool literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
    const std::size_t width = literal ? 1 : 3;
    // Keep room for the "=" of a soft break unless this is the line's last token.
    const std::size_t room = last ? kMaxLine : kMaxLine - 1;
    if (column + width > room) {
      out += "=\r\n";
      column = 0;
    }
    if (literal) {
      out.push_back(static_cast<char>(b));
    } else {
      out.push_back('=');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    }
    column += width;
  }
}

}  // namespace

std::string qp_encode(std::string_view data, bool text_mode) {
  std::string out;
  out.reserve(data.size() + data.size() / 8);
  if (!text_mode) {
    encode_line(out, data);
    return out;
  }
  std::size_t start = 0;
  while (start <= data.size()) {
    const std::size_t lf = data.find('\n', start);
    if (lf == std::string_view::npos) {
      encode_line(out, data.substr(start));
      break;
    }
    std::size_t end = lf;
    if (end > start && data[end - 1] == '\r') --end;
    encode_line(out, data.substr(start, end - start));
    out += "\r\n";
    start = lf + 1;
  }
  return out;
}

std::string qp_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t lf = text.find('\n', start);
    const bool has_break = lf != std::string_view::npos;
    if (!has_break) lf = text.size();
    std::size_t end = lf;
    std::string_view ending;
    if (has_break) {
      ending = (end > start && text[end - 1] == '\r') ? std::string_view("\r\n") : "\n";
      if (ending.size() == 2) --end;
    }
    std::string_view line = text.substr(start, end - start);
    // Trailing whitespace was possibly added in transport: RFC 2045 says delete it.
    while (!line.empty() && is_wsp(line.back())) line.remove_suffix(1);
    bool soft = false;
    if (!line.empty() && line.back() == '=') {
      soft = true;
      line.remove_suffix(1);
    }
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '=' && i + 2 < line.size()) {
        const int hi = hex_value(line[i + 1]);
        const int lo = hex_value(line[i + 2]);
        if (hi >= 0 && lo >= 0) {
          out.push_back(static_cast<char>(hi * 16 + lo));
          i += 2;
          continue;
        }
      }
      out.push_back(line[i]);  // malformed escape: keep it as written (RFC 2045 advice)
    }
    if (!soft) out += ending;
    start = lf + 1;
  }
  return out;
}

}  // namespace smtplab::message
