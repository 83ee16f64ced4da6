// The display-filter parser (see display_filter.hpp): a lexer that keeps each token's
// column, then recursive descent, one function per precedence level:
//   or      := and { ("||" | "or") and }
//   and     := unary { ("&&" | "and" | nothing: terms side by side) unary }
//   unary   := ("!" | "not") unary | "(" or ")" | test
//   test    := name [ compare value ]
// `not` binds tighter than `and`, which binds tighter than `or`, as in Wireshark.
#include "gui/app/model/display_filter.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "capture/endpoint.hpp"
#include "sim/protocol/command.hpp"

namespace smtplab::app::dfilter {
namespace {

constexpr FieldInfo kFields[] = {
    {"frame", FieldId::Frame, FieldType::Protocol, "every frame"},
    {"frame.number", FieldId::FrameNumber, FieldType::Unsigned, "frame number, from 1"},
    {"frame.len", FieldId::FrameLen, FieldType::Unsigned, "bytes on the wire"},
    {"ip", FieldId::Ip, FieldType::Protocol, "IPv4"},
    {"ip.src", FieldId::IpSrc, FieldType::Ipv4, "IPv4 source"},
    {"ip.dst", FieldId::IpDst, FieldType::Ipv4, "IPv4 destination"},
    {"ip.addr", FieldId::IpAddr, FieldType::Ipv4, "IPv4 source or destination"},
    {"ipv6", FieldId::Ipv6, FieldType::Protocol, "IPv6"},
    {"ipv6.src", FieldId::Ipv6Src, FieldType::Ipv6, "IPv6 source"},
    {"ipv6.dst", FieldId::Ipv6Dst, FieldType::Ipv6, "IPv6 destination"},
    {"ipv6.addr", FieldId::Ipv6Addr, FieldType::Ipv6, "IPv6 source or destination"},
    {"tcp", FieldId::Tcp, FieldType::Protocol, "TCP"},
    {"tcp.srcport", FieldId::TcpSrcport, FieldType::Unsigned, "TCP source port"},
    {"tcp.dstport", FieldId::TcpDstport, FieldType::Unsigned, "TCP destination port"},
    {"tcp.port", FieldId::TcpPort, FieldType::Unsigned, "TCP source or destination port"},
    {"tcp.stream", FieldId::TcpStream, FieldType::Unsigned, "TCP connection index, from 0"},
    {"tcp.len", FieldId::TcpLen, FieldType::Unsigned, "TCP payload bytes"},
    {"tcp.flags.syn", FieldId::TcpFlagsSyn, FieldType::Boolean, "SYN flag (0 or 1)"},
    {"tcp.flags.ack", FieldId::TcpFlagsAck, FieldType::Boolean, "ACK flag (0 or 1)"},
    {"tcp.flags.fin", FieldId::TcpFlagsFin, FieldType::Boolean, "FIN flag (0 or 1)"},
    {"tcp.flags.reset", FieldId::TcpFlagsReset, FieldType::Boolean, "RST flag (0 or 1)"},
    {"tls", FieldId::Tls, FieldType::Protocol, "a TLS record ends in the frame"},
    {"smtp", FieldId::Smtp, FieldType::Protocol, "SMTP in clear"},
    {"smtp.req", FieldId::SmtpReq, FieldType::Protocol, "a client command or AUTH line"},
    {"smtp.response", FieldId::SmtpResponse, FieldType::Protocol, "a server reply"},
    {"smtp.req.command", FieldId::SmtpReqCommand, FieldType::String, "command verb, as sent"},
    {"smtp.req.parameter", FieldId::SmtpReqParameter, FieldType::String, "command argument"},
    {"smtp.response.code", FieldId::SmtpResponseCode, FieldType::Unsigned, "reply code"},
    {"smtp.rsp.parameter", FieldId::SmtpRspParameter, FieldType::String, "reply text"},
};

// The first filter's "key=value" names, kept so old scripts and habits still work.
struct LegacyKey {
  std::string_view name;
  FieldId id;
};
constexpr LegacyKey kLegacyKeys[] = {
    {"addr", FieldId::LegacyAddress},      {"host", FieldId::LegacyAddress},
    {"port", FieldId::LegacyPort},         {"proto", FieldId::LegacyProtocol},
    {"protocol", FieldId::LegacyProtocol}, {"verb", FieldId::LegacyVerb},
    {"cmd", FieldId::LegacyVerb},          {"code", FieldId::LegacyCode},
};

// Deep enough for any filter a person types; shallow enough that a fuzzer's "((((..."
// cannot exhaust the stack.
constexpr int kMaxDepth = 200;

enum class Tok : std::uint8_t { End, LParen, RParen, Not, And, Or, Compare, String, Word };

struct Token {
  Tok kind = Tok::End;
  std::size_t column = 0;  // 1-based
  std::string text;        // as typed (a String token: the decoded text)
  Op op = Op::Exists;      // Compare tokens
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == ':' ||
         c == '/';
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  /// Next token, or false with `error` set.
  bool next(Token& out, ParseError& error) {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    out = Token{};
    out.column = pos_ + 1;
    if (pos_ >= text_.size()) return true;
    const char c = text_[pos_];
    const auto two = text_.substr(pos_, 2);
    if (c == '(' || c == ')') {
      out.kind = c == '(' ? Tok::LParen : Tok::RParen;
      out.text = std::string(1, c);
      ++pos_;
      return true;
    }
    if (two == "&&" || two == "||") {
      out.kind = two == "&&" ? Tok::And : Tok::Or;
      out.text = std::string(two);
      pos_ += 2;
      return true;
    }
    if (two == "==" || two == "!=" || two == "<=" || two == ">=") {
      out.kind = Tok::Compare;
      out.op = two == "==" ? Op::Eq : two == "!=" ? Op::Ne : two == "<=" ? Op::Le : Op::Ge;
      out.text = std::string(two);
      pos_ += 2;
      return true;
    }
    if (c == '!' || c == '=' || c == '<' || c == '>') {
      out.kind = c == '!' ? Tok::Not : Tok::Compare;
      out.op = c == '=' ? Op::Eq : c == '<' ? Op::Lt : Op::Gt;
      out.text = std::string(1, c);
      ++pos_;
      return true;
    }
    if (c == '"') return string(out, error);
    if (word_char(c)) {
      const std::size_t begin = pos_;
      while (pos_ < text_.size() && word_char(text_[pos_])) ++pos_;
      out.text = std::string(text_.substr(begin, pos_ - begin));
      keyword(out);
      return true;
    }
    error = {out.column, "unexpected character '" + std::string(1, c) + "'",
             "caractère inattendu '" + std::string(1, c) + "'"};
    return false;
  }

 private:
  // A word that is an operator keyword (any case, as Wireshark accepts "AND").
  static void keyword(Token& token) {
    static constexpr struct {
      std::string_view word;
      Tok kind;
      Op op;
    } kKeywords[] = {
        {"and", Tok::And, Op::Exists}, {"or", Tok::Or, Op::Exists},
        {"not", Tok::Not, Op::Exists}, {"eq", Tok::Compare, Op::Eq},
        {"ne", Tok::Compare, Op::Ne},  {"lt", Tok::Compare, Op::Lt},
        {"le", Tok::Compare, Op::Le},  {"gt", Tok::Compare, Op::Gt},
        {"ge", Tok::Compare, Op::Ge},  {"contains", Tok::Compare, Op::Contains},
    };
    const std::string word = lower(token.text);
    token.kind = Tok::Word;
    for (const auto& k : kKeywords) {
      if (word == k.word) {
        token.kind = k.kind;
        token.op = k.op;
      }
    }
  }

  // "text" with \" \\ \n \r \t and \xHH escapes, as Wireshark reads them.
  bool string(Token& out, ParseError& error) {
    out.kind = Tok::String;
    const std::size_t start = pos_++;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ >= text_.size()) break;
        const char e = text_[pos_++];
        if (e == 'n') {
          c = '\n';
        } else if (e == 'r') {
          c = '\r';
        } else if (e == 't') {
          c = '\t';
        } else if (e == 'x') {
          unsigned value = 0;
          const auto hex = text_.substr(pos_, 2);
          const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
          if (ec != std::errc{} || end != hex.data() + 2) {
            error = {pos_ - 1, "'\\x' needs two hexadecimal digits",
                     "'\\x' veut deux chiffres hexadécimaux"};
            return false;
          }
          pos_ += 2;
          c = static_cast<char>(value);
        } else {
          c = e;  // \" \\ and any other escaped character stand for themselves
        }
      }
      out.text.push_back(c);
    }
    if (pos_ >= text_.size()) {
      error = {start + 1, "the string that starts here has no closing '\"'",
               "la chaîne qui commence ici n'a pas de '\"' fermant"};
      return false;
    }
    ++pos_;  // the closing quote
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string quoted(const Token& token) {
  if (token.kind == Tok::End) return "the end of the filter";
  if (token.kind == Tok::String) return "\"" + token.text + "\"";
  return "'" + token.text + "'";
}

std::string quoted_fr(const Token& token) {
  return token.kind == Tok::End ? "la fin du filtre" : quoted(token);
}

bool parse_unsigned(std::string_view text, std::uint64_t& out) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

// "a.b.c.d" or "a:b::c" with an optional "/prefix".
bool parse_address(std::string_view text, bool v6, Value& out) {
  const unsigned full = v6 ? 128 : 32;
  out.prefix = full;
  const auto slash = text.find('/');
  if (slash != std::string_view::npos) {
    std::uint64_t prefix = 0;
    if (!parse_unsigned(text.substr(slash + 1), prefix) || prefix > full) return false;
    out.prefix = static_cast<unsigned>(prefix);
    text = text.substr(0, slash);
  }
  const auto address = capture::parse_address(text, v6);
  if (!address) return false;
  out.bytes = address->bytes;
  return true;
}

const char* type_name(FieldType type) {
  switch (type) {
    case FieldType::Protocol:
      return "a protocol";
    case FieldType::Unsigned:
      return "a number";
    case FieldType::Boolean:
      return "0 or 1";
    case FieldType::Ipv4:
      return "an IPv4 address";
    case FieldType::Ipv6:
      return "an IPv6 address";
    case FieldType::String:
      return "text";
  }
  return "?";
}

const char* type_name_fr(FieldType type) {
  switch (type) {
    case FieldType::Protocol:
      return "un protocole";
    case FieldType::Unsigned:
      return "un nombre";
    case FieldType::Boolean:
      return "0 ou 1";
    case FieldType::Ipv4:
      return "une adresse IPv4";
    case FieldType::Ipv6:
      return "une adresse IPv6";
    case FieldType::String:
      return "du texte";
  }
  return "?";
}

class Parser {
 public:
  Parser(std::string_view text, ParseError& error) : lexer_(text), error_(error) {}

  std::optional<Expression> run() {
    if (!advance()) return std::nullopt;
    Expression expression;
    if (token_.kind == Tok::End) return expression;  // the empty filter keeps every frame
    const int root = parse_or(0);
    if (root < 0) return std::nullopt;
    if (token_.kind == Tok::RParen)
      return fail(token_.column, "')' without a '(' before it", "')' sans '(' avant");
    if (token_.kind != Tok::End) {
      return fail(token_.column, "unexpected " + quoted(token_) + " after a complete test",
                  quoted_fr(token_) + " inattendu après un test complet");
    }
    expression.nodes = std::move(nodes_);
    expression.root = root;
    return expression;
  }

 private:
  std::nullopt_t fail(std::size_t column, std::string reason, std::string reason_fr) {
    error_ = {column, std::move(reason), std::move(reason_fr)};
    return std::nullopt;
  }
  int fail_node(std::size_t column, std::string reason, std::string reason_fr) {
    fail(column, std::move(reason), std::move(reason_fr));
    return -1;
  }

  bool advance() {
    previous_ = token_;
    return lexer_.next(token_, error_);
  }

  int add(Node node) {
    nodes_.push_back(std::move(node));
    return static_cast<int>(nodes_.size() - 1);
  }

  // Appends `right` to `left` when `left` is already a chain of the same kind.
  int chain(Node::Kind kind, int left, int right) {
    Node& node = nodes_[static_cast<std::size_t>(left)];
    if (node.kind == kind && chaining_ == left) {
      node.operands.push_back(right);
      return left;
    }
    Node joined;
    joined.kind = kind;
    joined.operands = {left, right};
    chaining_ = add(std::move(joined));
    return chaining_;
  }

  int parse_or(int depth) {
    int left = parse_and(depth);
    while (left >= 0 && token_.kind == Tok::Or) {
      if (!advance()) return -1;
      const int right = parse_and(depth);
      if (right < 0) return -1;
      left = chain(Node::Kind::Or, left, right);
    }
    return left;
  }

  static bool starts_term(Tok kind) {
    return kind == Tok::Word || kind == Tok::LParen || kind == Tok::Not;
  }

  int parse_and(int depth) {
    int left = parse_unary(depth);
    while (left >= 0 && (token_.kind == Tok::And || starts_term(token_.kind))) {
      // Terms side by side mean "and": the first filter's "addr=10.0.0.1 smtp" still works.
      if (token_.kind == Tok::And && !advance()) return -1;
      const int right = parse_unary(depth);
      if (right < 0) return -1;
      left = chain(Node::Kind::And, left, right);
    }
    return left;
  }

  int parse_unary(int depth) {
    if (depth > kMaxDepth)
      return fail_node(token_.column, "the filter is nested too deeply",
                       "le filtre est trop imbriqué");
    if (token_.kind == Tok::Not) {
      if (!advance()) return -1;
      const int operand = parse_unary(depth + 1);
      if (operand < 0) return -1;
      Node node;
      node.kind = Node::Kind::Not;
      node.operands = {operand};
      return add(std::move(node));
    }
    if (token_.kind == Tok::LParen) {
      const std::size_t open = token_.column;
      if (!advance()) return -1;
      if (token_.kind == Tok::RParen)
        return fail_node(token_.column, "empty parentheses", "parenthèses vides");
      const int inner = parse_or(depth + 1);
      if (inner < 0) return -1;
      if (token_.kind != Tok::RParen) {
        return fail_node(token_.column,
                         "expected ')' to close the '(' at column " + std::to_string(open) +
                             ", found " + quoted(token_),
                         "')' attendue pour fermer la '(' de la colonne " + std::to_string(open) +
                             ", trouvé " + quoted_fr(token_));
      }
      if (!advance()) return -1;
      return inner;
    }
    if (token_.kind == Tok::Word) return parse_test();
    if (previous_.kind == Tok::End) {
      return fail_node(token_.column, "expected a field, '(' or '!', found " + quoted(token_),
                       "champ, '(' ou '!' attendu, trouvé " + quoted_fr(token_));
    }
    return fail_node(
        token_.column, "expected a field after " + quoted(previous_) + ", found " + quoted(token_),
        "champ attendu après " + quoted_fr(previous_) + ", trouvé " + quoted_fr(token_));
  }

  int parse_test() {
    const Token name = token_;
    if (!advance()) return -1;
    const std::string key = lower(name.text);
    if (token_.kind != Tok::Compare) return shortcut(name, key);

    const Token compare = token_;
    if (!advance()) return -1;
    if (token_.kind != Tok::Word && token_.kind != Tok::String) {
      return fail_node(
          token_.column, "expected a value after " + quoted(compare) + ", found " + quoted(token_),
          "valeur attendue après " + quoted_fr(compare) + ", trouvé " + quoted_fr(token_));
    }
    const Token value = token_;
    if (!advance()) return -1;

    Node node;
    if (const FieldInfo* field = find_field(key)) {
      node.field = field->id;
      node.op = compare.op;
      if (!typed_value(*field, compare, value, node.value)) return -1;
      return add(std::move(node));
    }
    for (const LegacyKey& legacy : kLegacyKeys) {
      if (key != legacy.name) continue;
      if (compare.op != Op::Eq) {
        return fail_node(
            compare.column,
            "'" + name.text + "' takes only '=' (or use a Wireshark field such as tcp.port)",
            "'" + name.text + "' n'admet que '=' (ou un champ de Wireshark comme tcp.port)");
      }
      node.field = legacy.id;
      node.op = Op::Eq;
      node.value.text = value.text;
      if (!legacy_value(node, value)) return -1;
      return add(std::move(node));
    }
    return fail_node(name.column, "unknown field '" + name.text + "'",
                     "champ inconnu '" + name.text + "'");
  }

  // A name alone: a Wireshark field ("smtp", "smtp.req.command": present), or a shortcut of
  // the first filter (a number, an address, an SMTP verb).
  int shortcut(const Token& name, const std::string& key) {
    Node node;
    node.op = Op::Exists;
    node.value.text = name.text;
    if (const FieldInfo* field = find_field(key)) {
      node.field = field->id;
    } else if (all_digits(name.text)) {
      node.field = FieldId::LegacyNumber;
    } else if (std::isdigit(static_cast<unsigned char>(name.text[0])) != 0 ||
               name.text.find(':') != std::string::npos) {
      node.field = FieldId::LegacyAddress;
    } else if (name.text.find('.') == std::string::npos &&
               protocol::verb_from_name(name.text).has_value()) {
      node.field = FieldId::LegacyVerb;
    } else {
      return fail_node(name.column, "unknown field '" + name.text + "'",
                       "champ inconnu '" + name.text + "'");
    }
    return add(std::move(node));
  }

  bool typed_value(const FieldInfo& field, const Token& compare, const Token& value, Value& out) {
    const std::string field_name(field.name);
    if (field.type == FieldType::Protocol) {
      fail(compare.column,
           "'" + field_name + "' is a protocol: it cannot be compared, write it alone",
           "'" + field_name + "' est un protocole : il ne se compare pas, écrivez-le seul");
      return false;
    }
    if (compare.op == Op::Contains && field.type != FieldType::String) {
      fail(compare.column,
           "'contains' needs a text field; " + field_name + " is " + type_name(field.type),
           "'contains' veut un champ texte ; " + field_name + " est " + type_name_fr(field.type));
      return false;
    }
    const auto wrong = [&] {
      fail(value.column,
           quoted(value) + " is not " + type_name(field.type) + " (" + field_name + " is " +
               type_name(field.type) + ")",
           quoted_fr(value) + " n'est pas " + type_name_fr(field.type) + " (" + field_name +
               " est " + type_name_fr(field.type) + ")");
      return false;
    };
    switch (field.type) {
      case FieldType::Protocol:
        return false;
      case FieldType::Unsigned:
        return parse_unsigned(value.text, out.number) || wrong();
      case FieldType::Boolean: {
        const std::string v = lower(value.text);
        if (v == "1" || v == "true") {
          out.number = 1;
        } else if (v == "0" || v == "false") {
          out.number = 0;
        } else {
          return wrong();
        }
        return true;
      }
      case FieldType::Ipv4:
        return parse_address(value.text, false, out) || wrong();
      case FieldType::Ipv6:
        return parse_address(value.text, true, out) || wrong();
      case FieldType::String:
        out.text = value.text;
        return true;
    }
    return false;
  }

  bool legacy_value(Node& node, const Token& value) {
    if (node.value.text.empty()) {
      fail(value.column, "expected a value, found an empty string",
           "valeur attendue, trouvé une chaîne vide");
      return false;
    }
    switch (node.field) {
      case FieldId::LegacyProtocol: {
        node.value.text = lower(node.value.text);
        const std::string& p = node.value.text;
        if (p == "tcp" || p == "smtp" || p == "tls" || p == "ip") return true;
        fail(value.column, quoted(value) + " is not a protocol (tcp, smtp, tls, ip)",
             quoted_fr(value) + " n'est pas un protocole (tcp, smtp, tls, ip)");
        return false;
      }
      case FieldId::LegacyPort:
      case FieldId::LegacyCode:
        if (all_digits(node.value.text) && node.value.text.size() <= 5) return true;
        fail(value.column, quoted(value) + " is not a number",
             quoted_fr(value) + " n'est pas un nombre");
        return false;
      default:
        return true;
    }
  }

  Lexer lexer_;
  ParseError& error_;
  Token token_;
  Token previous_;
  std::vector<Node> nodes_;
  int chaining_ = -1;  // the And/Or node being extended (a parenthesised one is never reused)
};

}  // namespace

std::span<const FieldInfo> wireshark_fields() {
  return kFields;
}

const FieldInfo* find_field(std::string_view name) {
  for (const FieldInfo& field : kFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string ParseError::text() const {
  return "column " + std::to_string(column) + ": " + reason;
}

std::string ParseError::text_fr() const {
  return "colonne " + std::to_string(column) + " : " + reason_fr;
}

std::optional<Expression> parse(std::string_view text, ParseError& error) {
  error = {};
  return Parser(text, error).run();
}

}  // namespace smtplab::app::dfilter
