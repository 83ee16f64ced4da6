// The display-filter language of the Frames panel, as Wireshark spells it: field names
// (`smtp`, `tcp.port`, `ip.src`, `smtp.response.code`...), comparisons (== != < <= > >= and
// eq ne lt le gt ge, contains), `!`/not, `&&`/and, `||`/or, parentheses, "quoted strings",
// numbers, IPv4/IPv6 addresses with an optional /prefix. The shortcuts of the window's first
// filter still work: bare `MAIL` (a verb), `550` (a port or a reply code, `5` = every 5xx),
// `10.0.0.1` (an address prefix), `key=value` with addr/port/proto/verb/code, and terms side
// by side meaning "and".
//
// Pure: text in, an expression tree (or the column and reason of the first error) out. What
// a field holds in a frame is the evaluator's business (gui/app/model/frame_filter.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smtplab::app::dfilter {

/// Every field the filter knows (Wireshark's names), plus the old shortcuts.
enum class FieldId : std::uint8_t {
  Frame,             ///< every frame
  FrameNumber,       ///< frame.number, 1-based
  FrameLen,          ///< frame.len, bytes on the wire
  Ip,                ///< an IPv4 header
  IpSrc,             ///< ip.src
  IpDst,             ///< ip.dst
  IpAddr,            ///< ip.addr: source or destination
  Ipv6,              ///< an IPv6 header
  Ipv6Src,           ///< ipv6.src
  Ipv6Dst,           ///< ipv6.dst
  Ipv6Addr,          ///< ipv6.addr
  Tcp,               ///< a TCP header
  TcpSrcport,        ///< tcp.srcport
  TcpDstport,        ///< tcp.dstport
  TcpPort,           ///< tcp.port: source or destination
  TcpStream,         ///< tcp.stream: connection index, in order of first appearance
  TcpLen,            ///< tcp.len: payload bytes
  TcpFlagsSyn,       ///< tcp.flags.syn (0 or 1)
  TcpFlagsAck,       ///< tcp.flags.ack
  TcpFlagsFin,       ///< tcp.flags.fin
  TcpFlagsReset,     ///< tcp.flags.reset
  Tls,               ///< a TLS record ends in the frame
  Smtp,              ///< SMTP in clear (commands, replies, message data)
  SmtpReq,           ///< a client request (command or AUTH continuation line)
  SmtpResponse,      ///< a server reply
  SmtpReqCommand,    ///< smtp.req.command: the verb as sent
  SmtpReqParameter,  ///< smtp.req.parameter: what follows the verb
  SmtpResponseCode,  ///< smtp.response.code
  SmtpRspParameter,  ///< smtp.rsp.parameter: reply text
  // The first filter's shortcuts (not Wireshark's):
  LegacyAddress,   ///< `10.0.0.1` / addr=: source or destination address starts with it
  LegacyPort,      ///< port=: source or destination port
  LegacyProtocol,  ///< proto=tcp|smtp|tls|ip
  LegacyVerb,      ///< `MAIL` / verb=: the SMTP verb, any case
  LegacyCode,      ///< code=: reply code prefix ("5" = 5xx)
  LegacyNumber,    ///< `550`, `25`: a port or a reply-code prefix
};

/// What a field holds, which decides the values and operators it takes.
enum class FieldType : std::uint8_t {
  Protocol,  ///< present or not; cannot be compared
  Unsigned,  ///< a number
  Boolean,   ///< 0 or 1
  Ipv4,      ///< an IPv4 address
  Ipv6,      ///< an IPv6 address
  String,    ///< text
};

struct FieldInfo {
  std::string_view name;  ///< as typed ("tcp.port")
  FieldId id;
  FieldType type;
  std::string_view help;  ///< one line for the documentation and the error messages
};

/// The Wireshark fields the filter speaks, in documentation order.
std::span<const FieldInfo> wireshark_fields();
/// A field by its Wireshark name, or nullptr.
const FieldInfo* find_field(std::string_view name);

/// How a test compares.
enum class Op : std::uint8_t {
  Exists,    ///< the field is present
  Eq,        ///< any value equals
  Ne,        ///< every value differs (Wireshark 4: "!=" is "all not equal")
  Lt,        ///< any value is less
  Le,        ///< any value is less or equal
  Gt,        ///< any value is greater
  Ge,        ///< any value is greater or equal
  Contains,  ///< any string value contains the text
};

/// A value parsed for the field it is compared with.
struct Value {
  std::string text;                      ///< String fields and legacy shortcuts
  std::uint64_t number = 0;              ///< Unsigned and Boolean fields
  std::array<std::uint8_t, 16> bytes{};  ///< Ipv4 (first 4) and Ipv6 addresses
  unsigned prefix = 0;                   ///< CIDR prefix length (32 or 128 = the whole address)
};

/// One node of the expression tree; children are indices into Expression::nodes. A chain
/// "a && b && c" is one And node with three operands, so a long filter stays shallow.
struct Node {
  enum class Kind : std::uint8_t { And, Or, Not, Test };
  Kind kind = Kind::Test;
  std::vector<int> operands;  ///< And/Or: two or more, in order; Not: one
  FieldId field = FieldId::Frame;
  Op op = Op::Exists;
  Value value;
};

/// A parsed filter; an empty one (no nodes) keeps every frame.
struct Expression {
  std::vector<Node> nodes;
  int root = -1;  ///< -1 for the empty filter
};

/// Where and why a filter is wrong.
struct ParseError {
  std::size_t column = 0;  ///< 1-based column of the offending character
  std::string reason;      ///< "expected a value after '=='"
  std::string reason_fr;   ///< the same in French, for the French window
  /// "column 12: expected a value after '=='".
  std::string text() const;
  /// "colonne 12 : valeur attendue après '=='".
  std::string text_fr() const;
};

/// Parses `text`; nullopt with `error` set at the first mistake. Never throws.
std::optional<Expression> parse(std::string_view text, ParseError& error);

}  // namespace smtplab::app::dfilter
