// Path and ESMTP parameter parsing (RFC 5321 §4.1.2, §4.1.1.2-3, appendix C; RFC 6531).
#include "sim/protocol/path.hpp"

#include "sim/protocol/text.hpp"

namespace smtplab::protocol {
namespace {

bool is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

// RFC 5322 atext, plus any UTF-8 octet when SMTPUTF8 is in force.
bool is_atext(unsigned char c, bool utf8) {
  if (is_alpha(c) || is_digit(c)) return true;
  if (c >= 0x80) return utf8;
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
  return kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_dot_string(std::string_view s, bool utf8) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!is_atext(c, utf8)) {
      return false;
    }
  }
  return true;
}

// sub-domain = Let-dig [Ldh-str] ; Domain = sub-domain *("." sub-domain)
bool is_domain_name(std::string_view s, bool utf8) {
  if (s.empty()) return false;
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      const std::string_view label = s.substr(label_start, i - label_start);
      if (label.empty() || label.front() == '-' || label.back() == '-') return false;
      label_start = i + 1;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (!(is_alpha(c) || is_digit(c) || c == '-' || (utf8 && c >= 0x80))) return false;
  }
  return true;
}

// address-literal = "[" ( IPv4 / "IPv6:" IPv6 / General ) "]"; checked loosely: the lab
// shows literals, it does not route to them.
bool is_address_literal(std::string_view s) {
  if (s.size() < 3 || s.front() != '[' || s.back() != ']') return false;
  for (char c : s.substr(1, s.size() - 2)) {
    const auto u = static_cast<unsigned char>(c);
    if (!(is_alpha(u) || is_digit(u) || c == '.' || c == ':' || c == '-')) return false;
  }
  return true;
}

bool is_domain(std::string_view s, bool utf8) {
  return is_address_literal(s) || is_domain_name(s, utf8);
}

PathArgument fail(ReplyId error, std::string detail) {
  PathArgument out;
  out.error = error;
  out.detail = std::move(detail);
  return out;
}

// The argument lacks the keyword or the path: the command itself is malformed.
PathArgument fail_command_syntax(std::string_view keyword) {
  PathArgument out = fail(ReplyId::SyntaxError, std::string(keyword) + "<address>");
  out.command_syntax = true;
  return out;
}

// Parses "local-part@domain" (the mailbox inside the brackets).
PathArgument parse_mailbox(std::string_view text, const PathOptions& options, Mailbox& mailbox) {
  std::string local;
  std::size_t at = 0;
  if (!text.empty() && text.front() == '"') {
    // Quoted-string: qtextSMTP or quoted-pairSMTP ("\" followed by any printable).
    std::size_t i = 1;
    bool closed = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '\\') {
        if (++i >= text.size()) break;
        local += text[i];
      } else if (c == '"') {
        closed = true;
        break;
      } else {
        local += c;
      }
    }
    if (!closed) return fail(ReplyId::BadAddressSyntax, "unterminated quoted local part");
    at = i + 1;
    if (at >= text.size() || text[at] != '@') {
      return fail(ReplyId::BadAddressSyntax, "quoted local part must be followed by @domain");
    }
  } else {
    at = text.rfind('@');
    if (at == std::string_view::npos && options.allow_unqualified &&
        is_dot_string(text, options.allow_utf8) && text.size() <= kMaxLocalPart) {
      // RFC 5321 wants a domain; a server that rewrites ("append the domain") may take a
      // bare local part from its own users and qualify it afterwards.
      mailbox.local_part = std::string(text);
      mailbox.domain.clear();
      PathArgument ok;
      ok.path = Path{};
      return ok;
    }
    if (at == std::string_view::npos) {
      return fail(ReplyId::BadAddressSyntax, "missing @domain in \"" + std::string(text) + "\"");
    }
    local = std::string(text.substr(0, at));
    if (!is_dot_string(local, options.allow_utf8)) {
      return fail(ReplyId::BadAddressSyntax, "invalid local part \"" + local + "\"");
    }
  }
  const std::string_view domain = text.substr(at + 1);
  if (local.size() > kMaxLocalPart) {
    return fail(ReplyId::PathTooLong, "local part longer than 64 octets");
  }
  if (domain.size() > kMaxDomain)
    return fail(ReplyId::PathTooLong, "domain longer than 255 octets");
  if (!is_domain(domain, options.allow_utf8)) {
    return fail(ReplyId::BadAddressSyntax, "invalid domain \"" + std::string(domain) + "\"");
  }
  mailbox.local_part = std::move(local);
  mailbox.domain = std::string(domain);
  PathArgument ok;
  ok.path = Path{};
  return ok;
}

// Splits "params" after the path into keyword[=value] items.
bool parse_parameters(std::string_view rest, std::vector<PathParameter>& out, std::string& bad) {
  while (!rest.empty()) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) break;
    const auto end = rest.find(' ');
    const std::string_view item = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    const auto eq = item.find('=');
    PathParameter p;
    p.keyword = to_upper(item.substr(0, eq));
    if (p.keyword.empty()) {
      bad = std::string(item);
      return false;
    }
    for (char c : p.keyword) {
      const auto u = static_cast<unsigned char>(c);
      if (!(is_alpha(u) || is_digit(u) || c == '-')) {
        bad = std::string(item);
        return false;
      }
    }
    if (eq != std::string_view::npos) p.value = std::string(item.substr(eq + 1));
    out.push_back(std::move(p));
  }
  return true;
}

PathArgument parse_keyword_path(std::string_view argument, std::string_view keyword,
                                bool allow_null, const PathOptions& options) {
  if (!istarts_with(argument, keyword)) return fail_command_syntax(keyword);
  std::string_view rest = argument.substr(keyword.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::string_view path_text;
  if (!rest.empty() && rest.front() == '<') {
    // The path ends at the first '>' outside a quoted local part.
    bool quoted = false;
    std::size_t end = std::string_view::npos;
    for (std::size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] == '\\' && quoted) {
        ++i;
      } else if (rest[i] == '"') {
        quoted = !quoted;
      } else if (rest[i] == '>' && !quoted) {
        end = i;
        break;
      }
    }
    if (end == std::string_view::npos) return fail(ReplyId::BadAddressSyntax, "missing '>'");
    path_text = rest.substr(0, end + 1);
    rest.remove_prefix(end + 1);
    if (!rest.empty() && rest.front() != ' ') {
      return fail(ReplyId::SyntaxError, "a space must separate the path from parameters");
    }
  } else {
    const auto end = rest.find(' ');
    path_text = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  if (path_text.empty()) return fail_command_syntax(keyword);
  PathArgument out = parse_path(path_text, allow_null, options);
  if (!out.path) return out;
  std::string bad;
  if (!parse_parameters(rest, out.parameters, bad)) {
    return fail(ReplyId::SyntaxError, "bad parameter \"" + bad + "\"");
  }
  return out;
}

}  // namespace

bool has_non_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::string Mailbox::address() const {
  if (domain.empty()) return local_part;
  std::string local;
  if (is_dot_string(local_part, true)) {
    local = local_part;
  } else {
    local = "\"";
    for (char c : local_part) {
      if (c == '"' || c == '\\') local += '\\';
      local += c;
    }
    local += '"';
  }
  return local + "@" + domain;
}

std::string Path::display() const {
  if (null) return "<>";
  std::string out = "<";
  for (std::size_t i = 0; i < source_route.size(); ++i) {
    out += (i ? ",@" : "@");
    out += source_route[i];
  }
  if (!source_route.empty()) out += ':';
  out += mailbox.address();
  out += '>';
  return out;
}

PathArgument parse_path(std::string_view text, bool allow_null, const PathOptions& options) {
  Path path;
  // The limit counts the angle brackets (RFC 5321 §4.5.3.1.3), even when a lax client
  // left them out.
  const bool bracketed = !text.empty() && text.front() == '<';
  if (text.size() + (bracketed ? 0 : 2) > kMaxPath) {
    return fail(ReplyId::PathTooLong, "path longer than 256 octets");
  }
  if (bracketed) {
    if (text.size() < 2 || text.back() != '>')
      return fail(ReplyId::BadAddressSyntax, "missing '>'");
    text = text.substr(1, text.size() - 2);
  } else {
    path.angle_brackets = false;
  }
  if (text.empty()) {
    if (!allow_null) return fail(ReplyId::BadAddressSyntax, "empty path <> is only for senders");
    path.null = true;
    PathArgument out;
    out.path = path;
    return out;
  }
  if (!options.allow_utf8 && has_non_ascii(text)) {
    return fail(ReplyId::NonAsciiAddress, std::string(text));
  }
  // Source route (RFC 5321 §4.1.2 A-d-l): "@ONE,@TWO:" before the mailbox. Kept for
  // display; appendix C says to deliver to the final mailbox and ignore the route.
  if (text.front() == '@') {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
      return fail(ReplyId::BadAddressSyntax, "source route without ':'");
    std::string_view route = text.substr(0, colon);
    while (!route.empty()) {
      const auto comma = route.find(',');
      std::string_view hop = route.substr(0, comma);
      if (hop.size() < 2 || hop.front() != '@' || !is_domain(hop.substr(1), options.allow_utf8)) {
        return fail(ReplyId::BadAddressSyntax, "bad source route hop \"" + std::string(hop) + "\"");
      }
      path.source_route.emplace_back(hop.substr(1));
      route = comma == std::string_view::npos ? std::string_view{} : route.substr(comma + 1);
    }
    text = text.substr(colon + 1);
  }
  // <Postmaster> (any case) is the one mailbox that needs no domain (RFC 5321 §4.1.1.3).
  if (iequals(text, "postmaster")) {
    path.mailbox.local_part = std::string(text);
    PathArgument out;
    out.path = path;
    return out;
  }
  PathArgument mailbox = parse_mailbox(text, options, path.mailbox);
  if (!mailbox.path) return mailbox;
  mailbox.path = std::move(path);
  return mailbox;
}

PathArgument parse_mail_argument(std::string_view argument, const PathOptions& options) {
  return parse_keyword_path(argument, "FROM:", true, options);
}

PathArgument parse_rcpt_argument(std::string_view argument, const PathOptions& options) {
  return parse_keyword_path(argument, "TO:", false, options);
}

}  // namespace smtplab::protocol
