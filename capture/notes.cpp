// Notes made from the catalogue and said in a language.
#include "capture/notes.hpp"

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

std::string note_text(const Note& note, NoteLanguage language) {
  if (language == NoteLanguage::En) return note.text;
  return fill_note_template(note_template(note.id, language), note.args);
}

}  // namespace smtplab::capture
