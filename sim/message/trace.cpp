// Received and Return-Path: building and parsing.
#include "sim/message/trace.hpp"

#include "sim/message/ascii.hpp"

namespace smtplab::message {
namespace {

// A token of a Received value: a word, a comment (parentheses removed) or an angle addr.
struct TraceToken {
  enum Kind { Word, Comment } kind = Word;
  std::string text;
};

std::vector<TraceToken> trace_tokens(std::string_view s) {
  std::vector<TraceToken> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_wsp(c) || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '(') {
      int depth = 0;
      std::string text;
      while (i < s.size()) {
        const char d = s[i++];
        if (d == '\\' && i < s.size()) {
          text.push_back(s[i++]);
          continue;
        }
        if (d == '(' && depth++ == 0) continue;
        if (d == ')' && --depth == 0) break;
        text.push_back(d == '\r' || d == '\n' ? ' ' : d);
      }
      out.push_back({TraceToken::Comment, std::string(trim(text))});
    } else {
      std::string text;
      bool angle = false;
      while (i < s.size()) {
        const char d = s[i];
        if (d == '<') angle = true;
        if (d == '>') angle = false;
        if (!angle && (is_wsp(d) || d == '\r' || d == '\n' || d == '(')) break;
        text.push_back(d);
        ++i;
      }
      out.push_back({TraceToken::Word, text});
    }
  }
  return out;
}

// Offset of the last ';' outside comments and angle brackets, or npos.
std::size_t last_semicolon(std::string_view s) {
  std::size_t found = std::string_view::npos;
  int depth = 0;
  bool angle = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth > 0) --depth;
    } else if (depth == 0 && c == '<') {
      angle = true;
    } else if (depth == 0 && c == '>') {
      angle = false;
    } else if (depth == 0 && !angle && c == ';') {
      found = i;
    }
  }
  return found;
}

std::string strip_angle(std::string_view s) {
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

}  // namespace

std::string_view with_protocol(bool ehlo, bool tls, bool authenticated) {
  if (!ehlo) return "SMTP";
  if (tls && authenticated) return "ESMTPSA";
  if (tls) return "ESMTPS";
  if (authenticated) return "ESMTPA";
  return "ESMTP";
}

std::string format_received(const ReceivedSpec& spec) {
  auto clean = [](std::string_view s) { return strip_line_breaks(s); };
  std::string out =
      "Received: from " + (spec.helo.empty() ? std::string("unknown") : clean(spec.helo));
  out += " (" + (spec.rdns.empty() ? std::string("unknown") : clean(spec.rdns));
  if (!spec.ip.empty()) out += " [" + clean(spec.ip) + "]";
  out += ")\r\n\tby " + clean(spec.by);
  if (!spec.with.empty()) out += " with " + clean(spec.with);
  if (!spec.id.empty()) out += " id " + clean(spec.id);
  if (!spec.for_rcpt.empty()) out += "\r\n\tfor " + ("<" + strip_angle(clean(spec.for_rcpt)) + ">");
  out += ";\r\n\t" + format_date(spec.date) + "\r\n";
  return out;
}

std::string format_return_path(std::string_view address) {
  return "Return-Path: <" + strip_angle(strip_line_breaks(trim(address))) + ">\r\n";
}

ReceivedInfo parse_received(std::string_view value) {
  ReceivedInfo info;
  std::string_view clauses = value;
  if (const std::size_t semi = last_semicolon(value); semi != std::string_view::npos) {
    std::string date;
    for (char c : value.substr(semi + 1)) date.push_back(c == '\r' || c == '\n' ? ' ' : c);
    info.date_text = std::string(trim(date));
    info.date = parse_date(info.date_text);
    if (!info.date) info.notes.push_back("date \"" + info.date_text + "\" not understood");
    clauses = value.substr(0, semi);
  } else {
    info.notes.push_back("no ';' before a date");
  }
  const std::vector<TraceToken> tokens = trace_tokens(clauses);
  std::string* value_slot = nullptr;    // where the next word goes
  std::string* comment_slot = nullptr;  // where comments after the clause go
  for (const auto& t : tokens) {
    if (t.kind == TraceToken::Comment) {
      if (comment_slot != nullptr) {
        if (!comment_slot->empty()) *comment_slot += " ";
        *comment_slot += t.text;
      } else {
        info.notes.push_back("comment \"" + t.text + "\" outside a clause");
      }
      continue;
    }
    if (value_slot != nullptr) {
      *value_slot = t.text;
      value_slot = nullptr;
      continue;
    }
    const std::string key = to_lower(t.text);
    comment_slot = nullptr;
    if (key == "from") {
      value_slot = &info.from;
      comment_slot = &info.from_comment;
    } else if (key == "by") {
      value_slot = &info.by;
      comment_slot = &info.by_comment;
    } else if (key == "via") {
      value_slot = &info.via;
    } else if (key == "with") {
      value_slot = &info.with;
    } else if (key == "id") {
      value_slot = &info.id;
    } else if (key == "for") {
      value_slot = &info.for_addr;
    } else {
      info.notes.push_back("unexpected word \"" + t.text + "\"");
    }
  }
  if (value_slot != nullptr) info.notes.push_back("clause without a value");
  info.for_addr = strip_angle(info.for_addr);
  // "(rdns [ip])", "(unknown [ip])", "([ip] helo=x)": take the bracketed address and the
  // host name before it.
  const std::string& c = info.from_comment;
  if (const std::size_t open = c.find('['); open != std::string::npos) {
    const std::size_t close = c.find(']', open);
    if (close != std::string::npos) info.from_ip = c.substr(open + 1, close - open - 1);
    info.from_rdns = std::string(trim(c.substr(0, open)));
  } else if (!c.empty() && c.find(' ') == std::string::npos) {
    info.from_rdns = c;
  }
  return info;
}

std::optional<std::string> parse_return_path(std::string_view value) {
  const std::string_view v = trim(value);
  if (v.size() < 2 || v.front() != '<' || v.back() != '>') return std::nullopt;
  return std::string(v.substr(1, v.size() - 2));
}

}  // namespace smtplab::message
