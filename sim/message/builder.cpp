// MessageBuilder: composing a 7-bit clean MIME message.
#include "sim/message/builder.hpp"

#include <chrono>

#include "sim/message/ascii.hpp"
#include "sim/message/base64.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/header.hpp"
#include "sim/message/mime_params.hpp"
#include "sim/message/quoted_printable.hpp"

namespace smtplab::message {
namespace {

// One part ready to be written: its header lines (each ending with CRLF) and its body.
struct Part {
  std::string headers;
  std::string body;  // encoded, CRLF line breaks; no trailing CRLF needed
};

// A text body goes out as 7bit only when nothing in it could be damaged in transit.
bool fits_7bit(std::string_view crlf_text) {
  std::size_t start = 0;
  while (start < crlf_text.size()) {
    std::size_t end = crlf_text.find("\r\n", start);
    if (end == std::string_view::npos) end = crlf_text.size();
    const std::string_view line = crlf_text.substr(start, end - start);
    if (line.size() > 76 || !is_printable_ascii(line) || (!line.empty() && is_wsp(line.back())) ||
        line.starts_with("From ")) {
      return false;
    }
    start = end + 2;
  }
  return true;
}

Part text_part(std::string_view subtype, std::string_view utf8, bool eight_bit) {
  std::string body = normalize_line_breaks(utf8);
  if (!body.empty() && !body.ends_with("\r\n")) body += "\r\n";
  Part p;
  p.headers = "Content-Type: text/" + std::string(subtype) + "; charset=utf-8\r\n";
  if (fits_7bit(body)) {
    p.headers += "Content-Transfer-Encoding: 7bit\r\n";
    p.body = std::move(body);
  } else if (eight_bit) {
    // RFC 6152: 8-bit lines are sent as they are, with BODY=8BITMIME on MAIL.
    p.headers += "Content-Transfer-Encoding: 8bit\r\n";
    p.body = std::move(body);
  } else {
    p.headers += "Content-Transfer-Encoding: quoted-printable\r\n";
    p.body = qp_encode(body, true);
  }
  return p;
}

bool valid_mime_type(std::string_view t) {
  const std::size_t slash = t.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == t.size()) return false;
  for (char c : t) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 ||
        std::string_view("()<>@,;:\\\"[]?=").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

Part attachment_part(const Attachment& a) {
  Part p;
  const std::string type =
      valid_mime_type(a.content_type) ? to_lower(a.content_type) : "application/octet-stream";
  p.headers = "Content-Type: " + type;
  if (!a.filename.empty()) p.headers += ";\r\n " + format_parameter("name", a.filename);
  p.headers += "\r\nContent-Disposition: attachment";
  if (!a.filename.empty()) p.headers += ";\r\n " + format_parameter("filename", a.filename);
  p.headers += "\r\nContent-Transfer-Encoding: base64\r\n";
  p.body = base64_encode(a.data, 76);
  return p;
}

std::string hex(std::uint64_t v) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 15]);
  return out;
}

// Joins parts into one multipart part; the boundary is chosen so that no body holds it.
Part multipart(std::string_view subtype, const std::vector<Part>& parts, std::uint64_t seed,
               int level) {
  std::string boundary;
  for (std::uint64_t attempt = 0;; ++attempt) {
    // "=_" can appear neither in base64 nor in quoted-printable output.
    boundary = "=_smtplab_" + hex(seed + attempt) + "_" + std::to_string(level);
    bool clash = false;
    for (const auto& p : parts) {
      if (p.body.find(boundary) != std::string::npos ||
          p.headers.find(boundary) != std::string::npos) {
        clash = true;
      }
    }
    if (!clash) break;
  }
  Part out;
  out.headers =
      "Content-Type: multipart/" + std::string(subtype) + ";\r\n boundary=\"" + boundary + "\"\r\n";
  out.body = "This is a multi-part message in MIME format.\r\n";
  for (const auto& p : parts) {
    out.body += "\r\n--" + boundary + "\r\n" + p.headers + "\r\n" + p.body;
  }
  out.body += "\r\n--" + boundary + "--\r\n";
  return out;
}

std::string domain_of(const std::optional<Address>& a) {
  if (a && !a->domain.empty() && a->domain.front() != '[') return a->domain;
  return "smtplab.invalid";
}

}  // namespace

std::string normalize_line_breaks(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string format_unstructured_field(std::string_view name, std::string_view utf8_value) {
  const std::string value = strip_line_breaks(utf8_value);
  bool ascii_safe = is_printable_ascii(value) && value.find("=?") == std::string::npos &&
                    trim(value).size() == value.size();
  // A word too long to fold would make a line longer than allowed: encode instead.
  std::size_t word = 0;
  for (char c : value) {
    word = is_wsp(c) ? 0 : word + 1;
    if (word > 70) ascii_safe = false;
  }
  if (ascii_safe) return fold_field(name, value);
  if (value.empty()) return std::string(name) + ": \r\n";
  return std::string(name) + ": " + encode_words(value, name.size() + 2) + "\r\n";
}

MessageBuilder& MessageBuilder::from(Address address) {
  from_ = std::move(address);
  return *this;
}
MessageBuilder& MessageBuilder::to(Address address) {
  to_.push_back(std::move(address));
  return *this;
}
MessageBuilder& MessageBuilder::cc(Address address) {
  cc_.push_back(std::move(address));
  return *this;
}
MessageBuilder& MessageBuilder::subject(std::string utf8) {
  subject_ = std::move(utf8);
  return *this;
}
MessageBuilder& MessageBuilder::date(DateTime when) {
  date_ = when;
  return *this;
}
MessageBuilder& MessageBuilder::message_id(std::string id) {
  message_id_ = std::move(id);
  return *this;
}
MessageBuilder& MessageBuilder::text(std::string utf8) {
  text_ = std::move(utf8);
  return *this;
}
MessageBuilder& MessageBuilder::html(std::string utf8) {
  html_ = std::move(utf8);
  return *this;
}
MessageBuilder& MessageBuilder::attach(Attachment attachment) {
  attachments_.push_back(std::move(attachment));
  return *this;
}
MessageBuilder& MessageBuilder::header(std::string name, std::string utf8_value) {
  extra_.emplace_back(std::move(name), std::move(utf8_value));
  return *this;
}
MessageBuilder& MessageBuilder::eight_bit_text(bool on) {
  eight_bit_ = on;
  return *this;
}

MessageBuilder& MessageBuilder::boundary_seed(std::uint64_t seed) {
  seed_ = seed;
  return *this;
}

std::string MessageBuilder::build() const {
  std::string out;
  const DateTime when =
      date_ ? *date_
            : DateTime::from_unix(std::chrono::duration_cast<std::chrono::seconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
  out += "Date: " + format_date(when) + "\r\n";
  if (from_) out += fold_field("From", format_address(*from_));
  if (!to_.empty()) out += fold_field("To", format_address_list(to_));
  if (!cc_.empty()) out += fold_field("Cc", format_address_list(cc_));
  out += format_unstructured_field("Subject", subject_);
  out += fold_field("Message-ID", message_id_.empty() ? generate_message_id(domain_of(from_))
                                                      : strip_line_breaks(message_id_));
  for (const auto& [name, value] : extra_) {
    // A field name is printable ASCII without ':' (RFC 5322 §3.6.8); anything else is dropped.
    bool ok = !name.empty();
    for (char c : name) ok = ok && c > 32 && c < 127 && c != ':';
    if (ok) out += format_unstructured_field(name, value);
  }
  out += "MIME-Version: 1.0\r\n";

  Part body = text_part("plain", text_, eight_bit_);
  if (html_)
    body = multipart("alternative", {body, text_part("html", *html_, eight_bit_)}, seed_, 1);
  if (!attachments_.empty()) {
    std::vector<Part> parts{body};
    for (const auto& a : attachments_) parts.push_back(attachment_part(a));
    body = multipart("mixed", parts, seed_, 0);
  }
  out += body.headers;
  out += "\r\n";
  out += body.body;
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

}  // namespace smtplab::message
