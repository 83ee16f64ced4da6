// IMAP access to the lab's Maildirs: the MailStore the IMAP machine reads and changes,
// over MaildirMailbox (UIDs and UIDVALIDITY kept in the Maildir, so they survive a
// restart). INBOX is the login's Maildir (root/<address>); other mailboxes are Maildir++
// subfolders (root/<address>/.Archives.2026 for "Archives/2026"). System flags live in the
// file names (D \Draft, F \Flagged, R \Answered, S \Seen, T \Deleted), keywords as the
// letters a..z of the Maildir's dovecot-keywords file (maildir_keywords.hpp); other letters
// (P: passed) are kept as they are.
//
// One store per IMAP session: \Recent is per session (RFC 3501 §2.3.2), so the store that
// first finds a message in new/ moves it to cur/ and is the only one to call it \Recent.
// Sessions of one process serialise their Maildir changes on one lock; SMTP delivery only
// ever adds files (tmp -> new), which a scan picks up as the next UIDs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "sim/agents/maildir_accounts.hpp"
#include "sim/agents/maildir_keywords.hpp"
#include "sim/agents/maildir_mailbox.hpp"
#include "sim/protocol/imap/mail_store.hpp"

namespace smtplab::agents {

class MaildirImapStore : public protocol::imap::MailStore {
 public:
  /// `accounts` must outlive the store (the server's configuration).
  explicit MaildirImapStore(const MaildirAccounts& accounts) : accounts_(accounts) {}

  /// The canonical user is the mailbox address ("ali" -> "ali@<first domain>").
  std::optional<std::string> authenticate(std::string_view user,
                                          std::string_view password) override;
  std::vector<protocol::imap::MailboxName> list_mailboxes(const std::string& user) override;
  std::optional<protocol::imap::MailboxSnapshot> mailbox(const std::string& user,
                                                         const std::string& name) override;
  std::optional<std::string> content(const std::string& user, const std::string& name,
                                     std::uint32_t uid) override;
  protocol::imap::StoreResult set_flags(const std::string& user, const std::string& name,
                                        std::uint32_t uid,
                                        const protocol::imap::MessageFlags& flags) override;
  protocol::imap::StoreResult copy(const std::string& user, const std::string& from,
                                   std::uint32_t uid, const std::string& to) override;
  protocol::imap::StoreResult expunge(const std::string& user, const std::string& name,
                                      const std::vector<std::uint32_t>& uids) override;
  protocol::imap::StoreResult append(const std::string& user, const std::string& name,
                                     const protocol::imap::MessageFlags& flags,
                                     std::optional<std::int64_t> internal_date,
                                     int internal_date_offset_minutes,
                                     std::string_view content) override;
  protocol::imap::StoreResult create_mailbox(const std::string& user,
                                             const std::string& name) override;
  protocol::imap::StoreResult delete_mailbox(const std::string& user,
                                             const std::string& name) override;

  /// The Maildir folder of a mailbox name (INBOX, or a Maildir++ ".A.B" subfolder).
  std::filesystem::path folder_of(const std::string& user, const std::string& name) const;

 private:
  /// The mailbox, rescanned; nullptr when it does not exist (or cannot be read).
  MaildirMailbox* open(const std::string& user, const std::string& name);
  /// Stores a message in a mailbox's cur/ with these flags (and the `kept` letters IMAP
  /// does not name), as \Recent for this session; sets its arrival time when given.
  protocol::imap::StoreResult add(const std::string& user, const std::string& name,
                                  std::string_view content,
                                  const protocol::imap::MessageFlags& flags, std::string_view kept,
                                  std::optional<std::int64_t> received);

  const MaildirAccounts& accounts_;
  std::map<std::string, MaildirMailbox> boxes_;            // by folder path
  std::map<std::string, std::set<std::uint32_t>> recent_;  // by folder path: this session's
};

/// The Maildir flag letters of IMAP flags (keywords through `keywords`, which may give a
/// new keyword its letter), keeping the letters of `kept` that IMAP does not name (P);
/// sorted.
std::string maildir_letters(const protocol::imap::MessageFlags& flags, MaildirKeywords& keywords,
                            std::string_view kept = {});
/// The IMAP flags of Maildir flag letters (\Recent never).
protocol::imap::MessageFlags imap_flags(std::string_view letters, const MaildirKeywords& keywords);

}  // namespace smtplab::agents
