// Maildir mailboxes (the qmail format Dovecot and mutt read): one folder per mailbox with
// tmp/, new/ and cur/; a message is written in tmp/, flushed to disk, then renamed into
// new/, so a reader never sees half a message and a crash never loses an accepted one.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace smtplab::agents {

class MaildirStore {
 public:
  /// `root` holds one Maildir per mailbox: root/<address>/{tmp,new,cur}.
  explicit MaildirStore(std::filesystem::path root) : root_(std::move(root)) {}

  /// Writes one message into the mailbox of `address`; returns the file's path in new/.
  /// On failure returns an empty path and sets `error`.
  std::filesystem::path deliver(std::string_view address, std::string_view message,
                                std::error_code& error);
  /// The Maildir folder of an address (lower-cased domain, local part as given).
  std::filesystem::path mailbox_path(std::string_view address) const;
  /// Files in new/ and cur/ of a mailbox, oldest first.
  std::vector<std::filesystem::path> list(std::string_view address) const;
  /// Number of messages in a mailbox.
  std::size_t count(std::string_view address) const { return list(address).size(); }
  /// Total octets stored in a mailbox (for quotas).
  std::uint64_t size(std::string_view address) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

/// A fresh Maildir file name, "time.M<usec>P<pid>Q<counter>.host" (D. J. Bernstein's rule),
/// unique across the threads of this process.
std::string new_maildir_unique();

/// Writes one message into an existing Maildir `folder` the way Maildir requires: into
/// tmp/, flushed, then renamed into new/ (no `flags`: not yet seen by a reader) or into
/// cur/ with the info part ":2,<flags>" (a reader stores it: IMAP APPEND and COPY). Returns
/// the final path, or an empty one with `error` set.
std::filesystem::path write_maildir_message(const std::filesystem::path& folder,
                                            std::string_view message,
                                            const std::optional<std::string>& flags,
                                            std::error_code& error);

/// Reads a whole file (the lab's messages are small); empty on error.
std::string read_file(const std::filesystem::path& path);

}  // namespace smtplab::agents
