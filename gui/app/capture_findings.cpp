// What the capture analysis panel lists (see capture_findings.hpp).
#include "gui/app/capture_findings.hpp"

namespace smtplab::app {

std::vector<ListedMessage> listed_messages(const CaptureModel& model) {
  std::vector<ListedMessage> out;
  const auto& sessions = model.analysis.sessions;
  for (std::size_t s = 0; s < sessions.size(); ++s) {
    for (std::size_t m = 0; m < sessions[s].messages.size(); ++m) {
      out.push_back({static_cast<int>(s), static_cast<int>(m), &sessions[s].messages[m]});
    }
  }
  return out;
}

std::vector<ListedNote> listed_notes(const CaptureModel& model, bool with_chat) {
  std::vector<ListedNote> out;
  const auto keep = [&](const capture::Note& note, int session) {
    if (note.severity != capture::Severity::Chat || with_chat) out.push_back({session, &note});
  };
  for (const auto& note : model.analysis.notes) keep(note, -1);
  const auto& sessions = model.analysis.sessions;
  for (std::size_t s = 0; s < sessions.size(); ++s) {
    for (const auto& note : sessions[s].notes) keep(note, static_cast<int>(s));
  }
  return out;
}

Text severity_text(capture::Severity severity) {
  switch (severity) {
    case capture::Severity::Chat:
      return Text::SeverityChat;
    case capture::Severity::Note:
      return Text::SeverityNote;
    case capture::Severity::Warning:
      return Text::SeverityWarning;
    case capture::Severity::Error:
      return Text::SeverityError;
  }
  return Text::SeverityNote;
}

namespace {

capture::NoteLanguage note_language(Language language) {
  return language == Language::Fr ? capture::NoteLanguage::Fr : capture::NoteLanguage::En;
}

}  // namespace

std::string note_text(const capture::Note& note, Language language) {
  return capture::note_text(note, note_language(language));
}

std::string mime_note_text(const message::MimeNote& note, Language language) {
  return capture::mime_note_text(note, note_language(language));
}

}  // namespace smtplab::app
