// Header section splitting, field lookup and folding.
#include "sim/message/header.hpp"

#include "sim/message/ascii.hpp"

namespace smtplab::message {
namespace {

// One physical line of the input.
struct RawLine {
  std::string_view text;   // without its line break
  std::size_t offset = 0;  // offset of its first octet in the input
  std::size_t length = 0;  // octets including the line break
};

RawLine line_at(std::string_view raw, std::size_t pos) {
  RawLine line;
  line.offset = pos;
  const std::size_t lf = raw.find('\n', pos);
  if (lf == std::string_view::npos) {
    line.text = raw.substr(pos);
    line.length = raw.size() - pos;
  } else {
    std::size_t end = lf;
    if (end > pos && raw[end - 1] == '\r') --end;
    line.text = raw.substr(pos, end - pos);
    line.length = lf + 1 - pos;
  }
  return line;
}

// A header line starts with a field name (printable ASCII except ':', RFC 5322 §3.6.8)
// followed by ':'. Returns the position of that colon, or npos.
std::size_t field_colon(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == ':') return i;
    if (c < 33 || c > 126) return std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace

const HeaderField* Headers::find(std::string_view name) const {
  for (const auto& f : fields) {
    if (iequals(f.name, name)) return &f;
  }
  return nullptr;
}

std::vector<const HeaderField*> Headers::find_all(std::string_view name) const {
  std::vector<const HeaderField*> out;
  for (const auto& f : fields) {
    if (iequals(f.name, name)) out.push_back(&f);
  }
  return out;
}

std::optional<std::string> Headers::get(std::string_view name) const {
  const HeaderField* f = find(name);
  if (f == nullptr) return std::nullopt;
  return f->value;
}

std::string unfold(std::string_view raw_value) {
  std::string out;
  out.reserve(raw_value.size());
  for (char c : raw_value) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  // Trimmed in place: one allocation per field, not two.
  const std::string_view trimmed = trim(out);
  const auto lead = static_cast<std::size_t>(trimmed.data() - out.data());
  out.resize(lead + trimmed.size());
  out.erase(0, lead);
  return out;
}

HeaderBlock parse_header_block(std::string_view raw, std::size_t base) {
  HeaderBlock block;
  std::size_t pos = 0;
  bool first = true;
  HeaderField* current = nullptr;
  std::size_t value_begin = 0;  // offset in `raw` just past the current field's colon
  std::size_t value_end = 0;    // offset in `raw` of the end of its last line's text
  auto finish_current = [&] {
    if (current == nullptr) return;
    current->raw_value = std::string(raw.substr(value_begin, value_end - value_begin));
    current->value = unfold(current->raw_value);
    current = nullptr;
  };
  while (pos < raw.size()) {
    const RawLine line = line_at(raw, pos);
    if (line.text.empty() && line.length > 0 && raw[pos + line.length - 1] == '\n') {
      block.end = HeaderEnd::EmptyLine;
      block.header_end = base + pos;
      block.body_offset = base + pos + line.length;
      finish_current();
      return block;
    }
    if (!line.text.empty() && is_wsp(line.text.front())) {
      if (current != nullptr) {
        // Continuation: raw_value keeps the folding line break, value drops it.
        current->length += line.length;
        value_end = line.offset + line.text.size();
      } else {
        block.notes.push_back({MimeAnomaly::HeaderStartsWithContinuation, {}});
      }
      pos += line.length;
      first = false;
      continue;
    }
    if (first && line.text.substr(0, 5) == "From ") {
      block.notes.push_back({MimeAnomaly::MboxFromLine, {}});
      pos += line.length;
      first = false;
      continue;
    }
    const std::size_t colon = field_colon(line.text);
    if (colon == std::string_view::npos || colon == 0) {
      // Not a header field: the body starts here, without the empty line.
      finish_current();
      block.end = HeaderEnd::NonHeaderLine;
      block.header_end = base + pos;
      block.body_offset = base + pos;
      block.notes.push_back({MimeAnomaly::NoEmptyLineBeforeBody, {std::to_string(base + pos)}});
      return block;
    }
    finish_current();
    HeaderField field;
    field.name = std::string(line.text.substr(0, colon));
    value_begin = pos + colon + 1;
    value_end = pos + line.text.size();
    field.offset = base + pos;
    field.length = line.length;
    block.headers.fields.push_back(std::move(field));
    current = &block.headers.fields.back();
    pos += line.length;
    first = false;
  }
  finish_current();
  block.end = HeaderEnd::EndOfInput;
  block.header_end = base + raw.size();
  block.body_offset = base + raw.size();
  return block;
}

std::string fold_field(std::string_view name, std::string_view value) {
  const std::string clean = strip_line_breaks(value);
  std::string out(name);
  out += ":";
  std::size_t column = out.size();
  std::size_t i = 0;
  const std::string_view v = clean;
  bool first_word = true;
  while (i < v.size()) {
    // Each word keeps the whitespace that precedes it, so unfolding restores the value.
    std::size_t start = i;
    while (i < v.size() && is_wsp(v[i])) ++i;
    while (i < v.size() && !is_wsp(v[i])) ++i;
    std::string_view word = v.substr(start, i - start);
    if (first_word) {
      if (word.empty() || !is_wsp(word.front())) out += ' ', ++column;
      first_word = false;
    } else if (column + word.size() > 78 && !trim(word).empty() && is_wsp(word.front())) {
      out += "\r\n";
      column = 0;
    }
    out += word;
    column += word.size();
  }
  if (first_word) out += ' ';
  out += "\r\n";
  return out;
}

}  // namespace smtplab::message
