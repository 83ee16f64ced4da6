// The MTA behind `smtplab serve`: a final destination for one or more domains that
// accepts mail for its local parts, refuses to relay anywhere else, authenticates its
// configured users, and delivers each accepted message to one Maildir per recipient with
// a Return-Path and a Received field.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/agents/maildir.hpp"
#include "sim/protocol/server_delegate.hpp"

namespace smtplab::agents {

struct LocalDeliveryConfig {
  std::string hostname = "mail.example";             ///< by-clause of Received
  std::vector<std::string> domains{"example.test"};  ///< domains delivered locally
  std::set<std::string> mailboxes;           ///< local parts that exist; empty = every local part
  std::map<std::string, std::string> users;  ///< AUTH users: name -> password
  std::filesystem::path maildir_root = "mail";
};

/// One delivery, for logs and tests.
struct DeliveryRecord {
  std::string queue_id;
  std::string recipient;
  std::filesystem::path file;
};

/// Thread-safe: `smtplab serve` calls it from several I/O threads.
class LocalDeliveryAgent : public protocol::ServerDelegate {
 public:
  explicit LocalDeliveryAgent(LocalDeliveryConfig config);

  std::optional<protocol::SmtpError> check_recipient(const protocol::Envelope& envelope,
                                                     const protocol::Path& path) override;
  bool authenticate(std::string_view user, std::string_view password) override;
  protocol::VerifyAnswer verify(std::string_view name) override;
  protocol::DeliveryResult deliver(const protocol::Envelope& envelope,
                                   std::string_view message) override;

  /// Called after each message written to a mailbox.
  std::function<void(const DeliveryRecord&)> on_delivered;
  const MaildirStore& store() const { return store_; }

 private:
  bool is_local_domain(std::string_view domain) const;
  /// The mailbox address for a recipient (postmaster without domain -> first domain).
  std::string mailbox_address(const protocol::Mailbox& mailbox) const;
  std::string next_queue_id();

  LocalDeliveryConfig config_;
  MaildirStore store_;
  std::atomic<std::uint64_t> sequence_{0};  // sessions on several threads deliver at once
};

}  // namespace smtplab::agents
