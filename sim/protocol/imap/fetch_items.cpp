// FETCH item parsing and section extraction.
#include "sim/protocol/imap/fetch_items.hpp"

#include <algorithm>

#include "sim/protocol/text.hpp"

namespace smtplab::protocol::imap {
namespace {

bool is_item_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
}

std::string_view item_word(Arguments& args) {
  const std::string_view rest = args.rest();
  std::size_t n = 0;
  while (n < rest.size() && is_item_char(rest[n])) ++n;
  for (std::size_t i = 0; i < n; ++i) args.take(rest[i]);
  return rest.substr(0, n);
}

// "[" section-spec "]" after BODY or BODY.PEEK.
std::optional<Section> parse_section(Arguments& args) {
  Section section;
  const std::string spec = to_upper(item_word(args));
  // Leading numbers are part numbers; what follows them is the text specifier.
  std::size_t pos = 0;
  while (pos < spec.size() && spec[pos] >= '0' && spec[pos] <= '9') {
    const std::size_t dot = spec.find('.', pos);
    const std::string_view number = std::string_view(spec).substr(
        pos, dot == std::string::npos ? std::string::npos : dot - pos);
    unsigned long long value = 0;
    if (!parse_decimal(number, value) || value == 0 || value > 0xffffffffull) return std::nullopt;
    section.part.push_back(static_cast<std::uint32_t>(value));
    if (dot == std::string::npos) {
      pos = spec.size();
      break;
    }
    pos = dot + 1;
    if (pos == spec.size()) return std::nullopt;  // "1." has nothing after the dot
  }
  const std::string_view text = std::string_view(spec).substr(pos);
  if (text.empty()) {
    section.text = Section::Text::Whole;
  } else if (text == "HEADER") {
    section.text = Section::Text::Header;
  } else if (text == "HEADER.FIELDS" || text == "HEADER.FIELDS.NOT") {
    section.text =
        text == "HEADER.FIELDS" ? Section::Text::HeaderFields : Section::Text::HeaderFieldsNot;
    if (!args.space() || !args.take('(')) return std::nullopt;
    do {
      auto name = args.astring();
      if (!name || name->empty()) return std::nullopt;
      section.fields.push_back(std::move(*name));
    } while (args.space());
    if (!args.take(')')) return std::nullopt;
  } else if (text == "TEXT") {
    section.text = Section::Text::Body;
  } else if (text == "MIME" && !section.part.empty()) {
    section.text = Section::Text::Mime;
  } else {
    return std::nullopt;
  }
  if (!args.take(']')) return std::nullopt;
  return section;
}

std::optional<FetchItem> parse_item(Arguments& args) {
  const std::string name = to_upper(item_word(args));
  FetchItem item;
  using Kind = FetchItem::Kind;
  if (name == "BODY" || name == "BODY.PEEK") {
    if (!args.take('[')) {
      if (name == "BODY.PEEK") return std::nullopt;
      item.kind = Kind::Body;
      return item;
    }
    auto section = parse_section(args);
    if (!section) return std::nullopt;
    item.kind = Kind::Section;
    item.section = std::move(*section);
    item.peek = name == "BODY.PEEK";
    if (args.take('<')) {
      const auto origin = args.number();
      if (!origin || !args.take('.')) return std::nullopt;
      const auto count = args.number();
      if (!count || *count == 0 || !args.take('>')) return std::nullopt;
      item.origin = *origin;
      item.count = *count;
    }
    return item;
  }
  if (name == "FLAGS") {
    item.kind = Kind::Flags;
  } else if (name == "UID") {
    item.kind = Kind::Uid;
  } else if (name == "INTERNALDATE") {
    item.kind = Kind::InternalDate;
  } else if (name == "RFC822.SIZE") {
    item.kind = Kind::Rfc822Size;
  } else if (name == "ENVELOPE") {
    item.kind = Kind::Envelope;
  } else if (name == "BODYSTRUCTURE") {
    item.kind = Kind::BodyStructure;
  } else if (name == "RFC822") {
    item.kind = Kind::Rfc822;
  } else if (name == "RFC822.HEADER") {
    item.kind = Kind::Rfc822Header;
  } else if (name == "RFC822.TEXT") {
    item.kind = Kind::Rfc822Text;
  } else {
    return std::nullopt;
  }
  return item;
}

std::vector<FetchItem> macro(std::initializer_list<FetchItem::Kind> kinds) {
  std::vector<FetchItem> items;
  for (auto kind : kinds) {
    FetchItem item;
    item.kind = kind;
    items.push_back(item);
  }
  return items;
}

// The part that part numbers name (RFC 3501 §6.4.5), nullptr when there is none.
const message::MimePart* find_part(const message::MimePart& root,
                                   const std::vector<std::uint32_t>& numbers) {
  const message::MimePart* current = &root;
  for (std::uint32_t n : numbers) {
    // Inside an enclosed message, numbers count the parts of that message's body.
    if (current != &root && current->content_type.type == "message" &&
        current->content_type.subtype == "rfc822" && !current->children.empty() &&
        !current->encoded_container) {
      current = &current->children.front();
    }
    if (current->content_type.is_multipart() && !current->children.empty()) {
      if (n > current->children.size()) return nullptr;
      current = &current->children[n - 1];
    } else if (n != 1) {
      return nullptr;  // a single-part body has only part 1 (itself)
    }
  }
  return current;
}

std::string_view slice(std::string_view raw, std::size_t begin, std::size_t end) {
  end = std::min(end, raw.size());
  begin = std::min(begin, end);
  return raw.substr(begin, end - begin);
}

bool named(const std::vector<std::string>& names, std::string_view field) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& name) { return iequals(name, field); });
}

}  // namespace

bool FetchItem::needs_content() const {
  return kind != Kind::Flags && kind != Kind::Uid && kind != Kind::InternalDate &&
         kind != Kind::Rfc822Size;
}

bool FetchItem::sets_seen() const {
  return (kind == Kind::Section && !peek) || kind == Kind::Rfc822 || kind == Kind::Rfc822Text;
}

std::string FetchItem::response_name() const {
  switch (kind) {
    case Kind::Flags:
      return "FLAGS";
    case Kind::Uid:
      return "UID";
    case Kind::InternalDate:
      return "INTERNALDATE";
    case Kind::Rfc822Size:
      return "RFC822.SIZE";
    case Kind::Envelope:
      return "ENVELOPE";
    case Kind::Body:
      return "BODY";
    case Kind::BodyStructure:
      return "BODYSTRUCTURE";
    case Kind::Rfc822:
      return "RFC822";
    case Kind::Rfc822Header:
      return "RFC822.HEADER";
    case Kind::Rfc822Text:
      return "RFC822.TEXT";
    case Kind::Section:
      break;
  }
  // The response names BODY[...] even for BODY.PEEK[...] (RFC 3501 §7.4.2).
  std::string out = "BODY[";
  for (std::size_t i = 0; i < section.part.size(); ++i) {
    if (i) out += '.';
    out += std::to_string(section.part[i]);
  }
  const auto text_name = [&]() -> std::string {
    switch (section.text) {
      case Section::Text::Whole:
        return "";
      case Section::Text::Header:
        return "HEADER";
      case Section::Text::HeaderFields:
        return "HEADER.FIELDS";
      case Section::Text::HeaderFieldsNot:
        return "HEADER.FIELDS.NOT";
      case Section::Text::Body:
        return "TEXT";
      case Section::Text::Mime:
        return "MIME";
    }
    return "";
  }();
  if (!text_name.empty()) {
    if (!section.part.empty()) out += '.';
    out += text_name;
  }
  if (!section.fields.empty()) {
    out += " (";
    for (std::size_t i = 0; i < section.fields.size(); ++i) {
      if (i) out += ' ';
      out += imap_astring(section.fields[i]);
    }
    out += ')';
  }
  out += ']';
  if (origin) out += "<" + std::to_string(*origin) + ">";
  return out;
}

std::optional<std::vector<FetchItem>> parse_fetch_items(Arguments& args) {
  using Kind = FetchItem::Kind;
  if (args.take('(')) {
    std::vector<FetchItem> items;
    do {
      auto item = parse_item(args);
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
    } while (args.space());
    if (!args.take(')')) return std::nullopt;
    return items;
  }
  const std::string_view rest = args.rest();
  const std::string word = to_upper(rest.substr(0, rest.find(' ')));
  if (word == "ALL") {
    item_word(args);
    return macro({Kind::Flags, Kind::InternalDate, Kind::Rfc822Size, Kind::Envelope});
  }
  if (word == "FAST") {
    item_word(args);
    return macro({Kind::Flags, Kind::InternalDate, Kind::Rfc822Size});
  }
  if (word == "FULL") {
    item_word(args);
    return macro({Kind::Flags, Kind::InternalDate, Kind::Rfc822Size, Kind::Envelope, Kind::Body});
  }
  auto item = parse_item(args);
  if (!item) return std::nullopt;
  return std::vector<FetchItem>{std::move(*item)};
}

std::string section_octets(std::string_view raw, const message::MimePart& root,
                           const FetchItem& item) {
  std::string_view whole;
  std::string built;
  bool use_built = false;
  switch (item.kind) {
    case FetchItem::Kind::Rfc822:
      whole = raw;
      break;
    case FetchItem::Kind::Rfc822Header:
      whole = slice(raw, root.begin, root.body_begin);
      break;
    case FetchItem::Kind::Rfc822Text:
      whole = slice(raw, root.body_begin, root.body_end);
      break;
    case FetchItem::Kind::Section: {
      const Section& section = item.section;
      const message::MimePart* part = find_part(root, section.part);
      if (!part) return {};
      // HEADER, TEXT and HEADER.FIELDS of a numbered part speak of the message it encloses.
      const message::MimePart* message = part;
      if (!section.part.empty() && section.text != Section::Text::Whole &&
          section.text != Section::Text::Mime) {
        // An encoded container's parts live in its decoded body, not in the raw message:
        // IMAP serves the part as the leaf it is on the wire.
        if (part->content_type.type != "message" || part->content_type.subtype != "rfc822" ||
            part->children.empty() || part->encoded_container) {
          return {};
        }
        message = &part->children.front();
      }
      switch (section.text) {
        case Section::Text::Whole:
          whole = section.part.empty() ? raw : slice(raw, part->body_begin, part->body_end);
          break;
        case Section::Text::Mime:
          whole = slice(raw, part->begin, part->body_begin);
          break;
        case Section::Text::Header:
          whole = slice(raw, message->begin, message->body_begin);
          break;
        case Section::Text::Body:
          whole = slice(raw, message->body_begin, message->body_end);
          break;
        case Section::Text::HeaderFields:
        case Section::Text::HeaderFieldsNot: {
          const bool keep_named = section.text == Section::Text::HeaderFields;
          for (const auto& f : message->headers().fields) {
            if (named(section.fields, f.name) == keep_named) {
              built.append(slice(raw, f.offset, f.offset + f.length));
            }
          }
          built += "\r\n";  // the empty line that ends a header (RFC 3501 §6.4.5)
          use_built = true;
          break;
        }
      }
      break;
    }
    default:
      return {};
  }
  std::string_view octets = use_built ? std::string_view(built) : whole;
  if (item.origin) {
    // Partial: from origin, at most count octets; an origin past the end gives "".
    if (*item.origin >= octets.size()) return {};
    octets = octets.substr(*item.origin, item.count);
  }
  return std::string(octets);
}

}  // namespace smtplab::protocol::imap
