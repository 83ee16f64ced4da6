// One Maildir read as a mailbox by a reading protocol (POP3 now, IMAP next): its messages
// with stable UIDs, their flags, moves from new/ to cur/, and deletion. UIDVALIDITY, the
// next UID and each message's UID are kept in the Maildir itself (the file
// `smtplab-uidlist`, replaced atomically through a temporary file and a rename), so a
// restart of the server gives every message the UID it had before. Flags live in the file
// name as the Maildir convention says: "<unique>:2,<flags>" in cur/, flags sorted (D
// draft, F flagged, R replied, S seen, T trashed).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace smtplab::agents {

/// One message of a Maildir.
struct MaildirMessage {
  std::uint32_t uid = 0;       ///< stable across restarts while uid_validity holds
  std::string unique;          ///< the file name without its ":2,..." info part
  std::filesystem::path path;  ///< where the file is now (new/ or cur/)
  std::string flags;           ///< Maildir flag letters, sorted ("RS"); empty in new/
  std::uint64_t size = 0;      ///< octets in the file
  bool in_new = false;         ///< still in new/ (never seen by a reader)
  std::int64_t received = 0;   ///< the file's modification time, Unix seconds (arrival)
};

class MaildirMailbox {
 public:
  /// The name of the UID file inside the Maildir.
  static constexpr const char* kUidListName = "smtplab-uidlist";

  /// `folder` is one Maildir (root/<address>, holding tmp/ new/ cur/). It may not exist
  /// yet: the mailbox is then empty.
  explicit MaildirMailbox(std::filesystem::path folder) : folder_(std::move(folder)) {}

  /// Reads the UID file and scans new/ and cur/: messages without a UID get the next ones
  /// (in delivery order), files that disappeared lose theirs, and the UID file is saved
  /// when it changed. False with `error` set when the Maildir cannot be read or the UID
  /// file cannot be written.
  bool refresh(std::error_code& error);

  /// The messages after the last refresh(), in UID order.
  const std::vector<MaildirMessage>& messages() const { return messages_; }
  /// The message with this UID, nullptr if none.
  const MaildirMessage* find(std::uint32_t uid) const;
  /// Changes with every new UID file (IMAP's UIDVALIDITY, RFC 3501 §2.3.1.1).
  std::uint32_t uid_validity() const { return uid_validity_; }
  /// The UID the next new message will get.
  std::uint32_t next_uid() const { return next_uid_; }

  /// The content of a message; nullopt if its file cannot be read.
  std::optional<std::string> read(std::uint32_t uid) const;
  /// Gives a message exactly these flags (sorted, duplicates dropped), moving it to cur/.
  bool set_flags(std::uint32_t uid, std::string flags, std::error_code& error);
  /// Adds the S flag (seen), moving the message to cur/.
  bool mark_seen(std::uint32_t uid, std::error_code& error);
  /// Removes the message's file (its UID is never given again).
  bool remove(std::uint32_t uid, std::error_code& error);

  const std::filesystem::path& folder() const { return folder_; }

 private:
  MaildirMessage* find_mutable(std::uint32_t uid);
  bool load_uid_list(std::vector<std::pair<std::uint32_t, std::string>>& entries);
  bool save_uid_list(std::error_code& error) const;

  std::filesystem::path folder_;
  std::vector<MaildirMessage> messages_;
  std::uint32_t uid_validity_ = 0;
  std::uint32_t next_uid_ = 1;
};

/// The unique part of a Maildir file name ("1700000000.M1P2Q3.host:2,S" -> up to ':').
std::string maildir_unique(const std::string& file_name);
/// The flags of a Maildir file name ("...:2,RS" -> "RS"; "" without an info part).
std::string maildir_flags(const std::string& file_name);

}  // namespace smtplab::agents
