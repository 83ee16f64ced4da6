// The decisions a server machine asks of the MTA that runs it: who may send, who exists,
// who may authenticate, and what happens to an accepted message. Synchronous on purpose:
// the machine stays sans-I/O while the delegate may touch the disk (Maildir, spool).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/protocol/command.hpp"
#include "sim/protocol/path.hpp"
#include "sim/protocol/smtp_error.hpp"

namespace smtplab::protocol {

/// The connection as the server sees it.
struct ConnectionInfo {
  std::string client_address;  ///< "127.0.0.1"
  std::uint16_t client_port = 0;
  std::string server_address;
  std::uint16_t server_port = 0;
  bool tls = false;  ///< TLS is active (implicit, or after STARTTLS)
};

/// A recipient accepted by RCPT.
struct Recipient {
  Path path;
  std::vector<PathParameter> parameters;  ///< NOTIFY=, ORCPT=
};

/// Everything known about the transaction when it is checked or delivered.
struct Envelope {
  ConnectionInfo connection;
  std::string helo;       ///< the HELO/EHLO argument
  bool esmtp = false;     ///< EHLO (not HELO) was used
  std::string auth_user;  ///< empty when not authenticated
  Path reverse_path;
  std::vector<PathParameter> mail_parameters;
  std::vector<Recipient> recipients;
  bool body_8bitmime = false;       ///< BODY=8BITMIME was given
  bool smtputf8 = false;            ///< SMTPUTF8 was given
  std::uint64_t declared_size = 0;  ///< SIZE= value, 0 when absent

  /// The "with" clause of a Received field (RFC 3848): SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA.
  std::string with_protocol() const;
};

/// Answer of the delegate to VRFY.
struct VerifyAnswer {
  enum class Kind {
    Exists,
    WillForward,
    Ambiguous,
    Unknown,
    CannotVerify
  } kind = Kind::CannotVerify;
  std::string text;  ///< "Ali Belabbas <ali.belabbas@gsimaroc.com>" or the forward address
};

/// Result of handing a message to the MTA.
struct DeliveryResult {
  std::optional<SmtpError> error;  ///< set when refused (4xx/5xx)
  std::string queue_id;            ///< shown in "250 OK: queued as <id>"
};

class ServerDelegate {
 public:
  virtual ~ServerDelegate() = default;
  /// MAIL: may the reverse-path send here? nullopt = yes.
  virtual std::optional<SmtpError> check_sender(const Envelope&, const Path&) {
    return std::nullopt;
  }
  /// RCPT: is this recipient accepted (local user, alias, list, allowed relay)? nullopt = yes.
  virtual std::optional<SmtpError> check_recipient(const Envelope&, const Path&) {
    return std::nullopt;
  }
  /// AUTH: are these credentials right?
  virtual bool authenticate(std::string_view /*user*/, std::string_view /*password*/) {
    return false;
  }
  /// VRFY (only asked when the policy is Enabled).
  virtual VerifyAnswer verify(std::string_view /*name*/) { return {}; }
  /// EXPN: members of a list, nullopt when no such list.
  virtual std::optional<std::vector<std::string>> expand(std::string_view /*list*/) {
    return std::nullopt;
  }
  /// Before any command runs: a reply to send instead (fault injection, "reply 451 to
  /// RCPT"). A 421 also closes the connection. nullopt = run the command.
  virtual std::optional<SmtpError> before_command(Verb /*verb*/) { return std::nullopt; }
  /// End of DATA or BDAT LAST: take the message (the exact octets received, unstuffed).
  virtual DeliveryResult deliver(const Envelope& envelope, std::string_view message) = 0;
};

}  // namespace smtplab::protocol
