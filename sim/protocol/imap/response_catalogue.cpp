// The IMAP response catalogue (RFC 3501 §7.1, RFC 5530 response codes, RFC 7888 TOOBIG).
#include "sim/protocol/imap/response_catalogue.hpp"

#include <array>

namespace smtplab::protocol::imap {
namespace {

// Keep the rows in ResponseId order: response_spec() indexes this array by the enum value,
// and a static_assert below checks that every row sits at its own index.
constexpr std::array kResponses{
    ResponseSpec{ResponseId::Greeting, Status::Ok, "CAPABILITY %s", "%s IMAP4rev1 SMTP Lab ready"},
    ResponseSpec{ResponseId::FirstUnseen, Status::Ok, "UNSEEN %s", "First unseen message"},
    ResponseSpec{ResponseId::PermanentFlags, Status::Ok, "PERMANENTFLAGS %s",
                 "Flags the client can change permanently"},
    ResponseSpec{ResponseId::UidValidity, Status::Ok, "UIDVALIDITY %s", "UIDs valid"},
    ResponseSpec{ResponseId::UidNext, Status::Ok, "UIDNEXT %s", "Predicted next UID"},
    ResponseSpec{ResponseId::Completed, Status::Ok, "", "%s completed"},
    ResponseSpec{ResponseId::LoggedIn, Status::Ok, "CAPABILITY %s", "Logged in as %s"},
    ResponseSpec{ResponseId::SelectedRw, Status::Ok, "READ-WRITE", "%s completed"},
    ResponseSpec{ResponseId::SelectedRo, Status::Ok, "READ-ONLY", "%s completed"},
    ResponseSpec{ResponseId::BeginTls, Status::Ok, "", "Begin TLS negotiation now"},
    ResponseSpec{ResponseId::IdleEnded, Status::Ok, "", "IDLE terminated"},
    ResponseSpec{ResponseId::LogoutDone, Status::Ok, "", "LOGOUT completed"},
    ResponseSpec{ResponseId::LoginFailed, Status::No, "AUTHENTICATIONFAILED",
                 "Authentication failed"},
    ResponseSpec{ResponseId::PrivacyRequired, Status::No, "PRIVACYREQUIRED",
                 "Cleartext login refused: use STARTTLS first (LOGINDISABLED)"},
    ResponseSpec{ResponseId::MechanismUnknown, Status::No, "",
                 "Unsupported authentication mechanism: %s"},
    ResponseSpec{ResponseId::NoSuchMailbox, Status::No, "NONEXISTENT", "No such mailbox: %s"},
    ResponseSpec{ResponseId::TryCreate, Status::No, "TRYCREATE", "No such mailbox: %s"},
    ResponseSpec{ResponseId::AlreadyExists, Status::No, "ALREADYEXISTS",
                 "Mailbox already exists: %s"},
    ResponseSpec{ResponseId::CannotDoThat, Status::No, "CANNOT", "Cannot %s"},
    ResponseSpec{ResponseId::ReadOnlyMailbox, Status::No, "",
                 "The mailbox is read-only (EXAMINE): %s refused"},
    ResponseSpec{ResponseId::ExpungeIssued, Status::No, "EXPUNGEISSUED",
                 "Some messages were expunged meanwhile"},
    ResponseSpec{ResponseId::StoreFailed, Status::No, "SERVERBUG", "The mailbox store refused %s"},
    ResponseSpec{ResponseId::LiteralTooBig, Status::No, "TOOBIG",
                 "Literal larger than %s octets refused"},
    ResponseSpec{ResponseId::BadCharset, Status::No, "BADCHARSET (US-ASCII UTF-8)",
                 "Unsupported charset"},
    ResponseSpec{ResponseId::UnknownCommand, Status::Bad, "", "Command unknown: %s"},
    ResponseSpec{ResponseId::SyntaxError, Status::Bad, "", "Syntax: %s"},
    ResponseSpec{ResponseId::WrongState, Status::Bad, "", "%s"},
    ResponseSpec{ResponseId::AlreadyTls, Status::Bad, "", "TLS already active"},
    ResponseSpec{ResponseId::TlsNotOffered, Status::Bad, "",
                 "STARTTLS is not offered by this server"},
    ResponseSpec{ResponseId::AuthCancelled, Status::Bad, "", "AUTHENTICATE cancelled"},
    ResponseSpec{ResponseId::AuthBadEncoding, Status::Bad, "",
                 "Cannot decode the response (not base64 PLAIN)"},
    ResponseSpec{ResponseId::ExpectedDone, Status::Bad, "", "Expected DONE to end IDLE"},
    ResponseSpec{ResponseId::CommandTooBig, Status::Bad, "TOOBIG", "Command larger than %s octets"},
    ResponseSpec{ResponseId::NestingTooDeep, Status::Bad, "",
                 "Parenthesised lists nested deeper than %s"},
    ResponseSpec{ResponseId::TooManyArguments, Status::Bad, "", "More than %s arguments"},
    ResponseSpec{ResponseId::NulInCommand, Status::Bad, "", "Command contains a NUL octet"},
    ResponseSpec{ResponseId::BadSequenceNumber, Status::Bad, "",
                 "Invalid message sequence number: %s"},
    ResponseSpec{ResponseId::MissingTag, Status::Bad, "", "Missing or invalid tag"},
    ResponseSpec{ResponseId::LogoutBye, Status::Bye, "", "%s IMAP4rev1 server logging out"},
    ResponseSpec{ResponseId::IdleTimeoutBye, Status::Bye, "", "Autologout; idle for too long"},
    ResponseSpec{ResponseId::ShutdownBye, Status::Bye, "", "%s server shutting down"},
    ResponseSpec{ResponseId::TooManyErrorsBye, Status::Bye, "", "Too many errors, closing"},
    ResponseSpec{ResponseId::TooManyLoginsBye, Status::Bye, "ALERT",
                 "Too many failed logins, closing"},
    ResponseSpec{ResponseId::LineTooLongBye, Status::Bye, "TOOBIG",
                 "Line longer than %s octets, closing"},
    ResponseSpec{ResponseId::LiteralReady, Status::Continuation, "", "Ready for literal data"},
    ResponseSpec{ResponseId::Idling, Status::Continuation, "", "idling"},
    ResponseSpec{ResponseId::SaslChallenge, Status::Continuation, "", "%s"},
};

constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < kResponses.size(); ++i) {
    if (static_cast<std::size_t>(kResponses[i].id) != i) return false;
  }
  return true;
}
static_assert(rows_in_order(), "kResponses rows must follow ResponseId order");
static_assert(kResponses.size() == static_cast<std::size_t>(ResponseId::SaslChallenge) + 1,
              "every ResponseId needs a row");

// The names, in ResponseId order (for tests and scenario files).
constexpr std::array<std::string_view, kResponses.size()> kNames{
    "Greeting",          "FirstUnseen",      "PermanentFlags",   "UidValidity",
    "UidNext",           "Completed",        "LoggedIn",         "SelectedRw",
    "SelectedRo",        "BeginTls",         "IdleEnded",        "LogoutDone",
    "LoginFailed",       "PrivacyRequired",  "MechanismUnknown", "NoSuchMailbox",
    "TryCreate",         "AlreadyExists",    "CannotDoThat",     "ReadOnlyMailbox",
    "ExpungeIssued",     "StoreFailed",      "LiteralTooBig",    "BadCharset",
    "UnknownCommand",    "SyntaxError",      "WrongState",       "AlreadyTls",
    "TlsNotOffered",     "AuthCancelled",    "AuthBadEncoding",  "ExpectedDone",
    "CommandTooBig",     "NestingTooDeep",   "TooManyArguments", "NulInCommand",
    "BadSequenceNumber", "MissingTag",       "LogoutBye",        "IdleTimeoutBye",
    "ShutdownBye",       "TooManyErrorsBye", "TooManyLoginsBye", "LineTooLongBye",
    "LiteralReady",      "Idling",           "SaslChallenge",
};

std::string substitute(std::string_view pattern, std::string_view argument) {
  std::string out;
  const auto at = pattern.find("%s");
  if (at == std::string_view::npos) return std::string(pattern);
  out.append(pattern.substr(0, at));
  out.append(argument);
  out.append(pattern.substr(at + 2));
  return out;
}

}  // namespace

const ResponseSpec& response_spec(ResponseId id) {
  return kResponses[static_cast<std::size_t>(id)];
}

std::string_view response_name(ResponseId id) {
  return kNames[static_cast<std::size_t>(id)];
}

std::string_view status_word(Status status) {
  switch (status) {
    case Status::Ok:
      return "OK";
    case Status::No:
      return "NO";
    case Status::Bad:
      return "BAD";
    case Status::Bye:
      return "BYE";
    case Status::Continuation:
      return "+";
  }
  return "?";
}

std::string format_response(ResponseId id, std::string_view tag, std::string_view code_argument,
                            std::string_view text_argument) {
  const ResponseSpec& spec = response_spec(id);
  std::string line;
  if (spec.status == Status::Continuation) {
    // "+ " and the text; an empty SASL challenge is "+ " alone (RFC 3501 §7.5).
    return "+ " + substitute(spec.text, text_argument);
  }
  line.append(tag);
  line += ' ';
  line.append(status_word(spec.status));
  line += ' ';
  if (!spec.code.empty()) {
    line += '[';
    line += substitute(spec.code, code_argument);
    line += "] ";
  }
  line += substitute(spec.text, text_argument);
  return line;
}

}  // namespace smtplab::protocol::imap
