// Maildir mailboxes (the qmail format Dovecot and mutt read): one folder per mailbox with
// tmp/, new/ and cur/; a message is written in tmp/, flushed to disk, then renamed into
// new/, so a reader never sees half a message and a crash never loses an accepted one.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace smtplab::agents {

class MaildirStore {
 public:
  /// `root` holds one Maildir per mailbox: root/<address>/{tmp,new,cur}.
  explicit MaildirStore(std::filesystem::path root) : root_(std::move(root)) {}
  MaildirStore(const MaildirStore& other) : root_(other.root_) {}

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
  std::string unique_name();

  std::filesystem::path root_;
  std::atomic<std::uint64_t> counter_{0};  // unique names across delivering threads
};

/// Reads a whole file (the lab's messages are small); empty on error.
std::string read_file(const std::filesystem::path& path);

}  // namespace smtplab::agents
