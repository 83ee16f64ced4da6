// What the IMAP machine asks of the mailbox storage behind it: who may log in, which
// mailboxes a user has, what a mailbox holds (UIDs, flags, internal dates, sizes), the
// octets of a message, and the changes a client makes (flags, copies, expunges).
// Synchronous on purpose, like sim/protocol/server_delegate.hpp: the machine stays
// sans-I/O while the store may touch the disk (the lab's Maildirs). Plain types only, so a
// Maildir store (UIDs and UIDVALIDITY kept in the Maildir, flags in the file names) and the
// tests' in-memory store implement it the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smtplab::protocol::imap {

/// The system flags of RFC 3501 §2.3.2, as bits.
enum SystemFlag : std::uint8_t {
  kSeen = 1,      ///< \Seen: the message has been read
  kAnswered = 2,  ///< \Answered: a reply was sent
  kFlagged = 4,   ///< \Flagged: marked for attention
  kDeleted = 8,   ///< \Deleted: to be removed by the next EXPUNGE or CLOSE
  kDraft = 16,    ///< \Draft: not finished
  kRecent = 32,   ///< \Recent: new in the mailbox (Maildir new/); never set by a client
};

/// A message's flags: system flags as bits, plus keywords ("$Forwarded", "Work").
struct MessageFlags {
  std::uint8_t system = 0;            ///< SystemFlag bits
  std::vector<std::string> keywords;  ///< keywords as written by the client, no duplicates
  bool operator==(const MessageFlags&) const = default;
};

/// One message as a mailbox listing shows it (no content).
struct MessageSummary {
  std::uint32_t uid = 0;           ///< unique and ascending in the mailbox (RFC 3501 §2.3.1.1)
  MessageFlags flags;              ///< current flags
  std::int64_t internal_date = 0;  ///< arrival time, Unix seconds
  int internal_date_offset_minutes = 0;  ///< the zone INTERNALDATE is shown in (+0100 = 60)
  std::uint64_t size = 0;                ///< RFC822.SIZE: octets of the message, CRLF line endings
};

/// A mailbox as SELECT, EXAMINE and STATUS see it.
struct MailboxSnapshot {
  std::uint32_t uid_validity = 1;        ///< changes when UIDs are reassigned
  std::uint32_t uid_next = 1;            ///< the UID the next message will get
  std::vector<MessageSummary> messages;  ///< in UID order: message sequence numbers follow it
  bool read_only = false;                ///< the store refuses changes (SELECT gives READ-ONLY)
};

/// One mailbox in a LIST answer.
struct MailboxName {
  std::string name;          ///< full hierarchical name ("INBOX", "Archives/2026")
  bool noselect = false;     ///< \Noselect: a level of the hierarchy only
  bool noinferiors = false;  ///< \Noinferiors: cannot have children
};

/// What the store answers to a change.
enum class StoreResult {
  Done,           ///< the change was made
  NoSuchMailbox,  ///< the mailbox (for COPY, the target) does not exist
  NoSuchMessage,  ///< the UID is gone (expunged meanwhile)
  AlreadyExists,  ///< CREATE or RENAME onto an existing name
  Refused,        ///< any other refusal (read-only, permissions, disk)
};

class MailStore {
 public:
  virtual ~MailStore() = default;
  /// LOGIN and AUTHENTICATE: are these credentials right? Returns the user's canonical
  /// name (the login may be a local part), nullopt when refused.
  virtual std::optional<std::string> authenticate(std::string_view user,
                                                  std::string_view password) = 0;
  /// Every mailbox of `user` (INBOX included), in a stable order.
  virtual std::vector<MailboxName> list_mailboxes(const std::string& user) = 0;
  /// The current state of a mailbox, nullopt when there is none by that name (INBOX is
  /// matched case-insensitively by the machine and always passed as "INBOX"). Called at
  /// SELECT/EXAMINE/STATUS and again whenever the machine looks for changes (NOOP, CHECK,
  /// IDLE, poll): new messages show as UIDs above the ones it knew, expunged ones as UIDs
  /// that are gone, flag changes as new flags. A store may answer from a cache that it
  /// refreshes when the mailbox changes on disk (a Maildir's new/ and cur/ mtimes).
  virtual std::optional<MailboxSnapshot> mailbox(const std::string& user,
                                                 const std::string& name) = 0;
  /// The octets of one message, nullopt when the UID is gone.
  virtual std::optional<std::string> content(const std::string& user, const std::string& name,
                                             std::uint32_t uid) = 0;
  /// Replaces the flags of one message (\Recent is the store's, never changed this way).
  virtual StoreResult set_flags(const std::string& user, const std::string& name, std::uint32_t uid,
                                const MessageFlags& flags) = 0;
  /// Copies one message into another mailbox of the same user (flags kept, \Recent set).
  virtual StoreResult copy(const std::string& user, const std::string& from, std::uint32_t uid,
                           const std::string& to) = 0;
  /// Removes these messages for good (EXPUNGE, CLOSE); the machine passes only messages
  /// flagged \Deleted.
  virtual StoreResult expunge(const std::string& user, const std::string& name,
                              const std::vector<std::uint32_t>& uids) = 0;
  /// APPEND: adds a message to a mailbox of the user (optional: refused by default). The
  /// store gives it the next UID; `flags` never hold \Recent (the store sets it). Without
  /// an internal date the store uses its own clock (the machine has none).
  virtual StoreResult append(const std::string& /*user*/, const std::string& /*name*/,
                             const MessageFlags& /*flags*/,
                             std::optional<std::int64_t> /*internal_date*/,
                             int /*internal_date_offset_minutes*/, std::string_view /*content*/) {
    return StoreResult::Refused;
  }
  /// CREATE (optional: refused by default).
  virtual StoreResult create_mailbox(const std::string& /*user*/, const std::string& /*name*/) {
    return StoreResult::Refused;
  }
  /// RENAME of a mailbox other than INBOX, its children following it (optional: refused by
  /// default).
  virtual StoreResult rename_mailbox(const std::string& /*user*/, const std::string& /*from*/,
                                     const std::string& /*to*/) {
    return StoreResult::Refused;
  }
  /// DELETE (optional: refused by default).
  virtual StoreResult delete_mailbox(const std::string& /*user*/, const std::string& /*name*/) {
    return StoreResult::Refused;
  }
};

}  // namespace smtplab::protocol::imap
