// The selected mailbox as one session sees it: the messages in sequence-number order, and
// how the store's newer state becomes untagged updates. RFC 3501 §7.4.1 forbids EXPUNGE
// responses while a FETCH, STORE or SEARCH runs (sequence numbers must not move under the
// client), so a message another session removed stays in the view until an update that
// may report it; new messages may be announced (EXISTS) at any time. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/protocol/imap/mail_store.hpp"

namespace smtplab::protocol::imap {

class MailboxView {
 public:
  MailboxView(std::string name, MailboxSnapshot snapshot, bool read_only);

  const std::string& name() const { return name_; }
  bool read_only() const { return read_only_; }
  std::uint32_t uid_validity() const { return uid_validity_; }
  std::uint32_t uid_next() const { return uid_next_; }
  /// The messages; message sequence number n is messages()[n - 1].
  std::vector<MessageSummary>& messages() { return messages_; }
  const std::vector<MessageSummary>& messages() const { return messages_; }
  /// Messages with \Recent.
  std::size_t recent() const;
  /// Sequence number of the first message without \Seen, nullopt when all are seen.
  std::optional<std::size_t> first_unseen() const;
  /// The largest UID in the view, 0 when empty ("*" in a UID set).
  std::uint32_t largest_uid() const;

  /// Takes the store's current state: returns the untagged updates to send, without "* "
  /// ("3 EXPUNGE" when `expunges_allowed`, "2 FETCH (FLAGS (...))", "5 EXISTS",
  /// "1 RECENT").
  std::vector<std::string> update(const MailboxSnapshot& fresh, bool expunges_allowed);
  /// Removes the messages at these indexes (ascending): "n EXPUNGE" for each, numbered as
  /// the client sees the mailbox at that moment (each removal renumbers the ones after it).
  std::vector<std::string> remove(const std::vector<std::size_t>& indexes);

 private:
  std::string name_;
  bool read_only_;
  std::uint32_t uid_validity_;
  std::uint32_t uid_next_;
  std::uint32_t known_uid_ = 0;  // the largest UID ever in the view: above it is new mail
  std::vector<MessageSummary> messages_;
};

}  // namespace smtplab::protocol::imap
