// The MIME tree of a message (RFC 2045, RFC 2046): nested multiparts split at their
// boundaries (preamble and epilogue kept, a missing closing boundary tolerated with a
// note), message/rfc822 parts parsed as messages, and for every node its header fields,
// byte ranges in the raw message, content type, charset, filename, disposition and
// decoded body. Pure and total: any input gives a tree, anomalies become notes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/message/header.hpp"
#include "sim/message/mime_params.hpp"

namespace smtplab::message {

/// One node of the MIME tree; the root is the message itself.
struct MimePart {
  HeaderBlock header;        ///< the part's header fields and where its header ended
  ContentType content_type;  ///< effective type (defaults applied: text/plain, or message/rfc822 in
                             ///< a digest)
  TransferEncoding transfer_encoding = TransferEncoding::SevenBit;  ///< effective encoding
  std::string transfer_encoding_text;  ///< Content-Transfer-Encoding as written, lower-cased, empty
                                       ///< when absent
  std::string charset;                 ///< lower-cased charset parameter, empty when absent
  std::string disposition;             ///< "attachment", "inline"…, empty when absent
  std::string
      filename;  ///< decoded filename (Content-Disposition filename, else Content-Type name)
  bool is_attachment = false;  ///< Content-Disposition is "attachment" (Python's is_attachment())
  std::size_t begin = 0;       ///< offset of the part's first octet (its header) in the message
  std::size_t end = 0;         ///< offset just past the part's last octet
  std::size_t body_begin = 0;  ///< offset of the body's first octet
  std::size_t body_end = 0;    ///< offset just past the body's last octet
  std::string body;  ///< decoded body octets (transfer encoding undone); raw body for containers
  std::string preamble;            ///< multipart: text before the first boundary
  std::string epilogue;            ///< multipart: text after the closing boundary
  std::vector<MimePart> children;  ///< multipart: the parts; message/rfc822: the enclosed message
  /// message/rfc822 with a transfer encoding (illegal, RFC 2046 §5.2.1): the enclosed
  /// message was read from `body`, decoded, so its parts' offsets count in `body`.
  bool encoded_container = false;
  std::vector<MimeNote> notes;  ///< anomalies in this node (missing boundary, bad type…)
  std::size_t index = 0;  ///< position in a depth-first walk, root = 0 (Python's walk() order)
  std::size_t depth = 0;  ///< nesting depth, root = 0

  /// The part's header fields.
  const Headers& headers() const { return header.headers; }
  /// True for a node whose content is its body (no children).
  bool is_leaf() const { return children.empty(); }
};

/// Limits that keep hostile input cheap.
struct MimeLimits {
  std::size_t max_depth = 32;     ///< deeper nodes are left as leaves, with a note
  std::size_t max_parts = 10000;  ///< further parts are left unparsed, with a note
};

/// Parses a whole message (header, body, MIME tree). Never fails, never throws on input.
MimePart parse_message(std::string_view raw, const MimeLimits& limits = {});

/// Every node in depth-first order (the root first).
std::vector<const MimePart*> walk(const MimePart& root);

/// The leaf parts in order: the ones that carry content (texts, attachments).
std::vector<const MimePart*> leaf_parts(const MimePart& root);

/// The body of a text part as UTF-8, converted from its charset (US-ASCII when none;
/// an unknown charset keeps the octets, invalid sequences become U+FFFD).
std::string text_content(const MimePart& part);

/// The decoded Subject of a message (RFC 2047 words decoded), empty when absent.
std::string decoded_subject(const MimePart& root);

/// The first text/plain leaf that is not an attachment, or nullptr.
const MimePart* find_text_part(const MimePart& root, std::string_view subtype = "plain");

}  // namespace smtplab::message
