// ENVELOPE and BODYSTRUCTURE rendering over sim/message's MIME tree.
#include "sim/protocol/imap/message_structure.hpp"

#include <algorithm>

#include "sim/message/address.hpp"
#include "sim/message/ascii.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/mime_params.hpp"
#include "sim/protocol/imap/arguments.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::protocol::imap {
namespace {

std::optional<std::string> field(const message::MimePart& part, std::string_view name) {
  return part.headers().get(name);
}

// A display name back in its 7-bit form: sim/message decodes RFC 2047 words, IMAP wants
// the header's text, so non-ASCII names are encoded again (on one line).
std::optional<std::string> wire_name(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (message::is_printable_ascii(name)) return name;
  std::string encoded = message::encode_words(name);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '\r' || encoded[i] == '\n') continue;
    out += encoded[i];
  }
  return out;
}

// One address list: ((name adl mailbox host) ...) with RFC 3501's group markers, or NIL.
std::string address_list(const std::optional<std::string>& value) {
  if (!value) return "NIL";
  const message::AddressList list = message::parse_address_list(*value);
  if (list.addresses.empty()) return "NIL";
  std::string out = "(";
  std::string group;
  for (const message::Address& a : list.addresses) {
    if (a.group != group) {
      if (!group.empty()) out += "(NIL NIL NIL NIL)";  // end of the previous group
      if (!a.group.empty()) out += "(NIL NIL " + imap_string(a.group) + " NIL)";
      group = a.group;
    }
    out += "(" + imap_nstring(wire_name(a.display_name)) + " NIL " + imap_string(a.local_part) +
           " " + imap_string(a.domain) + ")";
  }
  if (!group.empty()) out += "(NIL NIL NIL NIL)";
  out += ")";
  return out;
}

std::string upper_string(std::string_view text) {
  return imap_string(to_upper(text));
}

// (name value ...) of a parameter list, or NIL.
std::string parameter_list(const std::vector<std::pair<std::string, std::string>>& params) {
  if (params.empty()) return "NIL";
  std::string out = "(";
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) out += ' ';
    out += upper_string(params[i].first) + " " + imap_string(params[i].second);
  }
  return out + ")";
}

std::size_t count_lines(std::string_view body) {
  return static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) +
         ((!body.empty() && body.back() != '\n') ? 1 : 0);
}

// The extension data both kinds of part end with: disposition, language, location.
std::string disposition_language_location(const message::MimePart& part) {
  std::string out;
  if (const auto disposition = field(part, "Content-Disposition")) {
    const message::ParameterizedValue parsed = message::parse_parameterized(*disposition);
    out += "(" + upper_string(parsed.value) + " " + parameter_list(parsed.params) + ")";
  } else {
    out += "NIL";
  }
  const auto language = field(part, "Content-Language");
  out += " " + (language ? imap_string(*language) : std::string("NIL"));
  out += " " + imap_nstring(field(part, "Content-Location"));
  return out;
}

}  // namespace

std::string envelope(const message::MimePart& message) {
  const auto from = field(message, "From");
  const auto sender = field(message, "Sender");
  const auto reply_to = field(message, "Reply-To");
  std::string out = "(";
  out += imap_nstring(field(message, "Date")) + " ";
  out += imap_nstring(field(message, "Subject")) + " ";
  out += address_list(from) + " ";
  // RFC 3501 §7.4.2: Sender and Reply-To default to From when absent.
  out += address_list(sender ? sender : from) + " ";
  out += address_list(reply_to ? reply_to : from) + " ";
  out += address_list(field(message, "To")) + " ";
  out += address_list(field(message, "Cc")) + " ";
  out += address_list(field(message, "Bcc")) + " ";
  out += imap_nstring(field(message, "In-Reply-To")) + " ";
  out += imap_nstring(field(message, "Message-ID"));
  return out + ")";
}

std::string body_structure(const message::MimePart& part, std::string_view raw, bool extended) {
  const message::ContentType& type = part.content_type;
  if (type.is_multipart() && !part.children.empty()) {
    std::string out = "(";
    for (const message::MimePart& child : part.children) {
      out += body_structure(child, raw, extended);
    }
    out += " " + upper_string(type.subtype);
    if (extended) {
      out += " " + parameter_list(type.params) + " " + disposition_language_location(part);
    }
    return out + ")";
  }
  const std::size_t body_end = std::min(part.body_end, raw.size());
  const std::size_t body_begin = std::min(part.body_begin, body_end);
  const std::string_view body = raw.substr(body_begin, body_end - body_begin);
  auto params = type.params;
  if (type.type == "text" && !type.param("charset")) params.emplace_back("charset", "us-ascii");
  // A multipart without parts (no boundary found) is shown as the leaf it was parsed as.
  const bool multipart_leaf = type.is_multipart();
  std::string out = "(";
  out += multipart_leaf ? std::string("\"TEXT\" \"PLAIN\"")
                        : upper_string(type.type) + " " + upper_string(type.subtype);
  out += " " + parameter_list(multipart_leaf ? decltype(params){} : params);
  out += " " + imap_nstring(field(part, "Content-ID"));
  out += " " + imap_nstring(field(part, "Content-Description"));
  out += " " + upper_string(part.transfer_encoding_text.empty() ? std::string_view("7bit")
                                                                : part.transfer_encoding_text);
  out += " " + std::to_string(body.size());
  if (type.type == "message" && type.subtype == "rfc822" && !part.children.empty()) {
    const message::MimePart& inner = part.children.front();
    // An encoded container (RFC 2046 forbids it, mail carries it) encloses its decoded
    // body: the enclosed parts' offsets count there.
    const std::string_view inner_raw = part.encoded_container ? std::string_view(part.body) : raw;
    out += " " + envelope(inner) + " " + body_structure(inner, inner_raw, extended);
    out += " " + std::to_string(count_lines(body));
  } else if (type.type == "text" || multipart_leaf) {
    out += " " + std::to_string(count_lines(body));
  }
  if (extended) {
    out +=
        " " + imap_nstring(field(part, "Content-MD5")) + " " + disposition_language_location(part);
  }
  return out + ")";
}

}  // namespace smtplab::protocol::imap
