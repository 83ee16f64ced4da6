// FETCH data items (RFC 3501 §6.4.5): parsing the client's list (macros ALL, FAST, FULL;
// BODY[section]<partial> with part numbers, HEADER, HEADER.FIELDS (...), HEADER.FIELDS.NOT,
// TEXT, MIME; BODY.PEEK; the RFC822 forms) and cutting a section out of a message. What
// each item's response looks like is in the item, so the session only strings them
// together. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/message/mime.hpp"
#include "sim/protocol/imap/arguments.hpp"

namespace smtplab::protocol::imap {

/// The part of a message a BODY[...] item names.
struct Section {
  /// What is taken from the part.
  enum class Text {
    Whole,            ///< BODY[] or BODY[1.2]: the whole message or part
    Header,           ///< HEADER: the header, with its empty line
    HeaderFields,     ///< HEADER.FIELDS (names): only these fields, then an empty line
    HeaderFieldsNot,  ///< HEADER.FIELDS.NOT (names): every other field, then an empty line
    Body,             ///< TEXT: the body
    Mime,             ///< MIME: the part's own MIME header (needs part numbers)
  };
  std::vector<std::uint32_t> part;  ///< part numbers ("1.2" -> {1, 2}); empty = the message
  Text text = Text::Whole;
  std::vector<std::string> fields;  ///< field names of HEADER.FIELDS(.NOT), as written
};

/// One data item of a FETCH.
struct FetchItem {
  enum class Kind {
    Flags,          ///< FLAGS
    Uid,            ///< UID
    InternalDate,   ///< INTERNALDATE
    Rfc822Size,     ///< RFC822.SIZE
    Envelope,       ///< ENVELOPE
    Body,           ///< BODY (the structure without extension data)
    BodyStructure,  ///< BODYSTRUCTURE
    Section,        ///< BODY[...] / BODY.PEEK[...]
    Rfc822,         ///< RFC822 (= BODY[], sets \Seen)
    Rfc822Header,   ///< RFC822.HEADER (= BODY.PEEK[HEADER])
    Rfc822Text,     ///< RFC822.TEXT (= BODY[TEXT], sets \Seen)
  };
  Kind kind = Kind::Flags;
  Section section;                      ///< for Section
  bool peek = false;                    ///< BODY.PEEK: \Seen is not set
  std::optional<std::uint32_t> origin;  ///< partial <origin.count>
  std::uint32_t count = 0;              ///< partial's octet count

  /// Needs the message's octets (everything but FLAGS, UID, INTERNALDATE, RFC822.SIZE).
  bool needs_content() const;
  /// Sets \Seen when fetched (BODY[...] without PEEK, RFC822, RFC822.TEXT).
  bool sets_seen() const;
  /// The item's name in the response ("BODY[HEADER.FIELDS (From)]<0>", "RFC822.SIZE").
  std::string response_name() const;
};

/// Parses the FETCH items argument (a macro, one item, or a parenthesised list of items).
/// Nullopt on bad syntax.
std::optional<std::vector<FetchItem>> parse_fetch_items(Arguments& args);

/// The octets of a section of `raw` (parsed as `root`), after partial; empty when the part
/// does not exist (RFC 3501 allows an empty string there).
std::string section_octets(std::string_view raw, const message::MimePart& root,
                           const FetchItem& item);

}  // namespace smtplab::protocol::imap
