// FETCH response rendering.
#include "sim/protocol/imap/fetch_response.hpp"

#include <algorithm>

#include "sim/protocol/imap/flags.hpp"
#include "sim/protocol/imap/message_structure.hpp"

namespace smtplab::protocol::imap {

std::string fetch_data(const std::vector<FetchItem>& items, const MessageSummary& summary,
                       const ParsedMessage* content, FetchExtras extras) {
  using Kind = FetchItem::Kind;
  std::string out = "(";
  const auto add = [&](std::string_view name, std::string_view value) {
    if (out.size() > 1) out += ' ';
    out.append(name);
    out += ' ';
    out.append(value);
  };
  const auto requested = [&](Kind kind) {
    return std::any_of(items.begin(), items.end(),
                       [&](const FetchItem& item) { return item.kind == kind; });
  };
  if (extras.uid && !requested(Kind::Uid)) add("UID", std::to_string(summary.uid));
  if (extras.flags && !requested(Kind::Flags)) add("FLAGS", format_flags(summary.flags));
  for (const FetchItem& item : items) {
    const std::string name = item.response_name();
    switch (item.kind) {
      case Kind::Flags:
        add(name, format_flags(summary.flags));
        break;
      case Kind::Uid:
        add(name, std::to_string(summary.uid));
        break;
      case Kind::InternalDate:
        add(name,
            format_internal_date(summary.internal_date, summary.internal_date_offset_minutes));
        break;
      case Kind::Rfc822Size:
        add(name, std::to_string(summary.size));
        break;
      case Kind::Envelope:
        if (content) add(name, envelope(content->root));
        break;
      case Kind::Body:
      case Kind::BodyStructure:
        if (content)
          add(name, body_structure(content->root, content->raw, item.kind == Kind::BodyStructure));
        break;
      case Kind::Section:
      case Kind::Rfc822:
      case Kind::Rfc822Header:
      case Kind::Rfc822Text: {
        if (!content) break;
        const std::string octets = section_octets(content->raw, content->root, item);
        add(name, "{" + std::to_string(octets.size()) + "}\r\n" + octets);
        break;
      }
    }
  }
  return out + ")";
}

}  // namespace smtplab::protocol::imap
