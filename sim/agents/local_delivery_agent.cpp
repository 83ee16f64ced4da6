// Local delivery for `smtplab serve`.
#include "sim/agents/local_delivery_agent.hpp"

#include <chrono>
#include <random>

#include "sim/agents/storage_refusal.hpp"
#include "sim/message/date.hpp"
#include "sim/message/trace.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::agents {

using protocol::SmtpError;

LocalDeliveryAgent::LocalDeliveryAgent(LocalDeliveryConfig config)
    : config_(std::move(config)), store_(config_.maildir_root) {}

bool LocalDeliveryAgent::is_local_domain(std::string_view domain) const {
  for (const auto& d : config_.domains) {
    if (protocol::iequals(d, domain)) return true;
  }
  return false;
}

std::string LocalDeliveryAgent::mailbox_address(const protocol::Mailbox& mailbox) const {
  if (mailbox.domain.empty()) {
    return "postmaster@" + (config_.domains.empty() ? config_.hostname : config_.domains.front());
  }
  return mailbox.address();
}

std::optional<SmtpError> LocalDeliveryAgent::check_recipient(const protocol::Envelope&,
                                                             const protocol::Path& path) {
  const protocol::Mailbox& box = path.mailbox;
  if (box.domain.empty()) return std::nullopt;  // <Postmaster>: always accepted
  if (!is_local_domain(box.domain)) {
    return SmtpError::from(protocol::ReplyId::RelayDenied, box.address(),
                           "relay refused: " + box.domain + " is not a local domain");
  }
  if (protocol::iequals(box.local_part, "postmaster")) return std::nullopt;
  if (!config_.mailboxes.empty() && !config_.mailboxes.count(box.local_part)) {
    return SmtpError::from(protocol::ReplyId::MailboxUnavailable, box.address(),
                           "no mailbox " + box.local_part);
  }
  return std::nullopt;
}

bool LocalDeliveryAgent::authenticate(std::string_view user, std::string_view password) {
  const auto it = config_.users.find(std::string(user));
  return it != config_.users.end() && it->second == password;
}

protocol::VerifyAnswer LocalDeliveryAgent::verify(std::string_view name) {
  using Kind = protocol::VerifyAnswer::Kind;
  std::string local(name);
  if (const auto at = local.find('@'); at != std::string::npos) {
    if (!is_local_domain(local.substr(at + 1))) return {Kind::CannotVerify, ""};
    local.resize(at);
  }
  if (config_.mailboxes.empty()) return {Kind::CannotVerify, ""};
  if (!config_.mailboxes.count(local)) return {Kind::Unknown, ""};
  const std::string domain = config_.domains.empty() ? config_.hostname : config_.domains.front();
  return {Kind::Exists, "<" + local + "@" + domain + ">"};
}

std::string LocalDeliveryAgent::next_queue_id() {
  // Unique per process run: seconds since the epoch (base 36) and a sequence number.
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  auto seconds = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
  std::string id;
  while (seconds) {
    id.insert(id.begin(), kDigits[seconds % 36]);
    seconds /= 36;
  }
  return id + "-" + std::to_string(++sequence_);
}

protocol::DeliveryResult LocalDeliveryAgent::deliver(const protocol::Envelope& envelope,
                                                     std::string_view message) {
  protocol::DeliveryResult result;
  result.queue_id = next_queue_id();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (const auto& recipient : envelope.recipients) {
    const std::string address = mailbox_address(recipient.path.mailbox);
    message::ReceivedSpec received;
    received.helo = envelope.helo;
    received.ip = envelope.connection.client_address;
    received.by = config_.hostname;
    received.with = envelope.with_protocol();
    received.id = result.queue_id;
    received.for_rcpt = address;
    received.date = message::DateTime::from_unix(now);
    std::string stored = message::format_return_path(
        envelope.reverse_path.null ? std::string_view{} : envelope.reverse_path.mailbox.address());
    stored += message::format_received(received);
    stored += message;
    std::error_code error;
    const auto file = store_.deliver(address, stored, error);
    if (error) {
      // At-least-once (RFC 5321 §4.1.1.4, §6.1): a temporary failure makes the client
      // retry the whole message, so recipients already written may get it twice.
      result.error =
          storage_refusal(error, "mailbox not written",
                          "maildir delivery to " + address + " failed: " + error.message());
      return result;
    }
    if (on_delivered) on_delivered(DeliveryRecord{result.queue_id, address, file});
  }
  return result;
}

}  // namespace smtplab::agents
