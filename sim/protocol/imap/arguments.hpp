// A cursor over one assembled IMAP command (RFC 3501 §9 formal syntax): atoms, numbers,
// quoted strings, literals ("{n}" CRLF and n octets, already in place in the command's
// wire form), astrings, nstrings and parenthesised lists. Each command's handler reads
// its own arguments with it, so the grammar of a command lives beside the command; a
// reader that fails returns nullopt and the handler answers BAD with the table's syntax.
// Never allocates more than its input, never recurses on input (lists are walked by the
// callers, which count their depth).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtplab::protocol::imap {

/// ATOM-CHAR of RFC 3501 §9: any CHAR except atom-specials ( ) { SP CTL % * " \ ].
constexpr bool is_atom_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x1f || u >= 0x7f) return false;
  switch (c) {
    case '(':
    case ')':
    case '{':
    case ' ':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
      return false;
    default:
      return true;
  }
}

class Arguments {
 public:
  explicit Arguments(std::string_view wire) : text_(wire) {}

  /// True when every octet has been read.
  bool at_end() const { return pos_ >= text_.size(); }
  /// The next octet, or '\0' at the end.
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  /// Consumes `c` when it is next.
  bool take(char c);
  /// Consumes one SP (arguments are separated by exactly one).
  bool space() { return take(' '); }
  /// An atom (ATOM-CHAR+); with `allow_bracket`, "]" too (ASTRING-CHAR, RFC 3501 §9).
  std::optional<std::string_view> atom(bool allow_bracket = false);
  /// A tag: ASTRING-CHAR except "+".
  std::optional<std::string_view> tag();
  /// A number (up to 2^32 - 1, RFC 3501 number).
  std::optional<std::uint32_t> number();
  /// A quoted string or a literal.
  std::optional<std::string> string();
  /// An astring: atom (with "]") or string.
  std::optional<std::string> astring();
  /// A mailbox pattern of LIST: atom chars plus "%" "*" and "]", or a string.
  std::optional<std::string> list_mailbox();
  /// Octets up to the next SP, ")" or end, as written (sequence sets, FETCH items).
  std::string_view word();
  /// Everything not read yet.
  std::string_view rest() const { return text_.substr(std::min(pos_, text_.size())); }
  /// Octets read so far.
  std::size_t position() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

/// Formats `text` as an IMAP string for a response: a quoted string when it is short
/// 7-bit text without CR, LF, NUL, else a literal "{n}" CRLF text.
std::string imap_string(std::string_view text);
/// The same, NIL for an absent value.
std::string imap_nstring(const std::optional<std::string>& text);
/// An astring for a response: the atom as it is when it can be one, else imap_string.
std::string imap_astring(std::string_view text);

}  // namespace smtplab::protocol::imap
