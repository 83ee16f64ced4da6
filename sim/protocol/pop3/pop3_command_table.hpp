// POP3 command lines (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH RFC 5034): the one table
// of verbs and the pure parser that splits a command line into keyword and arguments. A row
// says everything the lab knows of a verb: its syntax (used verbatim in "-ERR syntax"
// replies), the states that accept it and what it does, in English and French. The server
// machine, the capture dissector and the console read it: a new verb is one row. Never
// does I/O.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smtplab::protocol::pop3 {

/// Every POP3 verb the lab knows. Unknown covers everything else.
enum class Pop3Verb {
  User,     ///< RFC 1939 §7, name a mailbox
  Pass,     ///< RFC 1939 §7, its password (cleartext)
  Auth,     ///< RFC 5034, SASL authentication (PLAIN)
  Capa,     ///< RFC 2449, list the capabilities
  Stls,     ///< RFC 2595, switch to TLS
  Stat,     ///< RFC 1939 §5, count and size of the maildrop
  List,     ///< RFC 1939 §5, scan listing
  Retr,     ///< RFC 1939 §5, a whole message
  Dele,     ///< RFC 1939 §5, mark a message deleted
  Noop,     ///< RFC 1939 §5, nothing
  Rset,     ///< RFC 1939 §5, unmark every deleted message
  Top,      ///< RFC 1939 §7, the headers and the first lines of a message
  Uidl,     ///< RFC 1939 §7, unique-id listing
  Quit,     ///< RFC 1939 §6, end (and commit deletions in the UPDATE state)
  Unknown,  ///< not a POP3 verb
};

/// Where a POP3 session stands (RFC 1939 §3 names three states; the others are the
/// machine's moments between them).
enum class Pop3State {
  Connected,       ///< TCP is up, no greeting yet
  Authorization,   ///< greeted: USER/PASS, AUTH, CAPA, STLS, QUIT
  Authenticating,  ///< inside an AUTH exchange ("+ " continuations)
  TlsHandshake,    ///< STLS accepted, waiting for the TLS layer
  Transaction,     ///< logged in: the maildrop is the session's
  Update,          ///< QUIT in TRANSACTION: deletions being committed
  Closed,          ///< the connection is over
};

/// The state's name as RFC 1939 writes it ("AUTHORIZATION").
std::string_view pop3_state_name(Pop3State state);

/// One row of the command table.
struct Pop3CommandSpec {
  Pop3Verb verb;
  std::string_view name;        ///< canonical spelling ("RETR")
  std::string_view syntax;      ///< as shown in "-ERR syntax" replies
  std::string_view rfc;         ///< "RFC 1939 §5"
  bool in_authorization;        ///< accepted in the AUTHORIZATION state
  bool in_transaction;          ///< accepted in the TRANSACTION state
  std::string_view explain_en;  ///< what it does, in English (a literal, for the window)
  std::string_view explain_fr;  ///< the same in French (a literal)
};

/// The command table, in RFC order.
std::span<const Pop3CommandSpec> pop3_command_table();

/// The table row of a verb (Unknown has none).
const Pop3CommandSpec* find_pop3_command(Pop3Verb verb);

/// True when `state` accepts `verb` (only AUTHORIZATION and TRANSACTION read commands).
bool pop3_allowed_in(Pop3Verb verb, Pop3State state);

/// A command line split into its keyword and arguments, as sent.
struct Pop3Command {
  Pop3Verb verb = Pop3Verb::Unknown;
  std::string verb_text;  ///< the keyword as the client spelled it ("retr")
  std::string argument;   ///< everything after the keyword and its separating space
};

/// Splits one command line (without its CRLF). Keywords are case-insensitive (RFC 1939
/// §3). Never fails: unknown keywords give Pop3Verb::Unknown.
Pop3Command parse_pop3_command(std::string_view line);

/// Verb for a case-insensitive name ("uidl" -> Uidl), nullopt when unknown.
std::optional<Pop3Verb> pop3_verb_from_name(std::string_view name);

/// The canonical name of a verb ("UNKNOWN" for Unknown).
std::string_view pop3_verb_name(Pop3Verb verb);

}  // namespace smtplab::protocol::pop3
