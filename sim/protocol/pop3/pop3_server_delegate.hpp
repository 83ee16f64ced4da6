// What the POP3 server machine asks of the world, synchronously: who may log in and to
// which maildrop, what the maildrop holds, and to make QUIT's deletions real. The lab's
// Maildir access (sim/agents/maildir_mailbox) implements it; unit tests use a small one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smtplab::protocol::pop3 {

/// One message of a maildrop, as the session sees it from login to QUIT.
struct Pop3MessageInfo {
  std::uint64_t size = 0;  ///< octets as sent by RETR (CRLF line endings, before stuffing)
  std::string unique_id;   ///< UIDL: 1 to 70 characters 0x21..0x7E, stable across sessions
};

/// A maildrop held by one session (RFC 1939 §8: exclusive access until the session ends).
/// Destroying it releases the maildrop.
class Pop3Maildrop {
 public:
  virtual ~Pop3Maildrop() = default;
  /// The messages, numbered 1.. in this order for the whole session.
  virtual std::vector<Pop3MessageInfo> messages() = 0;
  /// The content of message `index` (0-based in messages()), nullopt if it cannot be read.
  virtual std::optional<std::string> content(std::size_t index) = 0;
  /// The UPDATE state (RFC 1939 §6): remove the messages marked deleted and note those
  /// retrieved as seen. Returns an empty string when everything was done, else what failed.
  virtual std::string commit(const std::vector<std::size_t>& deleted,
                             const std::vector<std::size_t>& retrieved) = 0;
};

/// Why a login was refused.
enum class Pop3LoginRefusal {
  BadCredentials,  ///< unknown user or wrong password: -ERR [AUTH]
  InUse,           ///< another session holds the maildrop: -ERR [IN-USE]
  Unavailable,     ///< the maildrop cannot be opened: -ERR [SYS/TEMP]
};

/// The answer to a login: a maildrop, or why not.
struct Pop3Login {
  std::unique_ptr<Pop3Maildrop> maildrop;                       ///< set when the login succeeded
  Pop3LoginRefusal refusal = Pop3LoginRefusal::BadCredentials;  ///< when it did not
  std::string reason;  ///< for the log (never sent: it could tell users apart)
};

class Pop3ServerDelegate {
 public:
  virtual ~Pop3ServerDelegate() = default;
  /// USER/PASS or AUTH PLAIN: check the password and open (and lock) the maildrop.
  virtual Pop3Login login(std::string_view user, std::string_view password) = 0;
};

}  // namespace smtplab::protocol::pop3
