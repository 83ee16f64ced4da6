// SMTP command lines: the one table of verbs (with their syntax and help text) and the
// pure parser that splits a command line into verb and argument. Shared by the server
// machine, the client machine and the capture dissector. Never does I/O.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smtplab::protocol {

/// Every verb the lab knows. Unknown covers everything else (500).
enum class Verb {
  Helo,      ///< RFC 5321 §4.1.1.1, the old greeting
  Ehlo,      ///< RFC 5321 §4.1.1.1, extended greeting, lists extensions
  Mail,      ///< MAIL FROM:<reverse-path> [params]
  Rcpt,      ///< RCPT TO:<forward-path> [params]
  Data,      ///< DATA, then the message ended by CRLF.CRLF
  Bdat,      ///< RFC 3030 BDAT size [LAST]
  Rset,      ///< abort the transaction
  Noop,      ///< do nothing, reply 250
  Quit,      ///< close the session (221)
  Help,      ///< 214 help text
  Vrfy,      ///< verify a user name
  Expn,      ///< expand a mailing list
  Auth,      ///< RFC 4954 AUTH mechanism [initial-response]
  Starttls,  ///< RFC 3207 switch to TLS
  Unknown,   ///< not an SMTP verb (includes Postfix-style traps like "Subject:")
};

/// One row of the command table: the verb, its canonical spelling, its syntax as shown
/// in HELP and in 501 replies, a one-line description and the RFC section.
struct CommandSpec {
  Verb verb;
  std::string_view name;
  std::string_view syntax;
  std::string_view description;
  std::string_view rfc;
};

/// The command table, in HELP order.
std::span<const CommandSpec> command_table();

/// The table row of a verb (Unknown has none).
const CommandSpec* find_command_spec(Verb verb);

/// A command line split into its verb and argument, as sent.
struct Command {
  Verb verb = Verb::Unknown;
  std::string verb_text;  ///< the verb as the client spelled it ("ehlo", "MAIL")
  std::string argument;   ///< everything after the verb and its separating space
};

/// Splits one command line (without its CRLF). The verb is the text up to the first
/// space; it is matched case-insensitively. Never fails: unknown verbs give Verb::Unknown.
Command parse_command(std::string_view line);

/// Verb for a case-insensitive name ("rcpt" -> Rcpt), nullopt when unknown.
std::optional<Verb> verb_from_name(std::string_view name);

/// The canonical upper-case name of a verb ("UNKNOWN" for Unknown).
std::string_view verb_name(Verb verb);

}  // namespace smtplab::protocol
