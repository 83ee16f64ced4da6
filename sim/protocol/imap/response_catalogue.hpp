// The catalogue of every status response the IMAP machine gives (RFC 3501 §7.1): tagged
// and untagged OK, NO, BAD, BYE, and the "+" continuation requests. One row per situation
// with its status, its response code (RFC 3501 §7.1, RFC 5530) and its default text. Code
// and tests name the response (ResponseId), never the string. Data responses (* FLAGS,
// * LIST, * n FETCH...) are built by the machine from the mailbox, not listed here.
#pragma once

#include <string>
#include <string_view>

namespace smtplab::protocol::imap {

/// The status word of a response.
enum class Status {
  Ok,            ///< OK: success, or information (untagged)
  No,            ///< NO: the command failed (operational error)
  Bad,           ///< BAD: protocol error (unknown command, syntax, state)
  Bye,           ///< BYE: the server is closing the connection
  Continuation,  ///< "+": the server waits for more from the client
};

enum class ResponseId {
  // Untagged OK (greeting and SELECT's information).
  Greeting,        ///< * OK [CAPABILITY ...] <host> IMAP4rev1 ready
  FirstUnseen,     ///< * OK [UNSEEN n]
  PermanentFlags,  ///< * OK [PERMANENTFLAGS (...)]
  UidValidity,     ///< * OK [UIDVALIDITY n]
  UidNext,         ///< * OK [UIDNEXT n]
  // Tagged OK.
  Completed,   ///< OK <command> completed
  LoggedIn,    ///< OK [CAPABILITY ...] Logged in
  SelectedRw,  ///< OK [READ-WRITE] SELECT completed
  SelectedRo,  ///< OK [READ-ONLY] EXAMINE (or SELECT of a read-only mailbox) completed
  BeginTls,    ///< OK Begin TLS negotiation now
  IdleEnded,   ///< OK IDLE terminated
  LogoutDone,  ///< OK LOGOUT completed
  // Tagged NO.
  LoginFailed,       ///< NO [AUTHENTICATIONFAILED]
  PrivacyRequired,   ///< NO [PRIVACYREQUIRED] cleartext login refused
  MechanismUnknown,  ///< NO unsupported SASL mechanism
  NoSuchMailbox,     ///< NO [NONEXISTENT]
  TryCreate,         ///< NO [TRYCREATE] COPY to a mailbox that does not exist
  AlreadyExists,     ///< NO [ALREADYEXISTS] CREATE of an existing name
  CannotDoThat,      ///< NO [CANNOT] CREATE/DELETE refused (INBOX, store refusal)
  ReadOnlyMailbox,   ///< NO [READ-ONLY]? the selected mailbox is read-only
  ExpungeIssued,     ///< NO [EXPUNGEISSUED] some messages were expunged meanwhile
  StoreFailed,       ///< NO [SERVERBUG] the store refused the change
  LiteralTooBig,     ///< NO [TOOBIG] literal over the limit (before the continuation)
  BadCharset,        ///< NO [BADCHARSET] SEARCH in a charset the server does not know
  // Tagged BAD.
  UnknownCommand,     ///< BAD Command unknown
  SyntaxError,        ///< BAD Syntax: <the table's syntax>
  WrongState,         ///< BAD not allowed in this state
  AlreadyTls,         ///< BAD TLS already active
  TlsNotOffered,      ///< BAD STARTTLS not offered
  AuthCancelled,      ///< BAD AUTHENTICATE cancelled by "*"
  AuthBadEncoding,    ///< BAD SASL response is not base64 / not PLAIN
  ExpectedDone,       ///< BAD a line other than DONE during IDLE
  CommandTooBig,      ///< BAD [TOOBIG] the command (literals included) is over the limit
  NestingTooDeep,     ///< BAD parenthesised lists nested too deep
  TooManyArguments,   ///< BAD too many arguments
  NulInCommand,       ///< BAD a NUL octet in a command
  BadSequenceNumber,  ///< BAD a message sequence number beyond the mailbox
  MissingTag,         ///< * BAD the line has no valid tag
  // Untagged BYE.
  LogoutBye,         ///< * BYE logging out
  IdleTimeoutBye,    ///< * BYE autologout
  ShutdownBye,       ///< * BYE the server is stopping
  TooManyErrorsBye,  ///< * BYE too many errors
  TooManyLoginsBye,  ///< * BYE too many failed logins
  LineTooLongBye,    ///< * BYE [TOOBIG] a line over the limit (the stream cannot be trusted)
  // Continuation requests.
  LiteralReady,   ///< + Ready for literal data
  Idling,         ///< + idling
  SaslChallenge,  ///< "+ " then the (base64) challenge, empty for PLAIN
};

/// One row of the catalogue.
struct ResponseSpec {
  ResponseId id;
  Status status;
  std::string_view code;  ///< response code without brackets ("UIDVALIDITY %s"), or empty
  std::string_view text;  ///< default human-readable text; "%s" is replaced by its argument
};

/// The row of a response (every ResponseId has one).
const ResponseSpec& response_spec(ResponseId id);

/// The name of a response ("LoginFailed"), for tests and scenario files.
std::string_view response_name(ResponseId id);

/// The status word as sent ("OK", "NO", "BAD", "BYE", "+").
std::string_view status_word(Status status);

/// The response line without its CRLF: `tag STATUS [CODE] text` ("*" for untagged;
/// a continuation ignores the tag: "+ text"). "%s" in the code is replaced by
/// `code_argument`, in the text by `text_argument`.
std::string format_response(ResponseId id, std::string_view tag,
                            std::string_view code_argument = {},
                            std::string_view text_argument = {});

}  // namespace smtplab::protocol::imap
