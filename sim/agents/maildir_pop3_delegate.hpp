// POP3 access to the lab's Maildirs (root/<address>/{tmp,new,cur}): checks a login against
// the configured users, opens the user's Maildir as a maildrop held by one session at a
// time (RFC 1939 §8), and makes QUIT's UPDATE state real on disk. UIDL gives each
// message's Maildir UID with the mailbox's UIDVALIDITY ("<uidvalidity>.<uid>"), stable
// across restarts and never reused.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "sim/agents/maildir_accounts.hpp"
#include "sim/agents/maildir_mailbox.hpp"
#include "sim/protocol/pop3/pop3_server_delegate.hpp"

namespace smtplab::agents {

/// The users and Maildirs POP3 serves (the same accounts as IMAP's).
using MaildirPop3Config = MaildirAccounts;

class MaildirPop3Delegate : public protocol::pop3::Pop3ServerDelegate {
 public:
  explicit MaildirPop3Delegate(MaildirPop3Config config);

  /// Thread-safe: sessions on several I/O threads may log in at once.
  protocol::pop3::Pop3Login login(std::string_view user, std::string_view password) override;

  /// The mailbox address a login names ("ali" -> "ali@<default domain>").
  std::string address_of(std::string_view login) const;

 private:
  struct Locks {
    std::mutex mutex;
    std::set<std::string> held;  // addresses whose maildrop a session holds
  };

  MaildirPop3Config config_;
  std::shared_ptr<Locks> locks_ = std::make_shared<Locks>();
};

}  // namespace smtplab::agents
