// RFC 5322 §3.4 address list parsing and formatting.
#include "sim/message/address.hpp"

#include "sim/message/ascii.hpp"
#include "sim/message/charset.hpp"
#include "sim/message/encoded_word.hpp"

namespace smtplab::message {
namespace {

// Lexical tokens of an address list.
enum class Tok {
  Atom,     // a run of atext (dots included: "ali.belabbas", "gsimaroc.com")
  Quoted,   // a quoted string, unescaped
  Literal,  // a domain literal "[...]", brackets kept
  Special,  // one of , : ; < > @
  End,
};

struct Token {
  Tok kind = Tok::End;
  std::string text;
  bool space_before = false;  // whitespace or a comment came before it
};

bool is_special(char c) {
  return c == ',' || c == ':' || c == ';' || c == '<' || c == '>' || c == '@';
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  // The text of the last comment seen (old-style "addr (Display Name)").
  std::string last_comment;

  Token next() {
    Token t;
    t.space_before = skip_cfws();
    if (i_ >= s_.size()) return t;
    const char c = s_[i_];
    if (is_special(c)) {
      t.kind = Tok::Special;
      t.text = std::string(1, c);
      ++i_;
    } else if (c == '"') {
      t.kind = Tok::Quoted;
      ++i_;
      while (i_ < s_.size() && s_[i_] != '"') {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
        if (s_[i_] != '\r' && s_[i_] != '\n') t.text.push_back(s_[i_]);
        ++i_;
      }
      if (i_ < s_.size()) ++i_;
    } else if (c == '[') {
      t.kind = Tok::Literal;
      while (i_ < s_.size() && s_[i_] != ']') {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
        if (!is_wsp(s_[i_]) && s_[i_] != '\r' && s_[i_] != '\n') t.text.push_back(s_[i_]);
        ++i_;
      }
      t.text.push_back(']');
      if (i_ < s_.size()) ++i_;
    } else {
      t.kind = Tok::Atom;
      while (i_ < s_.size()) {
        const char d = s_[i_];
        if (is_wsp(d) || d == '\r' || d == '\n' || d == '(' || d == '"' || d == '[' ||
            is_special(d)) {
          break;
        }
        t.text.push_back(d);
        ++i_;
      }
      if (t.text.empty()) {  // a stray ')' or ']' : take it as an atom of its own
        t.text.push_back(s_[i_]);
        ++i_;
      }
    }
    return t;
  }

 private:
  bool skip_cfws() {
    bool skipped = false;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (is_wsp(c) || c == '\r' || c == '\n') {
        ++i_;
        skipped = true;
      } else if (c == '(') {
        read_comment();
        skipped = true;
      } else {
        break;
      }
    }
    return skipped;
  }

  void read_comment() {
    int depth = 0;
    std::string text;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '\\' && i_ < s_.size()) {
        text.push_back(s_[i_++]);
        continue;
      }
      if (c == '(') {
        if (depth++ > 0) text.push_back(c);
      } else if (c == ')') {
        if (--depth == 0) break;
        text.push_back(c);
      } else if (c != '\r' && c != '\n') {
        text.push_back(c);
      }
    }
    last_comment = std::string(trim(text));
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// The parser works on the whole token list, so it can look ahead freely.
class Parser {
 public:
  explicit Parser(std::string_view value) {
    Lexer lex(value);
    for (;;) {
      Token t = lex.next();
      comments_.push_back(lex.last_comment);
      lex.last_comment.clear();
      if (t.kind == Tok::End) break;
      tokens_.push_back(std::move(t));
    }
  }

  AddressList run() {
    while (pos_ < tokens_.size()) {
      if (is(",")) {
        ++pos_;
        continue;
      }
      parse_address();
    }
    return std::move(result_);
  }

 private:
  bool is(std::string_view special) const {
    return pos_ < tokens_.size() && tokens_[pos_].kind == Tok::Special &&
           tokens_[pos_].text == special;
  }

  void skip_to_comma(std::string note) {
    result_.notes.push_back(std::move(note));
    while (pos_ < tokens_.size() && !is(",")) ++pos_;
  }

  // Phrase words (atoms and quoted strings) up to the next special. Encoded words are
  // decoded in atoms only (RFC 2047 §5), adjacent ones joined without the space.
  std::string read_phrase() {
    std::string raw;
    bool first = true;
    while (pos_ < tokens_.size() &&
           (tokens_[pos_].kind == Tok::Atom || tokens_[pos_].kind == Tok::Quoted)) {
      const Token& t = tokens_[pos_];
      if (!first) raw.push_back(' ');
      if (t.kind == Tok::Quoted) {
        // Many mailers put encoded words inside quotes; readers decode them anyway.
        raw += t.text;
      } else {
        raw += t.text;
      }
      first = false;
      ++pos_;
    }
    return decode_encoded_words(raw);
  }

  // addr-spec after an optional display name: local "@" domain, or local alone.
  bool read_addr_spec(Address& a) {
    std::string local;
    while (pos_ < tokens_.size() &&
           (tokens_[pos_].kind == Tok::Atom || tokens_[pos_].kind == Tok::Quoted)) {
      local += tokens_[pos_].text;
      ++pos_;
    }
    if (local.empty()) return false;
    a.local_part = to_utf8(local, Charset::Utf8);
    if (is("@")) {
      ++pos_;
      if (pos_ < tokens_.size() &&
          (tokens_[pos_].kind == Tok::Atom || tokens_[pos_].kind == Tok::Literal)) {
        a.domain = to_utf8(tokens_[pos_].text, Charset::Utf8);
        ++pos_;
      } else {
        result_.notes.push_back("address " + a.local_part + "@ without a domain");
      }
    }
    return true;
  }

  // An angle address, cursor on '<'. Obsolete source routes ("<@a,@b:x@y>") are skipped.
  bool read_angle(Address& a) {
    ++pos_;  // '<'
    if (is("@")) {
      // Only a source route starts with '@'; it ends at ':' and holds no '<' or '>', which
      // keeps this scan from running over the rest of a hostile list for every '<'.
      std::size_t colon = pos_;
      while (colon < tokens_.size() &&
             !(tokens_[colon].kind == Tok::Special &&
               (tokens_[colon].text == ">" || tokens_[colon].text == ":" ||
                tokens_[colon].text == "<"))) {
        ++colon;
      }
      if (colon < tokens_.size() && tokens_[colon].text == ":") pos_ = colon + 1;
    }
    if (is(">")) {  // "<>": the null reverse-path, legal in Return-Path
      ++pos_;
      return true;
    }
    read_addr_spec(a);
    if (!is(">")) {
      result_.notes.push_back("missing '>' after <" + a.addr_spec());
      while (pos_ < tokens_.size() && !is(">") && !is(",")) ++pos_;
    }
    if (is(">")) ++pos_;
    return true;
  }

  void parse_mailbox(const std::string& group) {
    const std::size_t start = pos_;
    Address a;
    a.group = group;
    // Look ahead: a phrase followed by '<' is a name-addr, otherwise an addr-spec.
    std::size_t look = pos_;
    while (look < tokens_.size() &&
           (tokens_[look].kind == Tok::Atom || tokens_[look].kind == Tok::Quoted)) {
      ++look;
    }
    if (look < tokens_.size() && tokens_[look].kind == Tok::Special && tokens_[look].text == "<") {
      a.display_name = read_phrase();
      read_angle(a);
    } else if (!read_addr_spec(a)) {
      skip_to_comma("unexpected '" + (pos_ < tokens_.size() ? tokens_[pos_].text : "") +
                    "' in address list");
      return;
    }
    // Old style: "ali@gsimaroc.com (Ali Belabbas)" gives the comment as the name.
    if (a.display_name.empty()) {
      for (std::size_t k = start; k <= pos_ && k < comments_.size(); ++k) {
        if (!comments_[k].empty()) a.display_name = decode_encoded_words(comments_[k]);
      }
    }
    if (pos_ < tokens_.size() && !is(",") && !is(";")) {
      skip_to_comma("unexpected text after " + a.addr_spec());
    }
    if (a.local_part.empty()) {
      result_.notes.push_back("empty address <> in an address list");
      return;
    }
    result_.addresses.push_back(std::move(a));
  }

  void parse_address() {
    // A group is a phrase followed by ':'.
    std::size_t look = pos_;
    while (look < tokens_.size() &&
           (tokens_[look].kind == Tok::Atom || tokens_[look].kind == Tok::Quoted)) {
      ++look;
    }
    if (look > pos_ && look < tokens_.size() && tokens_[look].kind == Tok::Special &&
        tokens_[look].text == ":") {
      const std::string group = read_phrase();
      ++pos_;  // ':'
      while (pos_ < tokens_.size() && !is(";")) {
        if (is(",")) {
          ++pos_;
          continue;
        }
        const std::size_t before = pos_;
        parse_mailbox(group);
        if (pos_ == before) ++pos_;
      }
      if (is(";")) {
        ++pos_;
      } else {
        result_.notes.push_back("group " + group + " without its closing ';'");
      }
      return;
    }
    const std::size_t before = pos_;
    parse_mailbox("");
    if (pos_ == before) ++pos_;  // always make progress
  }

  std::vector<Token> tokens_;
  std::vector<std::string> comments_;  // comment seen just before token i (index i)
  std::size_t pos_ = 0;
  AddressList result_;
};

bool needs_quoting_local(std::string_view local) {
  if (local.empty() || local.front() == '.' || local.back() == '.') return true;
  char prev = 0;
  for (char c : local) {
    const auto u = static_cast<unsigned char>(c);
    const bool atext = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                       std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos ||
                       u >= 0x80;
    if (c == '.' && prev == '.') return true;
    if (!atext && c != '.') return true;
    prev = c;
  }
  return false;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool phrase_is_atoms(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                    c == ' ' ||
                    std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return s.find("  ") == std::string_view::npos && s.front() != ' ' && s.back() != ' ';
}

}  // namespace

std::string Address::addr_spec() const {
  std::string out = needs_quoting_local(local_part) ? quote(local_part) : local_part;
  if (!domain.empty()) out += "@" + domain;
  return out;
}

AddressList parse_address_list(std::string_view value) {
  return Parser(value).run();
}

std::string format_address(const Address& address) {
  const std::string name = strip_line_breaks(address.display_name);
  if (name.empty()) return address.addr_spec();
  std::string phrase;
  if (!is_printable_ascii(name)) {
    phrase = encode_words(name, 0);
  } else if (phrase_is_atoms(name) && name.find("=?") == std::string::npos) {
    phrase = name;
  } else {
    phrase = quote(name);
  }
  return phrase + " <" + address.addr_spec() + ">";
}

std::string format_address_list(const std::vector<Address>& addresses) {
  std::string out;
  for (const auto& a : addresses) {
    if (!out.empty()) out += ", ";
    out += format_address(a);
  }
  return out;
}

}  // namespace smtplab::message
