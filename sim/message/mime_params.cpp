// Parsing of MIME header values with parameters (RFC 2045, RFC 2183, RFC 2231).
#include "sim/message/mime_params.hpp"

#include <algorithm>
#include <map>

#include "sim/message/ascii.hpp"
#include "sim/message/charset.hpp"
#include "sim/message/encoded_word.hpp"

namespace smtplab::message {
namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";

// A cursor over one unfolded header value.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return s_[i_]; }
  void advance() { ++i_; }

  // Skips whitespace, line breaks and (nested) comments.
  void skip_cfws() {
    while (!done()) {
      const char c = peek();
      if (is_wsp(c) || c == '\r' || c == '\n') {
        advance();
      } else if (c == '(') {
        skip_comment();
      } else {
        return;
      }
    }
  }

  void skip_comment() {
    int depth = 0;
    while (!done()) {
      const char c = peek();
      advance();
      if (c == '\\') {
        if (!done()) advance();
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth == 0) return;
      }
    }
  }

  // Reads a quoted string (cursor on the opening quote); false when unterminated.
  bool read_quoted(std::string& out) {
    advance();
    while (!done()) {
      const char c = peek();
      advance();
      if (c == '"') return true;
      if (c == '\\' && !done()) {
        out.push_back(peek());
        advance();
      } else if (c != '\r' && c != '\n') {
        out.push_back(c);
      }
    }
    return false;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// One raw parameter before RFC 2231 assembly.
struct RawParam {
  std::string base;       // name without the RFC 2231 suffix, lower-cased
  int section = -1;       // -1 when not sectioned
  bool extended = false;  // value is charset'lang'%XX (first section) or %XX
  std::string value;
  std::size_t order = 0;
};

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

RawParam split_name(std::string name) {
  RawParam p;
  name = to_lower(name);
  if (!name.empty() && name.back() == '*') {
    p.extended = true;
    name.pop_back();
  }
  const std::size_t star = name.rfind('*');
  if (star != std::string::npos && star + 1 < name.size() &&
      std::all_of(name.begin() + static_cast<std::ptrdiff_t>(star + 1), name.end(),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      name.size() - star - 1 <= 4) {
    p.section = std::stoi(name.substr(star + 1));
    name.resize(star);
  }
  p.base = name;
  return p;
}

std::vector<std::pair<std::string, std::string>> assemble(std::vector<RawParam>& raw,
                                                          std::vector<std::string>& notes) {
  // Group by base name in first-seen order; RFC 2231 values win over plain ones. The map
  // keeps this linear-logarithmic in the number of parameters (hostile headers have many).
  std::vector<std::string> names;
  std::map<std::string, std::vector<const RawParam*>> by_name;
  for (const auto& p : raw) {
    auto& group = by_name[p.base];
    if (group.empty()) names.push_back(p.base);
    group.push_back(&p);
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& name : names) {
    std::vector<const RawParam*> sections;
    const RawParam* plain = nullptr;
    const RawParam* single_ext = nullptr;
    for (const RawParam* p : by_name[name]) {
      if (p->section >= 0) {
        sections.push_back(p);
      } else if (p->extended) {
        if (single_ext == nullptr) single_ext = p;
      } else if (plain == nullptr) {
        plain = p;
      }
    }
    std::string value;
    if (!sections.empty() || single_ext != nullptr) {
      if (sections.empty()) sections.push_back(single_ext);
      std::stable_sort(sections.begin(), sections.end(), [](const RawParam* a, const RawParam* b) {
        return a->section < b->section;
      });
      std::string charset;
      std::string bytes;
      int expected = sections.front()->section < 0 ? -1 : 0;
      bool first = true;
      for (const RawParam* s : sections) {
        if (!first && s->section == expected - 1) continue;  // duplicate section: first wins
        if (expected >= 0 && s->section != expected) {
          notes.push_back("parameter " + name + ": RFC 2231 section " + std::to_string(expected) +
                          " missing");
        }
        expected = s->section + 1;
        std::string_view v = s->value;
        if (first && s->extended) {
          const std::size_t q1 = v.find('\'');
          const std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
          if (q2 != std::string_view::npos) {
            charset = std::string(v.substr(0, q1));
            v = v.substr(q2 + 1);
          } else {
            notes.push_back("parameter " + name + ": RFC 2231 value without charset'lang'");
          }
        }
        bytes += s->extended ? percent_decode(v) : std::string(v);
        first = false;
      }
      if (charset.empty()) {
        value = to_utf8(bytes, Charset::Utf8);
      } else if (auto converted = to_utf8(bytes, charset)) {
        value = *converted;
      } else {
        notes.push_back("parameter " + name + ": unknown charset " + charset);
        value = to_utf8(bytes, Charset::Utf8);
      }
    } else if (plain != nullptr) {
      value = plain->value.find("=?") != std::string::npos ? decode_encoded_words(plain->value)
                                                           : to_utf8(plain->value, Charset::Utf8);
    }
    out.emplace_back(name, std::move(value));
  }
  return out;
}

std::optional<std::string> find_param(const std::vector<std::pair<std::string, std::string>>& ps,
                                      std::string_view name) {
  for (const auto& [n, v] : ps) {
    if (iequals(n, name)) return v;
  }
  return std::nullopt;
}

bool is_attr_char(char c) {
  // RFC 2231 attribute-char, plus '*' which marks sections and extended values.
  const auto u = static_cast<unsigned char>(c);
  return u > 32 && u < 127 &&
         std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

}  // namespace

std::optional<std::string> ParameterizedValue::param(std::string_view name) const {
  return find_param(params, name);
}

std::optional<std::string> ContentType::param(std::string_view name) const {
  return find_param(params, name);
}

ParameterizedValue parse_parameterized(std::string_view header_value) {
  ParameterizedValue result;
  Cursor cur(header_value);
  cur.skip_cfws();
  // Leading token: everything up to the first ';', comments and whitespace removed.
  while (!cur.done() && cur.peek() != ';') {
    const char c = cur.peek();
    if (c == '(') {
      cur.skip_comment();
    } else if (c == '"') {
      std::string q;
      cur.read_quoted(q);
      result.value += q;
    } else {
      if (!is_wsp(c) && c != '\r' && c != '\n') result.value.push_back(ascii_lower(c));
      cur.advance();
    }
  }
  std::vector<RawParam> raw;
  while (!cur.done()) {
    cur.advance();  // the ';'
    cur.skip_cfws();
    std::string name;
    while (!cur.done() && is_attr_char(cur.peek())) {
      name.push_back(cur.peek());
      cur.advance();
    }
    cur.skip_cfws();
    if (cur.done() || cur.peek() != '=') {
      if (!name.empty()) result.notes.push_back("parameter " + name + " without a value");
      while (!cur.done() && cur.peek() != ';') {
        if (cur.peek() == '"') {
          std::string ignored;
          cur.read_quoted(ignored);
        } else {
          cur.advance();
        }
      }
      continue;
    }
    cur.advance();  // '='
    cur.skip_cfws();
    std::string value;
    if (!cur.done() && cur.peek() == '"') {
      if (!cur.read_quoted(value))
        result.notes.push_back("parameter " + name + ": unterminated quoted string");
    } else {
      while (!cur.done() && cur.peek() != ';' && cur.peek() != '(') {
        value.push_back(cur.peek());
        cur.advance();
      }
      value = std::string(trim(value));
    }
    // Skip anything up to the next parameter (comments, stray text).
    while (!cur.done() && cur.peek() != ';') {
      if (cur.peek() == '(') {
        cur.skip_comment();
      } else if (cur.peek() == '"') {
        std::string ignored;
        cur.read_quoted(ignored);
      } else {
        cur.advance();
      }
    }
    if (name.empty()) {
      result.notes.push_back("parameter without a name");
      continue;
    }
    RawParam p = split_name(name);
    p.value = std::move(value);
    p.order = raw.size();
    raw.push_back(std::move(p));
  }
  result.params = assemble(raw, result.notes);
  return result;
}

ContentType parse_content_type(std::string_view header_value) {
  ParameterizedValue pv = parse_parameterized(header_value);
  ContentType ct;
  const std::size_t slash = pv.value.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == pv.value.size() ||
      pv.value.find('/', slash + 1) != std::string::npos) {
    ct.valid = false;  // RFC 2045 §5.2: treat as text/plain; charset=us-ascii
    return ct;
  }
  ct.type = pv.value.substr(0, slash);
  ct.subtype = pv.value.substr(slash + 1);
  ct.params = std::move(pv.params);
  return ct;
}

TransferEncoding parse_transfer_encoding(std::string_view header_value) {
  const std::string v = parse_parameterized(header_value).value;
  if (v == "7bit") return TransferEncoding::SevenBit;
  if (v == "8bit") return TransferEncoding::EightBit;
  if (v == "binary") return TransferEncoding::Binary;
  if (v == "base64") return TransferEncoding::Base64;
  if (v == "quoted-printable") return TransferEncoding::QuotedPrintable;
  return TransferEncoding::Unknown;
}

std::string_view transfer_encoding_name(TransferEncoding encoding) {
  switch (encoding) {
    case TransferEncoding::SevenBit:
      return "7bit";
    case TransferEncoding::EightBit:
      return "8bit";
    case TransferEncoding::Binary:
      return "binary";
    case TransferEncoding::Base64:
      return "base64";
    case TransferEncoding::QuotedPrintable:
      return "quoted-printable";
    case TransferEncoding::Unknown:
      break;
  }
  return "unknown";
}

std::string format_parameter(std::string_view name, std::string_view utf8_value) {
  const std::string clean = strip_line_breaks(utf8_value);
  if (is_printable_ascii(clean) && clean.size() + name.size() < 70) {
    std::string out(name);
    out += "=\"";
    for (char c : clean) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out += "\"";
    return out;
  }
  // RFC 2231: percent-encode every octet outside attribute-char, then cut into sections
  // that fit a line, never inside a %XX triplet.
  std::string encoded;
  for (char c : clean) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 128 && is_attr_char(c) && c != '*' && c != '\'' && c != '%') {
      encoded.push_back(c);
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[u >> 4]);
      encoded.push_back(kHex[u & 15]);
    }
  }
  const std::string prefix = "utf-8''";
  const std::size_t room = 60;  // characters of value per section line
  if (prefix.size() + encoded.size() + name.size() < 70) {
    return std::string(name) + "*=" + prefix + encoded;
  }
  std::string out;
  std::size_t pos = 0;
  int section = 0;
  while (pos < encoded.size()) {
    std::size_t take = std::min(room, encoded.size() - pos);
    // Do not end a section inside a %XX triplet.
    if (pos + take < encoded.size()) {
      if (take >= 1 && encoded[pos + take - 1] == '%')
        take -= 1;
      else if (take >= 2 && encoded[pos + take - 2] == '%')
        take -= 2;
    }
    if (section > 0) out += ";\r\n ";
    out += std::string(name) + "*" + std::to_string(section) + "*=";
    if (section == 0) out += prefix;
    out += encoded.substr(pos, take);
    pos += take;
    ++section;
  }
  return out;
}

}  // namespace smtplab::message
