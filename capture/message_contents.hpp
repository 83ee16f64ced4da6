// Reads what a transferred message contains through sim/message (the same MIME code the
// lab's agents use): the decoded Subject and the attachments with their decoded sizes and
// SHA-256.
#pragma once

#include "capture/smtp_session.hpp"

namespace smtplab::capture {

/// Fills `message.subject` and `message.attachments` from `message.content`.
void describe_message_contents(SmtpMessage& message);

}  // namespace smtplab::capture
