// The POP3 response catalogue.
#include "sim/protocol/pop3/pop3_response_catalogue.hpp"

#include <array>

namespace smtplab::protocol::pop3 {
namespace {

using enum Pop3ResponseId;
using S = Pop3Status;

struct Row {
  Pop3ResponseSpec spec;
  std::string_view name;
};

// clang-format off
constexpr std::array kResponses{
  Row{{Greeting, S::Ok, "", "%s POP3 SMTP Lab ready"}, "Greeting"},
  Row{{CapabilityList, S::Ok, "", "Capability list follows"}, "CapabilityList"},
  Row{{MechanismList, S::Ok, "", "SASL mechanisms follow"}, "MechanismList"},
  Row{{UserAccepted, S::Ok, "", "send PASS for %s"}, "UserAccepted"},
  Row{{LoggedIn, S::Ok, "", "maildrop ready, %s"}, "LoggedIn"},
  Row{{StatAnswer, S::Ok, "", "%s"}, "StatAnswer"},
  Row{{ScanListing, S::Ok, "", "%s"}, "ScanListing"},
  Row{{ScanListFollows, S::Ok, "", "%s"}, "ScanListFollows"},
  Row{{UidListing, S::Ok, "", "%s"}, "UidListing"},
  Row{{UidListFollows, S::Ok, "", "unique-id listing follows"}, "UidListFollows"},
  Row{{MessageFollows, S::Ok, "", "%s octets follow"}, "MessageFollows"},
  Row{{TopFollows, S::Ok, "", "top of message %s follows"}, "TopFollows"},
  Row{{MarkedDeleted, S::Ok, "", "message %s marked deleted"}, "MarkedDeleted"},
  Row{{NoopOk, S::Ok, "", "nothing done"}, "NoopOk"},
  Row{{ResetDone, S::Ok, "", "deletion marks removed, maildrop has %s"}, "ResetDone"},
  Row{{TlsReady, S::Ok, "", "begin TLS negotiation now"}, "TlsReady"},
  Row{{Goodbye, S::Ok, "", "%s POP3 server signing off"}, "Goodbye"},
  Row{{GoodbyeCommitted, S::Ok, "", "%s"}, "GoodbyeCommitted"},
  Row{{AuthContinue, S::Continue, "", ""}, "AuthContinue"},
  Row{{UnknownCommand, S::Err, "", "unknown command \"%s\""}, "UnknownCommand"},
  Row{{SmtpCommand, S::Err, "", "%s is an SMTP command; this is a POP3 server (RFC 1939)"},
      "SmtpCommand"},
  Row{{SyntaxError, S::Err, "", "syntax: %s"}, "SyntaxError"},
  Row{{NotInThisState, S::Err, "", "%s"}, "NotInThisState"},
  Row{{LineTooLong, S::Err, "", "line too long (a command is at most 255 octets, RFC 2449)"},
      "LineTooLong"},
  Row{{NulInLine, S::Err, "", "line contains a NUL octet"}, "NulInLine"},
  Row{{NeedUser, S::Err, "", "USER first, then PASS"}, "NeedUser"},
  Row{{CleartextRefused, S::Err, "AUTH",
       "cleartext login refused: use STLS first, or port 995 (RFC 2595)"}, "CleartextRefused"},
  Row{{LoginFailed, S::Err, "AUTH", "invalid user name or password"}, "LoginFailed"},
  Row{{TooManyFailures, S::Err, "AUTH", "too many failed logins; closing"}, "TooManyFailures"},
  Row{{MailboxInUse, S::Err, "IN-USE", "maildrop already in use by another session"},
      "MailboxInUse"},
  Row{{MailboxUnavailable, S::Err, "SYS/TEMP", "maildrop unavailable: %s"},
      "MailboxUnavailable"},
  Row{{NoSuchMessage, S::Err, "", "no such message: %s"}, "NoSuchMessage"},
  Row{{AlreadyDeleted, S::Err, "", "message %s is marked deleted"}, "AlreadyDeleted"},
  Row{{MessageUnreadable, S::Err, "SYS/TEMP", "message %s cannot be read"}, "MessageUnreadable"},
  Row{{AlreadyTls, S::Err, "", "TLS is already active"}, "AlreadyTls"},
  Row{{TlsUnavailable, S::Err, "", "STLS is not available on this server"}, "TlsUnavailable"},
  Row{{UnknownMechanism, S::Err, "", "unsupported SASL mechanism %s (PLAIN is offered)"},
      "UnknownMechanism"},
  Row{{AuthCancelled, S::Err, "", "authentication cancelled"}, "AuthCancelled"},
  Row{{AuthBadResponse, S::Err, "", "malformed SASL PLAIN response"}, "AuthBadResponse"},
  Row{{AuthzidRefused, S::Err, "AUTH", "cannot act as another user"}, "AuthzidRefused"},
  Row{{CommitFailed, S::Err, "SYS/TEMP", "some deleted messages were not removed: %s"},
      "CommitFailed"},
  Row{{IdleTimeout, S::Err, "", "autologout: idle for too long; no message deleted"},
      "IdleTimeout"},
  Row{{ShuttingDown, S::Err, "SYS/TEMP", "server shutting down; no message deleted"},
      "ShuttingDown"},
  Row{{TooManyErrors, S::Err, "", "too many errors; closing"}, "TooManyErrors"},
};
// clang-format on

static_assert(kResponses.size() == static_cast<std::size_t>(TooManyErrors) + 1,
              "one catalogue row per Pop3ResponseId");

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kResponses.size(); ++i) {
    if (static_cast<std::size_t>(kResponses[i].spec.id) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "catalogue rows follow Pop3ResponseId's order");

}  // namespace

const Pop3ResponseSpec& pop3_response_spec(Pop3ResponseId id) {
  return kResponses[static_cast<std::size_t>(id)].spec;
}

std::string_view pop3_response_name(Pop3ResponseId id) {
  return kResponses[static_cast<std::size_t>(id)].name;
}

std::string pop3_response_line(Pop3ResponseId id, std::string_view argument) {
  const Pop3ResponseSpec& spec = pop3_response_spec(id);
  std::string line;
  switch (spec.status) {
    case Pop3Status::Ok:
      line = "+OK";
      break;
    case Pop3Status::Err:
      line = "-ERR";
      break;
    case Pop3Status::Continue:
      return "+ ";  // RFC 5034 §4: "+" SP, and PLAIN's challenge is empty
  }
  if (!spec.code.empty()) {
    line += " [";
    line += spec.code;
    line += ']';
  }
  std::string text(spec.text);
  if (const auto at = text.find("%s"); at != std::string::npos) text.replace(at, 2, argument);
  if (!text.empty()) {
    line += ' ';
    line += text;
  }
  return line;
}

}  // namespace smtplab::protocol::pop3
