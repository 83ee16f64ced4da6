// Delivery status notifications (bounces): RFC 3464 multipart/report messages that tell
// the sender which recipients failed and why, in French and English, with the machine-
// readable delivery-status part and the original headers. Sent with the null reverse-path
// so that a bounce is never bounced (RFC 5321 §4.5.5).
#pragma once

#include <string>
#include <vector>

namespace smtplab::agents {

struct DsnRecipient {
  std::string address;       ///< the recipient that failed
  std::string status;        ///< RFC 3463 code, "5.1.1"
  std::string diagnostic;    ///< the reply that decided it ("550 5.1.1 ... User unknown")
  std::string remote_mta;    ///< the host that answered, empty when local
};

struct DsnSpec {
  std::string reporting_mta;    ///< our host name
  std::string sender;           ///< the original reverse-path: the bounce goes there
  std::string arrival_date;     ///< RFC 5322 date when the message was accepted
  std::string date;             ///< RFC 5322 date of the bounce
  std::vector<DsnRecipient> recipients;
  std::string original;         ///< the original message (its header is returned)
};

/// The whole bounce message (header and body, CRLF lines, 7-bit).
std::string build_dsn(const DsnSpec& spec);

}  // namespace smtplab::agents
