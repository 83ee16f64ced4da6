// The catalogue of every response the lab's POP3 server gives: one row per situation with
// its status (+OK, -ERR, or the "+ " of a SASL continuation), its RFC 2449/3206 response
// code ("AUTH", "SYS/TEMP", "IN-USE") and its default text. Code and tests name the
// response (Pop3ResponseId), never the string.
#pragma once

#include <string>
#include <string_view>

namespace smtplab::protocol::pop3 {

enum class Pop3ResponseId {
  // +OK
  Greeting,          ///< +OK <host> POP3 ready
  CapabilityList,    ///< +OK followed by the capability lines
  MechanismList,     ///< +OK followed by the SASL mechanisms (a bare AUTH, as RFC 1734 did)
  UserAccepted,      ///< +OK to USER: now PASS
  LoggedIn,          ///< +OK maildrop ready (PASS or AUTH succeeded)
  StatAnswer,        ///< +OK <count> <octets>
  ScanListing,       ///< +OK <msg> <octets> (LIST msg)
  ScanListFollows,   ///< +OK followed by one "msg octets" line per message
  UidListing,        ///< +OK <msg> <unique-id> (UIDL msg)
  UidListFollows,    ///< +OK followed by one "msg unique-id" line per message
  MessageFollows,    ///< +OK followed by the (dot-stuffed) message (RETR)
  TopFollows,        ///< +OK followed by the headers and the first lines (TOP)
  MarkedDeleted,     ///< +OK to DELE
  NoopOk,            ///< +OK to NOOP
  ResetDone,         ///< +OK to RSET, with the maildrop's size
  TlsReady,          ///< +OK to STLS: the TLS handshake follows
  Goodbye,           ///< +OK to QUIT in AUTHORIZATION
  GoodbyeCommitted,  ///< +OK to QUIT in TRANSACTION: deletions done
  // "+ " (SASL)
  AuthContinue,  ///< "+ " the server waits for the client's SASL response
  // -ERR
  UnknownCommand,      ///< not a POP3 command
  SmtpCommand,         ///< an SMTP command sent to a POP3 server (a teaching moment)
  SyntaxError,         ///< bad arguments: the table's syntax follows
  NotInThisState,      ///< a verb the current state does not accept
  LineTooLong,         ///< a command line over 255 octets (RFC 2449 §4)
  NulInLine,           ///< a NUL octet in a command line
  NeedUser,            ///< PASS without USER
  CleartextRefused,    ///< [AUTH] USER/PASS or AUTH PLAIN before TLS
  LoginFailed,         ///< [AUTH] bad name or password
  TooManyFailures,     ///< [AUTH] too many failed logins: the server hangs up
  MailboxInUse,        ///< [IN-USE] another session holds the maildrop
  MailboxUnavailable,  ///< [SYS/TEMP] the maildrop cannot be opened
  NoSuchMessage,       ///< the number names no message
  AlreadyDeleted,      ///< the message is marked deleted
  MessageUnreadable,   ///< [SYS/TEMP] the message's file could not be read
  AlreadyTls,          ///< STLS inside TLS
  TlsUnavailable,      ///< STLS without a certificate
  UnknownMechanism,    ///< AUTH with a mechanism other than PLAIN
  AuthCancelled,       ///< the client answered "*"
  AuthBadResponse,     ///< a SASL response that is not base64 PLAIN
  AuthzidRefused,      ///< [AUTH] PLAIN with an authorisation identity of someone else
  CommitFailed,        ///< [SYS/TEMP] QUIT could not remove every deleted message
  IdleTimeout,         ///< nothing received for too long (RFC 1939 §3 autologout)
  ShuttingDown,        ///< the server is stopping
  TooManyErrors,       ///< the client made too many errors: the server hangs up
};

/// What a response begins with.
enum class Pop3Status {
  Ok,        ///< "+OK"
  Err,       ///< "-ERR"
  Continue,  ///< "+ " (RFC 5034 §4: a SASL challenge, here always empty)
};

/// One row of the catalogue.
struct Pop3ResponseSpec {
  Pop3ResponseId id;
  Pop3Status status;
  std::string_view code;  ///< RFC 2449 §8 response code, written "[code]"; empty = none
  std::string_view text;  ///< default text; "%s" is replaced by the argument of the row
};

/// The row for a response (every Pop3ResponseId has one).
const Pop3ResponseSpec& pop3_response_spec(Pop3ResponseId id);

/// The name of a response ("LoginFailed").
std::string_view pop3_response_name(Pop3ResponseId id);

/// The status line without CRLF: status, "[code]" if any, text with "%s" replaced.
std::string pop3_response_line(Pop3ResponseId id, std::string_view argument = {});

}  // namespace smtplab::protocol::pop3
