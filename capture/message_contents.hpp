// Reads what a transferred message contains through sim/message (the same MIME code the
// lab's agents use): the decoded Subject, the attachments with their decoded sizes and
// SHA-256, and the header and MIME anomalies the parser found.
#pragma once

#include <vector>

#include "capture/smtp_session.hpp"
#include "sim/message/mime_note.hpp"

namespace smtplab::capture {

/// Fills `message.subject` and `message.attachments` from `message.content`; returns the
/// anomalies of its header and MIME tree, parts in depth-first order (each part's header
/// first).
std::vector<message::MimeNote> describe_message_contents(SmtpMessage& message);

}  // namespace smtplab::capture
