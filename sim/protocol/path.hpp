// RFC 5321 paths (<local@domain>, <>, <@ONE,@TWO:joe@THREE>) and the ESMTP parameters
// that follow them on MAIL and RCPT. Pure parsing with the §4.5.3.1 length limits.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/protocol/reply_catalogue.hpp"

namespace smtplab::protocol {

/// Length limits of RFC 5321 §4.5.3.1 (octets).
inline constexpr std::size_t kMaxLocalPart = 64;
inline constexpr std::size_t kMaxDomain = 255;
inline constexpr std::size_t kMaxPath = 256;

/// local-part@domain. The local part is kept unquoted; address() re-quotes when needed.
struct Mailbox {
  std::string local_part;  ///< without quotes ("john smith" for "\"john smith\"@x")
  std::string domain;      ///< a domain name or an address literal "[192.0.2.1]"; may be empty
                           ///< only for the special <Postmaster>

  /// The mailbox as written in a path: quotes the local part when it is not a dot-string.
  std::string address() const;
  bool operator==(const Mailbox&) const = default;
};

/// A reverse-path or forward-path.
struct Path {
  bool null = false;                      ///< "<>": the null reverse-path (bounces)
  std::vector<std::string> source_route;  ///< "ONE", "TWO" from <@ONE,@TWO:joe@THREE>
  Mailbox mailbox;                        ///< empty when null
  bool angle_brackets = true;             ///< false when the client omitted < > (tolerated)

  /// The path as text for display: "<>", "<a@b>", "<@ONE,@TWO:joe@THREE>".
  std::string display() const;
};

/// An ESMTP parameter "KEYWORD[=value]" after a path.
struct PathParameter {
  std::string keyword;  ///< upper-cased
  std::optional<std::string> value;
};

/// What parse_mail_argument / parse_rcpt_argument return.
struct PathArgument {
  std::optional<Path> path;  ///< set on success
  std::vector<PathParameter> parameters;
  ReplyId error = ReplyId::SyntaxError;  ///< when !path: which reply to send
  std::string detail;                    ///< when !path: what was wrong
  bool command_syntax = false;  ///< when !path: no "FROM:"/"TO:" path at all; the 501 quotes
                                ///< the command table's syntax of the verb, not `detail`
};

/// Options that change what a path may contain.
struct PathOptions {
  bool allow_utf8 = false;         ///< SMTPUTF8 (RFC 6531): UTF-8 in local parts and domains
  bool allow_unqualified = false;  ///< a bare local part ("dupont") without @domain, for a
                                   ///< server that qualifies it (the course's rewriting)
};

/// Parses the argument of MAIL ("FROM:<path> params"). Accepts a space after the colon and
/// a missing pair of angle brackets (as Postfix does), never a missing colon.
PathArgument parse_mail_argument(std::string_view argument, const PathOptions& options);
/// Parses the argument of RCPT ("TO:<path> params"); <Postmaster> needs no domain; <> fails.
PathArgument parse_rcpt_argument(std::string_view argument, const PathOptions& options);
/// Parses one path "<...>" (or a bare mailbox); `allow_null` accepts "<>".
PathArgument parse_path(std::string_view text, bool allow_null, const PathOptions& options);
/// True when the text has octets above 0x7F.
bool has_non_ascii(std::string_view text);

}  // namespace smtplab::protocol
