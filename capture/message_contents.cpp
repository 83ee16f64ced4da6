// Subject and attachments of a captured message, via sim/message.
#include "capture/message_contents.hpp"

#include "capture/digest.hpp"
#include "sim/message/mime.hpp"

namespace smtplab::capture {

void describe_message_contents(SmtpMessage& message) {
  const message::MimePart root = message::parse_message(message.content);
  message.subject = message::decoded_subject(root);
  message.attachments.clear();
  for (const message::MimePart* part : message::leaf_parts(root)) {
    // A leaf is an attachment when it says so or carries a file name (Python's email and
    // Zeek both count a named text part, like NEWS.txt in zeek-smtp.pcap).
    if (!part->is_attachment && part->filename.empty()) continue;
    message.attachments.push_back(Attachment{part->filename, part->content_type.mime_type(),
                                             part->body.size(), sha256_hex(part->body),
                                             part->body});
  }
}

}  // namespace smtplab::capture
