// MessageBuilder: composes a complete Internet message ready for DATA — From, To, Cc,
// Subject, Date, Message-ID, a UTF-8 text body, an optional HTML alternative and
// attachments. The output is 7-bit clean, uses CRLF line endings only, and keeps every
// line within 998 octets (78 for headers where a word allows it, 76 for encoded bodies):
//   - non-ASCII header text goes out as RFC 2047 encoded words, folded;
//   - text bodies are 7bit when they are short-lined ASCII, else quoted-printable, with
//     charset=utf-8; their line breaks become CRLF and a final line break is added;
//   - attachments are base64 (76-character lines), with the filename in RFC 2231 form
//     (filename*=utf-8''…) when it is not ASCII.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/message/address.hpp"
#include "sim/message/date.hpp"

namespace smtplab::message {

/// One file attached to a message.
struct Attachment {
  std::string filename;  ///< UTF-8 file name
  std::string content_type =
      "application/octet-stream";  ///< MIME type, default application/octet-stream
  std::string data;                ///< the file's octets
};

/// Builds one message. Setters return *this so calls chain; build() can be called again.
class MessageBuilder {
 public:
  /// Sets the author (From).
  MessageBuilder& from(Address address);
  /// Adds a To recipient.
  MessageBuilder& to(Address address);
  /// Adds a Cc recipient.
  MessageBuilder& cc(Address address);
  /// Sets the subject (UTF-8).
  MessageBuilder& subject(std::string utf8);
  /// Sets the Date (default: the current time, UTC).
  MessageBuilder& date(DateTime when);
  /// Sets the Message-ID, angle brackets included (default: generated from From's domain).
  MessageBuilder& message_id(std::string id);
  /// Sets the plain-text body (UTF-8; LF, CR or CRLF line breaks).
  MessageBuilder& text(std::string utf8);
  /// Adds an HTML alternative to the text (multipart/alternative).
  MessageBuilder& html(std::string utf8);
  /// Adds an attachment (multipart/mixed).
  MessageBuilder& attach(Attachment attachment);
  /// Adds another header field (unstructured UTF-8 value, encoded when needed).
  MessageBuilder& header(std::string name, std::string utf8_value);
  /// Non-ASCII text as 8bit (the client then says BODY=8BITMIME, RFC 6152) instead of
  /// quoted-printable (default: false, 7-bit clean).
  MessageBuilder& eight_bit_text(bool on);
  /// Seed of the MIME boundaries (default 0): same inputs and seed give the same bytes.
  MessageBuilder& boundary_seed(std::uint64_t seed);

  /// The message: header fields, an empty line, the body; CRLF everywhere.
  std::string build() const;

 private:
  std::optional<Address> from_;
  std::vector<Address> to_;
  std::vector<Address> cc_;
  std::string subject_;
  std::optional<DateTime> date_;
  std::string message_id_;
  std::string text_;
  std::optional<std::string> html_;
  std::vector<Attachment> attachments_;
  std::vector<std::pair<std::string, std::string>> extra_;
  std::uint64_t seed_ = 0;
  bool eight_bit_ = false;
};

/// Formats an unstructured header field (Subject, Comments…) from UTF-8: folded ASCII when
/// that is safe, RFC 2047 encoded words otherwise. Ends with CRLF.
std::string format_unstructured_field(std::string_view name, std::string_view utf8_value);

/// Converts every line break (CRLF, bare LF, bare CR) to CRLF.
std::string normalize_line_breaks(std::string_view text);

}  // namespace smtplab::message
