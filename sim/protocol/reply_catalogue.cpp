// The reply catalogue (RFC 5321 §4.2.2-4.2.3, RFC 3463, RFC 4954, RFC 3030, RFC 6531).
#include "sim/protocol/reply_catalogue.hpp"

#include <array>
#include <cstdlib>

namespace smtplab::protocol {
namespace {

// Keep the rows in ReplyId order: reply_spec() indexes this array by the enum value, and
// a static_assert below checks that every row sits at its own index.
constexpr std::array kReplies{
    ReplySpec{ReplyId::Greeting, 220, "", "%s ESMTP SMTP Lab ready"},
    ReplySpec{ReplyId::Closing, 221, "2.0.0", "%s closing connection"},
    ReplySpec{ReplyId::AuthSucceeded, 235, "2.7.0", "Authentication succeeded"},
    ReplySpec{ReplyId::HeloOk, 250, "", "%s"},
    ReplySpec{ReplyId::Ok, 250, "2.0.0", "OK"},
    ReplySpec{ReplyId::SenderOk, 250, "2.1.0", "Sender %s OK"},
    ReplySpec{ReplyId::RecipientOk, 250, "2.1.5", "Recipient %s OK"},
    ReplySpec{ReplyId::MessageAccepted, 250, "2.0.0", "OK: queued as %s"},
    ReplySpec{ReplyId::ChunkAccepted, 250, "2.0.0", "%s octets received"},
    ReplySpec{ReplyId::UserVerified, 250, "2.1.5", "%s"},
    ReplySpec{ReplyId::UserNotLocal, 251, "2.1.5", "User not local; will forward to %s"},
    ReplySpec{ReplyId::ListMembers, 250, "2.1.5", "%s"},
    // 252 says nothing about the address: not X.1.5 ("destination address valid", RFC 3463
    // §3.2), which would claim what VRFY refused to check; X.0.0, as Postfix answers.
    ReplySpec{ReplyId::CannotVerify, 252, "2.0.0",
              "Cannot VRFY user, but will accept message and attempt delivery"},
    ReplySpec{ReplyId::CannotExpand, 252, "2.0.0",
              "Cannot EXPN list, but will accept message and attempt delivery"},
    ReplySpec{ReplyId::HelpList, 214, "2.0.0", "%s"},
    ReplySpec{ReplyId::TlsReady, 220, "2.0.0", "Ready to start TLS"},
    ReplySpec{ReplyId::StartMailInput, 354, "", "End data with <CR><LF>.<CR><LF>"},
    ReplySpec{ReplyId::AuthChallenge, 334, "", "%s"},
    ReplySpec{ReplyId::ShuttingDown, 421, "4.3.2", "%s Service shutting down, closing connection"},
    ReplySpec{ReplyId::IdleTimeout, 421, "4.4.2", "%s Timeout exceeded, closing connection"},
    ReplySpec{ReplyId::TooManyErrors, 421, "4.7.0", "%s Too many errors, closing connection"},
    ReplySpec{ReplyId::LocalError, 451, "4.3.0", "Local error in processing: %s"},
    ReplySpec{ReplyId::TooManyRecipients, 452, "4.5.3", "Too many recipients"},
    // One mailbox over its quota is X.2.2; the disk of the whole mail system is X.3.1
    // (RFC 3463 §3.3, §3.4): a full file system (ENOSPC, or the quota of the user the
    // server runs as) is the system's, whatever mailbox was being written.
    ReplySpec{ReplyId::MailboxFull, 452, "4.2.2", "%s: Mailbox full"},
    ReplySpec{ReplyId::InsufficientStorage, 452, "4.3.1", "Insufficient system storage"},
    ReplySpec{ReplyId::InjectedTransient, 451, "4.3.0", "Injected fault: this server answers %s"},
    ReplySpec{ReplyId::ConnectionDropped, 451, "4.4.2", "connection dropped during DATA"},
    ReplySpec{ReplyId::CommandUnrecognized, 500, "5.5.2", "Command unrecognized: %s"},
    ReplySpec{ReplyId::HeaderAsCommand, 500, "5.5.2",
              "\"%s\" is a message header, not a command: send DATA first"},
    ReplySpec{ReplyId::HttpAsCommand, 500, "5.5.2",
              "This is an SMTP server, not a web server (%s)"},
    ReplySpec{ReplyId::LineTooLong, 500, "5.5.2",
              "Line too long: a command line is at most 512 octets (RFC 5321 4.5.3.1.4)"},
    ReplySpec{ReplyId::SyntaxError, 501, "5.5.4", "Syntax: %s"},
    ReplySpec{ReplyId::PathTooLong, 501, "5.1.3", "Path too long: %s"},
    ReplySpec{ReplyId::BadAddressSyntax, 501, "5.1.3", "Bad address syntax: %s"},
    ReplySpec{ReplyId::AuthCancelled, 501, "5.7.0", "Authentication cancelled"},
    ReplySpec{ReplyId::AuthBadEncoding, 501, "5.5.2", "Cannot decode response (not base64)"},
    ReplySpec{ReplyId::NotImplemented, 502, "5.5.1", "%s: command not implemented"},
    ReplySpec{ReplyId::EsmtpNotSupported, 502, "5.5.1",
              "Command not implemented: this server only knows HELO"},
    ReplySpec{ReplyId::BadSequence, 503, "5.5.1", "Bad sequence of commands: %s"},
    ReplySpec{ReplyId::NotDuringTransaction, 503, "5.5.1",
              "Bad sequence of commands: %s is not allowed during a mail transaction"},
    ReplySpec{ReplyId::NeedHelo, 503, "5.5.1", "Send HELO or EHLO first"},
    ReplySpec{ReplyId::NeedMail, 503, "5.5.1", "Need MAIL command first"},
    ReplySpec{ReplyId::NeedRcpt, 503, "5.5.1", "Need RCPT command first"},
    ReplySpec{ReplyId::SenderAlreadyGiven, 503, "5.5.1", "Sender already specified"},
    ReplySpec{ReplyId::AlreadyAuthenticated, 503, "5.5.1", "Already authenticated"},
    ReplySpec{ReplyId::AlreadyTls, 503, "5.5.1", "TLS already active"},
    ReplySpec{ReplyId::BdatInProgress, 503, "5.5.1",
              "BDAT transfer in progress: send BDAT ... LAST or RSET"},
    ReplySpec{ReplyId::ParamNotImplemented, 504, "5.5.4", "%s: not implemented"},
    ReplySpec{ReplyId::ParamUnrecognized, 555, "5.5.4", "Parameter not recognized: %s"},
    ReplySpec{ReplyId::AuthRequired, 530, "5.7.0", "Authentication required"},
    ReplySpec{ReplyId::AuthFailed, 535, "5.7.8", "Authentication credentials invalid"},
    ReplySpec{ReplyId::EncryptionRequired, 538, "5.7.11",
              "Encryption required for requested authentication mechanism"},
    ReplySpec{ReplyId::MailboxUnavailable, 550, "5.1.1",
              "%s: Recipient address rejected: User unknown"},
    ReplySpec{ReplyId::RelayDenied, 554, "5.7.1", "%s: Relay access denied"},
    ReplySpec{ReplyId::UserNotLocalReject, 551, "5.1.6", "User not local; please try %s"},
    ReplySpec{ReplyId::Ambiguous, 553, "5.1.4", "Ambiguous: %s"},
    ReplySpec{ReplyId::MailboxNameInvalid, 553, "5.1.3", "Mailbox name not allowed: %s"},
    ReplySpec{ReplyId::NonAsciiAddress, 553, "5.6.7", "Non-ASCII address without SMTPUTF8: %s"},
    ReplySpec{ReplyId::SizeExceeded, 552, "5.3.4", "Message size exceeds fixed limit of %s octets"},
    ReplySpec{ReplyId::NoValidRecipients, 554, "5.5.1", "No valid recipients"},
    ReplySpec{ReplyId::TransactionFailed, 554, "5.0.0", "Transaction failed: %s"},
    ReplySpec{ReplyId::BareLineEnding, 554, "5.5.2",
              "Message refused: bare %s in DATA; lines must end with CR LF (RFC 5321 2.3.8, "
              "SMTP smuggling)"},
    ReplySpec{ReplyId::NulInData, 554, "5.6.0", "Message refused: NUL octet in DATA"},
    ReplySpec{ReplyId::EightBitNotDeclared, 554, "5.6.1",
              "Message refused: 8-bit data without BODY=8BITMIME"},
    ReplySpec{ReplyId::DataLineTooLong, 554, "5.6.0",
              "Message refused: a line is longer than 1000 octets (RFC 5321 4.5.3.1.6)"},
    // Permanent: the listing is the blocklist operator's verdict on the address (Postfix's
    // maps_rbl_reject_code 554, RFC 3463 5.7.1 "delivery not authorized").
    ReplySpec{ReplyId::ClientBlocklisted, 554, "5.7.1", "Service unavailable; Client host %s"},
    // Temporary, as Postfix's unknown_client_reject_code: a DNS hiccup must not lose mail
    // (RFC 8601 §3 registers X.7.25, "reverse DNS validation failed").
    ReplySpec{ReplyId::ClientHostUnknown, 450, "4.7.25",
              "Client host rejected: cannot find your hostname, %s"},
    // Temporary, as Postfix's unknown_hostname_reject_code (reject_unknown_helo_hostname).
    ReplySpec{ReplyId::HeloHostUnknown, 450, "4.7.1",
              "<%s>: Helo command rejected: Host not found"},
    ReplySpec{ReplyId::DmarcRejected, 550, "5.7.1", "Message rejected by the DMARC policy of %s"},
    ReplySpec{ReplyId::InjectedPermanent, 554, "5.3.0", "Injected fault: this server answers %s"},
    ReplySpec{ReplyId::NotAReply, 421, "4.5.0", "protocol error: not an SMTP reply"},
    ReplySpec{ReplyId::TlsNotOffered, 421, "4.7.10",
              "TLS required but not available from the server"},
    ReplySpec{ReplyId::ConnectionLost, 421, "4.4.2", "%s"},
    ReplySpec{ReplyId::OverServerSize, 552, "5.3.4", "message of %s"},
    ReplySpec{ReplyId::ServerLacksSmtputf8, 553, "5.6.7",
              "non-ASCII address and the server lacks SMTPUTF8"},
};

// Names in ReplyId order, for scenario files ("replies: { MessageAccepted: ... }").
constexpr std::array<std::string_view, 75> kReplyNames{
    "Greeting",
    "Closing",
    "AuthSucceeded",
    "HeloOk",
    "Ok",
    "SenderOk",
    "RecipientOk",
    "MessageAccepted",
    "ChunkAccepted",
    "UserVerified",
    "UserNotLocal",
    "ListMembers",
    "CannotVerify",
    "CannotExpand",
    "HelpList",
    "TlsReady",
    "StartMailInput",
    "AuthChallenge",
    "ShuttingDown",
    "IdleTimeout",
    "TooManyErrors",
    "LocalError",
    "TooManyRecipients",
    "MailboxFull",
    "InsufficientStorage",
    "InjectedTransient",
    "ConnectionDropped",
    "CommandUnrecognized",
    "HeaderAsCommand",
    "HttpAsCommand",
    "LineTooLong",
    "SyntaxError",
    "PathTooLong",
    "BadAddressSyntax",
    "AuthCancelled",
    "AuthBadEncoding",
    "NotImplemented",
    "EsmtpNotSupported",
    "BadSequence",
    "NotDuringTransaction",
    "NeedHelo",
    "NeedMail",
    "NeedRcpt",
    "SenderAlreadyGiven",
    "AlreadyAuthenticated",
    "AlreadyTls",
    "BdatInProgress",
    "ParamNotImplemented",
    "ParamUnrecognized",
    "AuthRequired",
    "AuthFailed",
    "EncryptionRequired",
    "MailboxUnavailable",
    "RelayDenied",
    "UserNotLocalReject",
    "Ambiguous",
    "MailboxNameInvalid",
    "NonAsciiAddress",
    "SizeExceeded",
    "NoValidRecipients",
    "TransactionFailed",
    "BareLineEnding",
    "NulInData",
    "EightBitNotDeclared",
    "DataLineTooLong",
    "ClientBlocklisted",
    "ClientHostUnknown",
    "HeloHostUnknown",
    "DmarcRejected",
    "InjectedPermanent",
    "NotAReply",
    "TlsNotOffered",
    "ConnectionLost",
    "OverServerSize",
    "ServerLacksSmtputf8",
};
static_assert(kReplyNames.size() == kReplies.size(), "one name per reply");

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kReplies.size(); ++i) {
    if (static_cast<std::size_t>(kReplies[i].id) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kReplies rows must follow ReplyId order");
static_assert(kReplies.size() == static_cast<std::size_t>(ReplyId::ServerLacksSmtputf8) + 1,
              "every ReplyId needs a row");

}  // namespace

const ReplySpec& reply_spec(ReplyId id) {
  return kReplies[static_cast<std::size_t>(id)];
}

std::string_view reply_name(ReplyId id) {
  return kReplyNames[static_cast<std::size_t>(id)];
}

std::optional<ReplyId> reply_id_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kReplyNames.size(); ++i) {
    if (kReplyNames[i] == name) return static_cast<ReplyId>(i);
  }
  return std::nullopt;
}

std::string reply_text(ReplyId id, std::string_view argument) {
  const std::string_view text = reply_spec(id).text;
  std::string out;
  const auto mark = text.find("%s");
  if (mark == std::string_view::npos) return std::string(text);
  out.append(text.substr(0, mark));
  out.append(argument);
  out.append(text.substr(mark + 2));
  return out;
}

}  // namespace smtplab::protocol
