// libFuzzer harness for sim/message: parses the input as a message, walks the MIME tree,
// decodes every part (transfer encoding, charset, parameters, encoded words) and every
// structured header the lab reads (addresses, dates, Received), and checks invariants
// the GUI relies on (byte ranges inside the input, offsets of fields, valid UTF-8).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sim/message/message.hpp"

namespace {

using namespace smtplab::message;

void check(bool condition) {
  if (!condition) std::abort();
}

void check_utf8(const std::string& s) {
  // Every decoding function promises valid UTF-8 out.
  check(to_utf8(s, Charset::Utf8) == s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const MimePart root = parse_message(raw);
  for (const MimePart* part : walk(root)) {
    check(part->begin <= part->body_begin && part->body_begin <= part->body_end &&
          part->body_end <= part->end && part->end <= size);
    for (const HeaderField& f : part->headers().fields) {
      check(f.offset + f.length <= size);
      check(raw.substr(f.offset, f.name.size()) == f.name);
      (void)decode_header_text(f.raw_value);
    }
    if (part->is_leaf()) {
      check_utf8(text_content(*part));
      (void)qp_decode(part->body);
      (void)base64_decode(part->body);
    }
    check_utf8(part->filename);
    for (const auto& [name, value] : part->content_type.params) check_utf8(value);
  }
  check_utf8(decoded_subject(root));
  for (const char* name : {"From", "To", "Cc", "Reply-To"}) {
    if (const HeaderField* f = root.headers().find(name)) {
      for (const Address& a : parse_address_list(f->value).addresses) {
        check_utf8(a.display_name);
        (void)format_address(a);
      }
    }
  }
  if (auto date = root.headers().get("Date")) {
    if (auto d = parse_date(*date)) check(parse_date(format_date(*d)) == d);
  }
  for (const HeaderField* f : root.headers().find_all("Received")) (void)parse_received(f->value);
  // The raw input as header text and as an encoded-word run, too.
  check_utf8(decode_encoded_words(raw.substr(0, 4096)));
  (void)parse_parameterized(raw.substr(0, 4096));
  // Round trips that must hold for any octets.
  const std::string_view sample = raw.substr(0, 2048);
  check(base64_decode(base64_encode(sample)) == sample);
  check(qp_decode(qp_encode(sample, false)) == sample);
  const std::string utf8 = to_utf8(sample, Charset::Utf8);
  check(decode_encoded_words(encode_words(utf8, 9)) == utf8);
  return 0;
}
