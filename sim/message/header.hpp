// The header section of a message (RFC 5322 §2.2): where it ends, its fields with their
// raw (folded) and unfolded values, their byte ranges in the message, case-insensitive
// lookup and every occurrence in order (the Received chain). Pure: bytes in, fields out.
//
// Where the header ends (the rule every mail reader in the lab must agree on):
//   - at the first empty line; the body starts after it;
//   - or at the first line that cannot be a header field (no "name:" at its start and not
//     a continuation), which then is the first body line (Python's email package does the
//     same, and so do the captures' ground truth files);
//   - or at the end of the input.
// The course's pitfall follows from the first rule: a body line typed right after the
// headers without an empty line, that looks like "Word: text", is taken as a header field
// and disappears from the body. `HeaderEnd` and `body_offset` say where the split happened.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/message/mime_note.hpp"

namespace smtplab::message {

/// One header field as written in the message.
struct HeaderField {
  std::string name;        ///< field name as written ("Subject", "received")
  std::string raw_value;   ///< everything after the colon, folding line breaks kept, final line
                           ///< break removed
  std::string value;       ///< unfolded (line breaks before whitespace removed) and trimmed
  std::size_t offset = 0;  ///< offset of the field's first octet in the message
  std::size_t length = 0;  ///< octets of the field, every line break included
};

/// How the header section ended.
enum class HeaderEnd {
  EmptyLine,      ///< the normal case: an empty line separates header and body
  NonHeaderLine,  ///< a line that is not a header field started the body (no empty line)
  EndOfInput,     ///< the input ended inside the header section: there is no body
};

/// The header fields of a message or MIME part, in order.
class Headers {
 public:
  std::vector<HeaderField> fields;  ///< every field, in message order

  /// First field called `name` (case-insensitive), or nullptr.
  const HeaderField* find(std::string_view name) const;
  /// Every field called `name`, in message order (Received: newest first, as written).
  std::vector<const HeaderField*> find_all(std::string_view name) const;
  /// Unfolded value of the first field called `name`, or nullopt.
  std::optional<std::string> get(std::string_view name) const;
  /// True when a field called `name` is present.
  bool contains(std::string_view name) const { return find(name) != nullptr; }
};

/// The header section split from its body.
struct HeaderBlock {
  Headers headers;                        ///< the fields
  HeaderEnd end = HeaderEnd::EndOfInput;  ///< how the section ended
  std::size_t header_end = 0;   ///< offset just past the last header line (before the empty line)
  std::size_t body_offset = 0;  ///< offset of the body's first octet (== input size when no body)
  std::vector<MimeNote> notes;  ///< anomalies seen (mbox "From " line, stray continuation…)
};

/// Splits `raw` into header fields and body. Offsets are relative to `raw` plus `base`
/// (pass a MIME part's offset in the message to get offsets in the whole message).
/// Lines may end with CRLF or a bare LF. Never fails.
HeaderBlock parse_header_block(std::string_view raw, std::size_t base = 0);

/// Unfolds a raw field value: removes every CR and LF (RFC 5322 §2.2.3) and trims it.
std::string unfold(std::string_view raw_value);

/// Formats one field "Name: value" CRLF, folding an ASCII value at whitespace so that
/// lines stay within 78 characters where possible (never splits a word). Line breaks in
/// `value` are replaced by spaces (no header injection).
std::string fold_field(std::string_view name, std::string_view value);

}  // namespace smtplab::message
