// SMTP command lines: the one table of verbs and the pure parser that splits a command line
// into verb and argument. A row says everything the lab knows of a verb: its syntax (used
// verbatim in HELP and in 501 replies), the session states that accept it and the reply
// when not, its place in a pipelined group, what the client sends after it, the reply
// that says yes, and the window's explanation in French and English. The server and client
// machines, the capture dissector, the console's completion and the window's explanations
// all read it: a new verb is one row. Never does I/O.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/protocol/reply_catalogue.hpp"
#include "sim/protocol/session_state.hpp"

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
  Lhlo,      ///< RFC 2033 LMTP's greeting: recognised in captures, refused by an SMTP server
  Unknown,   ///< not an SMTP verb (includes Postfix-style traps like "Subject:")
};

/// The reply a verb gets in each command state when it is out of sequence; nullopt where
/// the state accepts it. States that never read commands (DATA, TLS handshake...) have no
/// rule.
struct StateRules {
  std::optional<ReplyId> greeted = std::nullopt;     ///< before HELO/EHLO
  std::optional<ReplyId> ready = std::nullopt;       ///< after HELO/EHLO, no transaction
  std::optional<ReplyId> mail_given = std::nullopt;  ///< after MAIL
  std::optional<ReplyId> rcpt_given = std::nullopt;  ///< after an accepted RCPT
};

/// Where a command may stand in a pipelined group (RFC 2920 §3.1).
enum class Pipelining {
  Anywhere,   ///< more commands may follow without waiting (MAIL, RCPT, RSET, BDAT)
  EndsGroup,  ///< the client waits for its reply: it changes what comes next (EHLO, DATA...)
};

/// What the client sends after the command line, before its next command.
enum class Payload {
  None,     ///< the next command
  Message,  ///< after a 354: message lines up to CRLF.CRLF (DATA)
  Chunk,    ///< at once, exactly the announced octets, whatever the reply (BDAT)
  Tls,      ///< after a 220: the TLS handshake (STARTTLS)
  Sasl,     ///< after a 334: one base64 response line per challenge (AUTH)
};

/// True when only the reply decides whether the payload comes (354, 220, 334): a reader of
/// the client's bytes must wait for it.
constexpr bool payload_waits_for_reply(Payload payload) {
  return payload == Payload::Message || payload == Payload::Tls || payload == Payload::Sasl;
}

/// One row of the command table.
struct CommandSpec {
  Verb verb;
  std::string_view name;         ///< canonical spelling ("MAIL")
  std::string_view syntax;       ///< as shown by HELP and in 501 replies
  std::string_view description;  ///< one line for HELP <verb>
  std::string_view rfc;          ///< "RFC 5321 §4.1.1.2"
  bool smtp = true;              ///< an SMTP server offers it (false: LHLO, LMTP only)
  StateRules refused = {};       ///< out-of-sequence replies, by state
  Pipelining pipelining = Pipelining::Anywhere;
  Payload payload = Payload::None;
  ReplyId success = ReplyId::Ok;  ///< the reply that says yes (for DATA: the 354)
  // Text fields are string literals: the window hands them to ImGui as C strings.
  std::string_view explain_fr;  ///< the window's explanation, in French
  std::string_view explain_en;  ///< the window's explanation, in English
};

/// The command table, in HELP order.
std::span<const CommandSpec> command_table();

/// The table row of a verb (Unknown has none).
const CommandSpec* find_command_spec(Verb verb);

/// The reply `verb` gets in `state` when that state refuses it, nullopt when accepted.
std::optional<ReplyId> refusal_in(Verb verb, SessionState state);

/// The verbs an SMTP server offers that begin with `prefix` (case-insensitive), in table
/// order: the console completes a typed verb with them.
std::vector<std::string_view> verbs_starting_with(std::string_view prefix);

/// The console's Tab on a partly typed verb: the one verb it can be (and a space when the
/// verb takes an argument), else the longest common start of the candidates; `typed`
/// unchanged when nothing matches or the verb is already followed by its argument.
std::string complete_verb(std::string_view typed);

/// A line that is not SMTP but shows a client speaking the wrong protocol: Postfix's
/// smtpd_cmd_table rows for "Subject:" and "CONNECT"/"GET"/"POST". The reply teaches why.
struct TrapSpec {
  std::string_view name;        ///< the first word as sent ("GET"); empty: any header field name
  ReplyId reply;                ///< what the server answers, with the first word as argument
  bool closes;                  ///< the server hangs up after the reply
  std::string_view rfc;         ///< where the right way is said
  std::string_view explain_fr;  ///< the window's explanation, in French (a literal)
  std::string_view explain_en;  ///< the window's explanation, in English (a literal)
};

/// The trap a first word falls into ("Subject:", "GET"), nullptr when none.
const TrapSpec* find_trap(std::string_view verb_text);

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

/// The command line for a verb: its canonical name, then " " and the argument if any.
std::string command_line(Verb verb, std::string_view argument = {});

}  // namespace smtplab::protocol
