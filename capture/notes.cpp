// Notes made from the catalogue and said in a language.
#include "capture/notes.hpp"

#include <string_view>
#include <utility>

namespace smtplab::capture {

Note make_note(NoteId id, std::uint64_t frame, std::vector<std::string> args) {
  Note note;
  note.severity = note_spec(id).severity;
  note.frame = frame;
  note.text = fill_note_template(note_template(id, NoteLanguage::En), args);
  note.id = id;
  note.args = std::move(args);
  return note;
}

std::string printable_note_value(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 80)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7F) ? c : '.';
  }
  return out;
}

Note make_mime_note(const message::MimeNote& anomaly, std::uint64_t frame) {
  std::vector<std::string> args;
  args.reserve(anomaly.values.size());
  for (const std::string& value : anomaly.values) {
    args.push_back(printable_note_value(value));
  }
  return make_note(mime_note_id(anomaly.anomaly), frame, std::move(args));
}

std::string mime_note_text(const message::MimeNote& anomaly, NoteLanguage language) {
  return fill_note_template(note_template(mime_note_id(anomaly.anomaly), language), anomaly.values);
}

std::string note_text(const Note& note, NoteLanguage language) {
  if (language == NoteLanguage::En) return note.text;
  return fill_note_template(note_template(note.id, language), note.args);
}

}  // namespace smtplab::capture
