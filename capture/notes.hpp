// Expert notes: anomalies found while decoding, reassembling or dissecting. They are data
// (shown to the analyst, kept in the JSON), never exceptions (Zeek calls them "weirds").
// A note names its kind in the catalogue (capture/note_catalogue.hpp) and carries the values
// of its placeholders, so it can be said in English (its `text`) or in French.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/note_catalogue.hpp"

namespace smtplab::capture {

/// One expert note.
struct Note {
  Severity severity = Severity::Note;
  std::uint64_t frame = 0;        ///< frame the note is about (0: the capture as a whole)
  std::string text;               ///< what happened and why it matters, in English
  NoteId id{};                    ///< its row in the note catalogue
  std::vector<std::string> args;  ///< the values of the row's placeholders, {1} first
};

/// A note of kind `id` about `frame`: the catalogue's severity, the English text rendered.
Note make_note(NoteId id, std::uint64_t frame, std::vector<std::string> args = {});

/// The text of a note in `language`.
std::string note_text(const Note& note, NoteLanguage language);

/// Captured bytes as a note shows them: the first 80, anything but printable ASCII as '.'.
std::string printable_note_value(std::string_view bytes);

/// A note about `frame` for a header or MIME anomaly of a captured message; its values are
/// made printable (the message is untrusted).
Note make_mime_note(const message::MimeNote& anomaly, std::uint64_t frame);

/// A header or MIME anomaly said in `language`, with its values as they are (the message
/// view of the window).
std::string mime_note_text(const message::MimeNote& anomaly, NoteLanguage language);

}  // namespace smtplab::capture
