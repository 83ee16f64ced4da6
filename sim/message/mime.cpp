// MIME tree parsing.
#include "sim/message/mime.hpp"

#include "sim/message/ascii.hpp"
#include "sim/message/base64.hpp"
#include "sim/message/charset.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/quoted_printable.hpp"

namespace smtplab::message {
namespace {

struct Context {
  std::string_view raw;  // the whole message: every offset refers to it
  MimeLimits limits;
  std::size_t parts = 0;
  std::size_t next_index = 0;
};

// A line of a body, with its ending.
struct BodyLine {
  std::size_t begin = 0;     // offset of the first octet
  std::size_t text_end = 0;  // offset just past the text (before CR LF)
  std::size_t end = 0;       // offset just past the line ending
};

BodyLine body_line(std::string_view raw, std::size_t pos, std::size_t limit) {
  BodyLine l;
  l.begin = pos;
  const std::size_t lf = raw.substr(0, limit).find('\n', pos);
  if (lf == std::string_view::npos) {
    l.text_end = l.end = limit;
  } else {
    l.end = lf + 1;
    l.text_end = (lf > pos && raw[lf - 1] == '\r') ? lf - 1 : lf;
  }
  return l;
}

// Start of the line ending just before `pos` (so that the CRLF before a boundary belongs
// to the boundary, RFC 2046 §5.1.1), never before `floor`.
std::size_t strip_line_ending_before(std::string_view raw, std::size_t pos, std::size_t floor) {
  if (pos > floor && raw[pos - 1] == '\n') {
    --pos;
    if (pos > floor && raw[pos - 1] == '\r') --pos;
  }
  return pos;
}

enum class Delimiter { None, Part, Close };

// "--boundary", optionally "--", then only spaces and tabs (Python's email does the same).
Delimiter match_delimiter(std::string_view line, std::string_view boundary) {
  if (line.size() < boundary.size() + 2 || line[0] != '-' || line[1] != '-' ||
      line.substr(2, boundary.size()) != boundary) {
    return Delimiter::None;
  }
  std::string_view rest = line.substr(2 + boundary.size());
  Delimiter kind = Delimiter::Part;
  if (rest.size() >= 2 && rest[0] == '-' && rest[1] == '-') {
    kind = Delimiter::Close;
    rest.remove_prefix(2);
  }
  for (char c : rest) {
    if (!is_wsp(c)) return Delimiter::None;
  }
  return kind;
}

void parse_part(Context& ctx, MimePart& part, std::size_t begin, std::size_t end,
                std::string_view default_type);

void decode_leaf(MimePart& part, std::string_view body) {
  switch (part.transfer_encoding) {
    case TransferEncoding::Base64:
      part.body = base64_decode(body);
      break;
    case TransferEncoding::QuotedPrintable:
      part.body = qp_decode(body);
      break;
    default:
      part.body = std::string(body);
      break;
  }
}

void parse_multipart(Context& ctx, MimePart& part) {
  const auto boundary = part.content_type.param("boundary");
  const std::string_view raw = ctx.raw;
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    part.notes.push_back({MimeAnomaly::MultipartWithoutBoundary, {}});
    decode_leaf(part, raw.substr(part.body_begin, part.body_end - part.body_begin));
    return;
  }
  // Find every delimiter line of this multipart inside its body.
  std::vector<std::size_t> starts;  // offset of each part's first octet
  std::vector<std::size_t> ends;    // offset just past each part's last octet
  std::size_t pos = part.body_begin;
  bool open = false;
  bool closed = false;
  std::size_t preamble_end = part.body_end;
  while (pos < part.body_end) {
    const BodyLine l = body_line(raw, pos, part.body_end);
    const Delimiter d = match_delimiter(raw.substr(l.begin, l.text_end - l.begin), *boundary);
    if (d != Delimiter::None) {
      const std::size_t before =
          strip_line_ending_before(raw, l.begin, open ? starts.back() : part.body_begin);
      if (open) {
        ends.push_back(before);
      } else {
        preamble_end = before;
      }
      if (d == Delimiter::Close) {
        closed = true;
        part.epilogue = std::string(raw.substr(l.end, part.body_end - l.end));
        open = false;
        break;
      }
      starts.push_back(l.end);
      open = true;
    }
    pos = l.end;
  }
  if (starts.empty()) {
    part.notes.push_back({MimeAnomaly::BoundaryNeverFound, {*boundary}});
    decode_leaf(part, raw.substr(part.body_begin, part.body_end - part.body_begin));
    return;
  }
  if (open) ends.push_back(part.body_end);
  if (!closed) part.notes.push_back({MimeAnomaly::ClosingBoundaryMissing, {*boundary}});
  part.preamble = std::string(raw.substr(part.body_begin, preamble_end - part.body_begin));
  const std::string_view child_default =
      part.content_type.subtype == "digest" ? "message/rfc822" : "text/plain";
  for (std::size_t k = 0; k < starts.size(); ++k) {
    if (ctx.parts >= ctx.limits.max_parts) {
      part.notes.push_back({MimeAnomaly::TooManyParts, {}});
      break;
    }
    MimePart child;
    child.depth = part.depth + 1;
    parse_part(ctx, child, starts[k], std::max(starts[k], ends[k]), child_default);
    part.children.push_back(std::move(child));
  }
}

void parse_part(Context& ctx, MimePart& part, std::size_t begin, std::size_t end,
                std::string_view default_type) {
  ++ctx.parts;
  part.index = ctx.next_index++;
  part.begin = begin;
  part.end = end;
  const std::string_view raw = ctx.raw;
  part.header = parse_header_block(raw.substr(begin, end - begin), begin);
  part.body_begin = part.header.body_offset;
  part.body_end = end;
  const Headers& h = part.header.headers;

  if (const HeaderField* ct = h.find("Content-Type")) {
    part.content_type = parse_content_type(ct->value);
    if (!part.content_type.valid) {
      part.notes.push_back({MimeAnomaly::InvalidContentType, {ct->value}});
    }
  } else {
    part.content_type = parse_content_type(default_type);
  }
  if (auto cs = part.content_type.param("charset")) part.charset = to_lower(*cs);
  if (const HeaderField* cte = h.find("Content-Transfer-Encoding")) {
    part.transfer_encoding_text = to_lower(trim(cte->value));
    part.transfer_encoding = parse_transfer_encoding(cte->value);
    if (part.transfer_encoding == TransferEncoding::Unknown) {
      part.notes.push_back({MimeAnomaly::UnknownTransferEncoding, {cte->value}});
    }
  }
  ParameterizedValue disposition;
  if (const HeaderField* cd = h.find("Content-Disposition")) {
    disposition = parse_parameterized(cd->value);
    part.disposition = disposition.value;
    part.is_attachment = disposition.value == "attachment";
  }
  if (auto fn = disposition.param("filename")) {
    part.filename = *fn;
  } else if (auto name = part.content_type.param("name")) {
    part.filename = *name;  // the legacy way, still common
  }

  const std::string_view body = raw.substr(part.body_begin, part.body_end - part.body_begin);
  if (part.depth >= ctx.limits.max_depth &&
      (part.content_type.is_multipart() || part.content_type.mime_type() == "message/rfc822")) {
    part.notes.push_back({MimeAnomaly::NestingTooDeep, {std::to_string(ctx.limits.max_depth)}});
    part.body = std::string(body);
    return;
  }
  if (part.content_type.is_multipart()) {
    parse_multipart(ctx, part);
    return;
  }
  if (part.content_type.mime_type() == "message/rfc822" &&
      (part.transfer_encoding == TransferEncoding::SevenBit ||
       part.transfer_encoding == TransferEncoding::EightBit ||
       part.transfer_encoding == TransferEncoding::Binary)) {
    part.body = std::string(body);
    MimePart inner;
    inner.depth = part.depth + 1;
    parse_part(ctx, inner, part.body_begin, part.body_end, "text/plain");
    part.children.push_back(std::move(inner));
    return;
  }
  if (part.content_type.mime_type() == "message/rfc822" &&
      (part.transfer_encoding == TransferEncoding::Base64 ||
       part.transfer_encoding == TransferEncoding::QuotedPrintable)) {
    // Forbidden, and seen in the wild to hide an attachment from filters that trust the
    // rule: decode it, then read what it encloses like any forwarded message.
    part.notes.push_back({MimeAnomaly::EncodedMessagePart, {part.transfer_encoding_text}});
    decode_leaf(part, body);
    Context inner_ctx{part.body, ctx.limits, ctx.parts, ctx.next_index};
    MimePart inner;
    inner.depth = part.depth + 1;
    parse_part(inner_ctx, inner, 0, part.body.size(), "text/plain");
    ctx.parts = inner_ctx.parts;
    ctx.next_index = inner_ctx.next_index;
    part.encoded_container = true;
    part.children.push_back(std::move(inner));
    return;
  }
  decode_leaf(part, body);
}

void collect(const MimePart& p, std::vector<const MimePart*>& out, bool leaves_only) {
  if (!leaves_only || p.is_leaf()) out.push_back(&p);
  for (const auto& c : p.children) collect(c, out, leaves_only);
}

}  // namespace

MimePart parse_message(std::string_view raw, const MimeLimits& limits) {
  Context ctx{raw, limits, 0, 0};
  MimePart root;
  parse_part(ctx, root, 0, raw.size(), "text/plain");
  return root;
}

std::vector<const MimePart*> walk(const MimePart& root) {
  std::vector<const MimePart*> out;
  collect(root, out, false);
  return out;
}

std::vector<const MimePart*> leaf_parts(const MimePart& root) {
  std::vector<const MimePart*> out;
  collect(root, out, true);
  return out;
}

std::string text_content(const MimePart& part) {
  const std::string charset = part.charset.empty() ? "us-ascii" : part.charset;
  if (auto converted = to_utf8(part.body, charset)) return *converted;
  return to_utf8(part.body, Charset::Utf8);
}

std::string decoded_subject(const MimePart& root) {
  const HeaderField* f = root.headers().find("Subject");
  return f == nullptr ? std::string() : decode_header_text(f->raw_value);
}

const MimePart* find_text_part(const MimePart& root, std::string_view subtype) {
  for (const MimePart* p : leaf_parts(root)) {
    if (p->content_type.type == "text" && p->content_type.subtype == subtype && !p->is_attachment) {
      return p;
    }
  }
  return nullptr;
}

}  // namespace smtplab::message
