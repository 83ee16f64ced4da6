// A node's persistent mail queue (its spool): messages accepted for relay wait here until
// every recipient is delivered, refused for good, or expired. Each entry is one file,
// written to a temporary name, flushed, then renamed, so a crash (even kill -9) never
// leaves half an entry and never loses one that was acknowledged with 250.
//
// Delivery is at least once (RFC 5321 §6.1): an entry is updated after the next hop has
// answered, so a crash between that answer and the update sends the message again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim/agents/delivery_problem.hpp"

namespace smtplab::agents {

/// Where one recipient of a queued message stands.
enum class RecipientState {
  Pending,    ///< not delivered yet: will be tried at next_attempt
  Delivered,  ///< the next hop accepted it (2xx)
  Failed,     ///< refused for good (5xx) or expired: a bounce was made
};

struct QueuedRecipient {
  std::string address;
  RecipientState state = RecipientState::Pending;
  std::string last_reply;  ///< "550 5.1.1 ..." from the last attempt, or a local error
  /// RCPT parameters as received ("NOTIFY=SUCCESS ORCPT=rfc822;a@b"), passed on to the
  /// next hop so the final MTA can honour them (RFC 3461 §5.2).
  std::string parameters;
};

struct QueueEntry {
  std::string id;            ///< unique in the queue, set by enqueue
  std::string reverse_path;  ///< empty for the null path <> (a bounce)
  std::vector<QueuedRecipient> recipients;
  std::string content;        ///< the message, CRLF lines, trace fields included
  double created = 0;         ///< simulated seconds when it was queued
  double next_attempt = 0;    ///< simulated seconds of the next try
  unsigned attempts = 0;      ///< tries so far
  DeliveryProblem problem;    ///< why the last attempt left it waiting (the queue view)
  bool delay_warned = false;  ///< the "Action: delayed" notice was sent (RFC 3464)

  /// Recipients still to be delivered.
  std::vector<std::string> pending() const;
};

class MailQueue {
 public:
  /// Opens (creating if needed) the spool directory and loads every entry in it.
  explicit MailQueue(std::filesystem::path directory);

  /// Persists a new entry (id assigned here) and returns its id. Throws
  /// std::system_error when the spool cannot be written (the server then answers 451).
  std::string enqueue(QueueEntry entry);
  /// Persists a changed entry; removes it when no recipient is pending.
  void update(const QueueEntry& entry);
  /// Called after every enqueue and update (outside the queue's lock), so a queue runner
  /// can sleep until the queue changes instead of polling. Set before the queue is shared.
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }
  /// Entries with a pending recipient whose next_attempt <= now, oldest first.
  std::vector<QueueEntry> due(double now) const;
  /// Earliest next_attempt among entries with pending recipients.
  std::optional<double> next_due() const;
  /// Every entry (for the queue view and the checks).
  std::vector<QueueEntry> entries() const;
  std::size_t size() const;
  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::string add_entry(QueueEntry entry);
  void replace_entry(const QueueEntry& entry);
  void write(const QueueEntry& entry) const;
  void erase(const std::string& id);

  std::filesystem::path directory_;
  mutable std::mutex mutex_;
  std::vector<QueueEntry> entries_;
  std::uint64_t sequence_ = 0;
  std::function<void()> on_change_;
};

}  // namespace smtplab::agents
