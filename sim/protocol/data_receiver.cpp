// DATA reception (RFC 5321 §4.1.1.4, §4.5.2 transparency) and client-side dot-stuffing.
#include "sim/protocol/data_receiver.hpp"

namespace smtplab::protocol {

bool DataReceiver::feed(const Line& line) {
  wire_octets_ += line.wire_length;
  const bool crlf = line.ending == LineEnding::Crlf;
  // The only end of data: "." alone on a line, preceded and followed by CRLF.
  if (line.text == "." && crlf && previous_line_ended_crlf_ && !line.overlong) return true;
  if (line.text == "." || line.text.starts_with(".\r")) {
    // "\n.\n", "\r\n.\n", "\n.\r\n", "\r.\r": ends data on some servers and not on others,
    // which is how a second message is smuggled past the first server.
    ++findings_.smuggling_dots;
  }
  if (!crlf) findings_.bare_lf = true;
  if (line.has_bare_cr) findings_.bare_cr = true;
  if (line.has_nul) findings_.nul = true;
  if (line.overlong) findings_.overlong_line = true;
  for (char c : line.text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      findings_.eight_bit = true;
      break;
    }
  }
  previous_line_ended_crlf_ = crlf;

  std::string_view text = line.text;
  if (!text.empty() && text.front() == '.') text.remove_prefix(1);  // transparency
  if (normalize_ && line.has_bare_cr) {
    // A bare CR becomes a line break of its own, so it can never pair with a later LF.
    std::string fixed;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        fixed += "\r\n";
      } else {
        fixed += text[i];
      }
    }
    append(fixed);
  } else {
    append(text);
  }
  append("\r\n");
  return false;
}

void DataReceiver::append(std::string_view text) {
  if (findings_.too_big) return;
  if (max_size_ != 0 && content_.size() + text.size() > max_size_) {
    findings_.too_big = true;
    return;
  }
  content_.append(text);
}

std::string dot_stuff(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 64 + 8);
  bool at_line_start = true;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (at_line_start && c == '.') out += '.';
    at_line_start = false;
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < message.size() && message[i + 1] == '\n') ++i;
      at_line_start = true;
    } else if (c == '\n') {
      out += "\r\n";
      at_line_start = true;
    } else {
      out += c;
    }
  }
  if (!at_line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

}  // namespace smtplab::protocol
