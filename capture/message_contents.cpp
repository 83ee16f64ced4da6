// Subject and attachments of a captured message, via sim/message.
#include "capture/message_contents.hpp"

#include "capture/digest.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/header.hpp"
#include "sim/message/mime.hpp"

namespace smtplab::capture {
namespace {

// True when the message is one leaf part that cannot count as an attachment: no
// Content-Disposition, a known Content-Transfer-Encoding (or none), and a valid Content-Type
// (or none: text/plain) that is neither multipart, nor message/rfc822, nor named. Most
// captured mail is like this, and then its header block says all there is to say (its
// anomalies too): no need to decode the body or build a MIME tree.
bool is_unnamed_single_part(const message::Headers& headers) {
  if (headers.contains("Content-Disposition")) return false;
  if (const message::HeaderField* cte = headers.find("Content-Transfer-Encoding");
      cte && message::parse_transfer_encoding(cte->value) == message::TransferEncoding::Unknown) {
    return false;
  }
  const message::HeaderField* field = headers.find("Content-Type");
  if (!field) return true;
  const message::ContentType type = message::parse_content_type(field->value);
  return type.valid && !type.is_multipart() && type.mime_type() != "message/rfc822" &&
         !type.param("name");
}

// The name a forwarded message is listed under: its own file name, else its subject as
// mail clients save it ("Subject.eml"), else "message.eml".
std::string forwarded_name(const message::MimePart& part) {
  if (!part.filename.empty()) return part.filename;
  const std::string subject =
      part.children.empty() ? std::string() : message::decoded_subject(part.children.front());
  return (subject.empty() ? std::string("message") : subject) + ".eml";
}

}  // namespace

std::vector<message::MimeNote> describe_message_contents(SmtpMessage& message) {
  message.attachments.clear();
  // The root part's header block, exactly as parse_message reads it.
  message::HeaderBlock header = message::parse_header_block(message.content, 0);
  if (is_unnamed_single_part(header.headers)) {
    const message::HeaderField* subject = header.headers.find("Subject");
    message.subject = subject ? message::decode_header_text(subject->raw_value) : std::string();
    return std::move(header.notes);
  }
  const message::MimePart root = message::parse_message(message.content);
  message.subject = message::decoded_subject(root);
  std::vector<message::MimeNote> anomalies;
  for (const message::MimePart* part : message::walk(root)) {
    anomalies.insert(anomalies.end(), part->header.notes.begin(), part->header.notes.end());
    anomalies.insert(anomalies.end(), part->notes.begin(), part->notes.end());
  }
  for (const message::MimePart* part : message::walk(root)) {
    if (part->content_type.mime_type() == "message/rfc822" && part != &root) {
      // A forwarded message is an attachment of its own (as mail clients show it), and the
      // walk goes on inside it: its own attachments are listed after it.
      message.attachments.push_back(Attachment{forwarded_name(*part), "message/rfc822",
                                               part->body.size(), sha256_hex(part->body),
                                               part->body});
      continue;
    }
    if (!part->is_leaf()) continue;
    // A leaf is an attachment when it says so or carries a file name (Python's email and
    // Zeek both count a named text part, like NEWS.txt in zeek-smtp.pcap).
    if (!part->is_attachment && part->filename.empty()) continue;
    message.attachments.push_back(Attachment{part->filename, part->content_type.mime_type(),
                                             part->body.size(), sha256_hex(part->body),
                                             part->body});
  }
  return anomalies;
}

}  // namespace smtplab::capture
