// Trace fields (RFC 5321 §4.4): building the Received field an MTA prepends on delivery
// and the Return-Path the final MTA adds, and parsing a Received field back into its
// clauses (from, by, via, with, id, for, date) so that the GUI can draw the path a
// message took.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/message/date.hpp"

namespace smtplab::message {

/// What an MTA knows when it accepts a message, to write its Received field.
struct ReceivedSpec {
  std::string helo;  ///< name the client gave in HELO/EHLO
  std::string rdns;  ///< reverse DNS name of the client, empty when unknown ("unknown" is written)
  std::string ip;    ///< client address ("127.0.1.10", "IPv6:::1")
  std::string by;    ///< the receiving host's name
  std::string with;  ///< protocol: SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA (see with_protocol)
  std::string id;    ///< the receiver's queue id, empty to omit the clause
  std::string for_rcpt;  ///< the recipient when there is exactly one, empty to omit
  DateTime date;         ///< when the message was received
};

/// The "with" keyword (RFC 3848): SMTP for HELO, ESMTP for EHLO, +S with TLS, +A with AUTH.
std::string_view with_protocol(bool ehlo, bool tls, bool authenticated);

/// "Received: from helo (rdns [ip])" CRLF TAB "by host with ESMTPS id X" CRLF TAB
/// "for <rcpt>; date" CRLF — folded so that every line stays short.
std::string format_received(const ReceivedSpec& spec);

/// "Return-Path: <addr>" CRLF; an empty address gives the null path "<>".
std::string format_return_path(std::string_view address);

/// One Received field taken apart. Clauses absent from the field are empty.
struct ReceivedInfo {
  std::string from;                ///< from clause: the name the client gave
  std::string from_comment;        ///< the comment after it ("localhost.localdomain [127.0.0.1]")
  std::string from_rdns;           ///< host name in that comment, when there is one
  std::string from_ip;             ///< address in brackets in that comment, when there is one
  std::string by;                  ///< by clause: the receiving host
  std::string by_comment;          ///< comment after it (software, version)
  std::string via;                 ///< via clause (link type)
  std::string with;                ///< with clause (protocol)
  std::string id;                  ///< id clause (queue id)
  std::string for_addr;            ///< for clause, without angle brackets
  std::string date_text;           ///< text after the last ';', trimmed
  std::optional<DateTime> date;    ///< that text parsed, when it is a date
  std::vector<std::string> notes;  ///< what did not fit the grammar
};

/// Parses the value of a Received field (folded or not). Never fails.
ReceivedInfo parse_received(std::string_view value);

/// The address in a Return-Path value ("<a@b>" gives "a@b", "<>" gives ""), nullopt when
/// the value is not an angle address.
std::optional<std::string> parse_return_path(std::string_view value);

}  // namespace smtplab::message
