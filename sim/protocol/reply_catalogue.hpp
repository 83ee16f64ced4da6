// The catalogue of every reply the lab's SMTP code gives: what the server machine sends,
// what agents and the lab runtime refuse with (through SmtpError::from), and what the
// client machine records in place of a reply it never got. One row per situation with its
// code, RFC 3463 enhanced code and default text. Code and tests name the reply (ReplyId),
// never the string; tests/layers/check_replies.py fails on a reply built elsewhere. A
// node's "personality" may override the text of any row.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smtplab::protocol {

enum class ReplyId {
  // 2xx
  Greeting,         ///< 220 <host> ESMTP ready
  Closing,          ///< 221 closing connection
  AuthSucceeded,    ///< 235 authentication succeeded
  HeloOk,           ///< 250 <host> Hello
  Ok,               ///< 250 OK (NOOP, RSET)
  SenderOk,         ///< 250 sender accepted
  RecipientOk,      ///< 250 recipient accepted
  MessageAccepted,  ///< 250 queued as <id>
  ChunkAccepted,    ///< 250 BDAT chunk received
  UserVerified,     ///< 250 VRFY: the mailbox exists
  UserNotLocal,     ///< 251 VRFY: will forward
  ListMembers,      ///< 250 EXPN: one member per line
  CannotVerify,     ///< 252 VRFY disabled or unknown, will still try delivery
  CannotExpand,     ///< 252 EXPN disabled, will still try delivery (RFC 5321 §7.3)
  HelpList,         ///< 214 list of commands
  TlsReady,         ///< 220 ready to start TLS
  // 3xx
  StartMailInput,  ///< 354 end data with <CRLF>.<CRLF>
  AuthChallenge,   ///< 334 SASL challenge
  // 4xx
  ShuttingDown,         ///< 421 the server is stopping
  IdleTimeout,          ///< 421 no command for too long
  TooManyErrors,        ///< 421 the client made too many errors
  LocalError,           ///< 451 local error in processing
  TooManyRecipients,    ///< 452 too many recipients
  MailboxFull,          ///< 452 4.2.2 one mailbox is over its quota (RFC 3463 X.2.2)
  InsufficientStorage,  ///< 452 4.3.1 the mail system's disk is full (RFC 3463 X.3.1)
  InjectedTransient,    ///< 4xx a fault the lab injected (the lecturer picks the code)
  ConnectionDropped,    ///< 451 the lab's drop_data fault: never written, the link drops
  // 5xx
  CommandUnrecognized,   ///< 500 not an SMTP command
  HeaderAsCommand,       ///< 500 a header line typed as a command (forgot DATA?)
  HttpAsCommand,         ///< 500 an HTTP request sent to an SMTP port
  LineTooLong,           ///< 500 command line over 512 octets
  SyntaxError,           ///< 501 bad argument syntax
  PathTooLong,           ///< 501 local-part, domain or path over the RFC 5321 limits
  BadAddressSyntax,      ///< 501 an address that does not parse
  AuthCancelled,         ///< 501 the client sent "*"
  AuthBadEncoding,       ///< 501 a SASL response that is not base64
  NotImplemented,        ///< 502 command not implemented or disabled
  EsmtpNotSupported,     ///< 502 EHLO refused by a HELO-only node (the client falls back)
  BadSequence,           ///< 503 command out of sequence
  NotDuringTransaction,  ///< 503 AUTH or STARTTLS inside a mail transaction
  NeedHelo,              ///< 503 HELO/EHLO first
  NeedMail,              ///< 503 MAIL first
  NeedRcpt,              ///< 503 RCPT first
  SenderAlreadyGiven,    ///< 503 nested MAIL
  AlreadyAuthenticated,  ///< 503 AUTH twice
  AlreadyTls,            ///< 503 STARTTLS inside TLS
  BdatInProgress,        ///< 503 DATA or MAIL while BDAT chunks are pending
  ParamNotImplemented,   ///< 504 unknown AUTH mechanism or HELP topic
  ParamUnrecognized,     ///< 555 unknown MAIL/RCPT parameter
  AuthRequired,          ///< 530 authentication required
  AuthFailed,            ///< 535 bad credentials
  EncryptionRequired,    ///< 538 AUTH PLAIN/LOGIN refused without TLS
  MailboxUnavailable,    ///< 550 no such user
  RelayDenied,           ///< 554/550 relaying denied (5.7.1)
  UserNotLocalReject,    ///< 551 user not local
  Ambiguous,             ///< 553 VRFY: ambiguous name
  MailboxNameInvalid,    ///< 553 mailbox name not allowed
  NonAsciiAddress,       ///< 553 non-ASCII address without SMTPUTF8
  SizeExceeded,          ///< 552 message larger than the SIZE limit
  NoValidRecipients,     ///< 554 every RCPT was refused
  TransactionFailed,     ///< 554 generic refusal
  BareLineEnding,        ///< 554 bare LF or CR in DATA (SMTP smuggling protection)
  NulInData,             ///< 554 NUL octet in DATA
  EightBitNotDeclared,   ///< 554 8-bit data without BODY=8BITMIME
  DataLineTooLong,       ///< 554 a text line over 1000 octets
  // Client checks of a receiving MTA (anti-spam; Postfix's texts and codes).
  ClientBlocklisted,  ///< 554 the client's address is listed in a DNS blocklist (RFC 5782)
  ClientHostUnknown,  ///< 450 no PTR, or a PTR whose name does not resolve back (FCrDNS)
  HeloHostUnknown,    ///< 450 the HELO/EHLO name has no address in the DNS
  DmarcRejected,      ///< 550 the sender's domain publishes DMARC p=reject
  InjectedPermanent,  ///< 5xx a fault the lab injected (the lecturer picks the code)
  // Recorded by the client machine in place of a reply it never got (never sent).
  NotAReply,            ///< 421 the server sent a line that is not an SMTP reply
  TlsNotOffered,        ///< 421 TLS required but the server does not offer STARTTLS
  ConnectionLost,       ///< 421 the connection broke (or its TLS handshake failed)
  OverServerSize,       ///< 552 the message is larger than the server's SIZE
  ServerLacksSmtputf8,  ///< 553 a non-ASCII address and no SMTPUTF8 from the server
};

/// One row of the catalogue.
struct ReplySpec {
  ReplyId id;
  int code;
  std::string_view enhanced;
  std::string_view text;  ///< default text; "%s" is replaced by the argument of the row
};

/// The row for a reply (every ReplyId has one).
const ReplySpec& reply_spec(ReplyId id);

/// The name of a reply ("MessageAccepted"), as scenario files write it.
std::string_view reply_name(ReplyId id);
/// The reply of a name, nullopt when unknown.
std::optional<ReplyId> reply_id_from_name(std::string_view name);

/// Default text with "%s" replaced by `argument`.
std::string reply_text(ReplyId id, std::string_view argument = {});

}  // namespace smtplab::protocol
