// The one answer to a failed write of a message (mailbox or spool): a full file system is
// "452 4.3.1 Insufficient system storage" (RFC 3463 X.3.1, the mail system is full; the
// mailbox is not to blame), anything else "451 4.3.0 Local error in processing". Both are
// temporary: the client keeps the message and retries (RFC 5321 §4.2.5).
#pragma once

#include <string>
#include <string_view>
#include <system_error>

#include "sim/protocol/smtp_error.hpp"

namespace smtplab::agents {

/// True for the errors that mean "no room left": ENOSPC, and EDQUOT (the quota of the user
/// the server runs as, which every mailbox shares).
bool is_storage_full(const std::error_code& error);

/// The refusal for a write that failed with `error`; `what` says what could not be written
/// ("queue unavailable") and `reason` goes to the log.
protocol::SmtpError storage_refusal(const std::error_code& error, std::string_view what,
                                    std::string reason);

}  // namespace smtplab::agents
