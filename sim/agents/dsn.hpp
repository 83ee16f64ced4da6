// Delivery status notifications: RFC 3464 multipart/report messages that tell the sender
// which recipients failed (a bounce), are still waiting (a delay warning) or were
// delivered (a receipt asked with NOTIFY=SUCCESS, RFC 3461), in French and English, with
// the machine-readable delivery-status part and the original headers. Sent with the null
// reverse-path so that a bounce is never bounced (RFC 5321 §4.5.5).
#pragma once

#include <string>
#include <vector>

namespace smtplab::agents {

/// What a notice reports for its recipients (the Action field, RFC 3464 §2.3.3).
enum class DsnAction {
  Failed,     ///< could not be delivered, will not be retried (a bounce)
  Delayed,    ///< not delivered yet, still being retried (a delay warning)
  Delivered,  ///< delivered to the mailbox (a receipt, NOTIFY=SUCCESS)
  Relayed,    ///< handed to a next hop that does not speak DSN: no receipt will follow
};

/// The Action field's value ("failed", "delayed", "delivered", "relayed").
const char* dsn_action_name(DsnAction action);

struct DsnRecipient {
  std::string address;     ///< the recipient reported on
  std::string status;      ///< RFC 3463 code, "5.1.1"
  std::string diagnostic;  ///< the reply that decided it ("550 5.1.1 ... User unknown")
  std::string remote_mta;  ///< the host that answered, empty when local
};

struct DsnSpec {
  std::string reporting_mta;  ///< our host name
  std::string sender;         ///< the original reverse-path: the bounce goes there
  std::string arrival_date;   ///< RFC 5322 date when the message was accepted
  std::string date;           ///< RFC 5322 date of the bounce
  std::vector<DsnRecipient> recipients;
  std::string original;                  ///< the original message (its header is returned)
  DsnAction action = DsnAction::Failed;  ///< the same for every recipient of this notice
  std::string retry_until;  ///< Delayed: RFC 5322 date when the queue gives up (empty = none)
};

/// The whole bounce message (header and body, CRLF lines, 7-bit).
std::string build_dsn(const DsnSpec& spec);

}  // namespace smtplab::agents
