// What the capture analysis panel lists, without ImGui: the messages rebuilt from every
// session and the analyser's notes, in the order the panel, the UI script and the state
// dump all use (capture-wide notes first, then each session's in frame order), and a note's
// text in the window's language.
#pragma once

#include <string>
#include <vector>

#include "capture/notes.hpp"
#include "capture/smtp_session.hpp"
#include "gui/app/capture_model.hpp"
#include "gui/app/ui_text.hpp"

namespace smtplab::app {

struct ListedMessage {
  int session = 0;  ///< 0-based
  int index = 0;    ///< 0-based within the session
  const capture::SmtpMessage* message = nullptr;
};

struct ListedNote {
  int session = -1;  ///< 0-based, -1 for a capture-wide note
  const capture::Note* note = nullptr;
};

std::vector<ListedMessage> listed_messages(const CaptureModel& model);
/// Ordinary events (Severity::Chat) only when `with_chat`.
std::vector<ListedNote> listed_notes(const CaptureModel& model, bool with_chat);

/// The name of a severity in the window ("avertissement", "warning").
Text severity_text(capture::Severity severity);

/// A note's text in the window's language (the analyser's `text` is English).
std::string note_text(const capture::Note& note, Language language);

/// A header or MIME anomaly of a message (the message view's MIME tree) in the window's
/// language.
std::string mime_note_text(const message::MimeNote& note, Language language);

}  // namespace smtplab::app
