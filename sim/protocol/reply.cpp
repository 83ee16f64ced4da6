// Reply formatting and parsing (RFC 5321 §4.2, RFC 2034 enhanced codes).
#include "sim/protocol/reply.hpp"

namespace smtplab::protocol {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string Reply::text() const {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

std::string format_reply(const Reply& reply) {
  std::string out;
  const std::string code = std::to_string(reply.code);
  const std::size_t count = reply.lines.empty() ? 1 : reply.lines.size();
  for (std::size_t i = 0; i < count; ++i) {
    out += code;
    out += (i + 1 < count) ? '-' : ' ';
    if (!reply.enhanced.empty()) {
      out += reply.enhanced;
      out += ' ';
    }
    if (i < reply.lines.size()) out += reply.lines[i];
    out += "\r\n";
  }
  return out;
}

Reply make_reply(int code, std::string_view enhanced, std::vector<std::string> lines) {
  return Reply{code, std::string(enhanced), std::move(lines)};
}

std::string take_enhanced_code(std::string_view& text) {
  // class "." subject "." detail, class in {2,4,5}, subject 1-3 digits, detail 1-3 digits.
  std::size_t i = 0;
  if (text.empty() || (text[0] != '2' && text[0] != '4' && text[0] != '5')) return {};
  i = 1;
  for (int part = 0; part < 2; ++part) {
    if (i >= text.size() || text[i] != '.') return {};
    ++i;
    std::size_t digits = 0;
    while (i < text.size() && is_digit(text[i]) && digits < 3) {
      ++i;
      ++digits;
    }
    if (digits == 0) return {};
  }
  if (i < text.size() && text[i] != ' ') return {};
  std::string code(text.substr(0, i));
  text.remove_prefix(i < text.size() ? i + 1 : i);
  return code;
}

std::optional<ReplyLine> parse_reply_line(std::string_view line) {
  // RFC 5321 §4.2: the first digit is 2-5 (1yz is defined but unused), the second 0-5.
  if (line.size() < 3 || line[0] < '1' || line[0] > '5' || line[1] < '0' || line[1] > '5' ||
      !is_digit(line[2])) {
    return std::nullopt;
  }
  ReplyLine out;
  out.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (line.size() == 3) return out;
  if (line[3] == '-') {
    out.last = false;
  } else if (line[3] != ' ') {
    return std::nullopt;
  }
  out.text = line.substr(4);
  return out;
}

ReplyParser::Status ReplyParser::feed_line(std::string_view line) {
  const auto parsed = parse_reply_line(line);
  if (!parsed || (in_progress() && parsed->code != pending_.code)) {
    pending_ = Reply{};
    return Status::Bad;
  }
  std::string_view text = parsed->text;
  if (!in_progress()) {
    pending_.code = parsed->code;
    std::string_view probe = text;
    pending_.enhanced = take_enhanced_code(probe);
  }
  // Strip the enhanced code from every line that repeats it, so lines hold plain text.
  if (!pending_.enhanced.empty()) {
    std::string_view probe = text;
    if (take_enhanced_code(probe) == pending_.enhanced) text = probe;
  }
  // A multi-line reply (an EHLO answer) gets room for a few lines at its first: one
  // allocation rather than one per doubling. A one-line reply keeps a one-line vector.
  if (pending_.lines.empty() && !parsed->last) pending_.lines.reserve(kFirstLines);
  pending_.lines.emplace_back(text);
  return parsed->last ? Status::Complete : Status::NeedMore;
}

Reply ReplyParser::take() {
  Reply out = std::move(pending_);
  pending_ = Reply{};
  return out;
}

}  // namespace smtplab::protocol
