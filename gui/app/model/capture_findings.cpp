// What the capture analysis panel lists (see capture_findings.hpp).
#include "gui/app/model/capture_findings.hpp"

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

bool AnalysisListing::is_for(const std::shared_ptr<const CaptureModel>& model, Language language,
                             bool with_chat) const {
  // Same owner, compared without touching reference counts: the weak pointer keeps the old
  // model's control block, so a new model cannot take its place unnoticed.
  const bool same_model = !model_.owner_before(model) && !model.owner_before(model_);
  return built_ && model != nullptr && same_model && language == language_ &&
         with_chat == with_chat_;
}

void AnalysisListing::build(const std::shared_ptr<const CaptureModel>& model, Language language,
                            bool with_chat) {
  model_ = model;
  language_ = language;
  with_chat_ = with_chat;
  built_ = true;
  ++builds_;
  messages_.clear();
  notes_.clear();
  if (!model) return;
  for (const ListedMessage& listed : listed_messages(*model)) {
    RenderedMessage row;
    row.listed = listed;
    row.id = std::to_string(listed.session + 1) + "." + std::to_string(listed.index + 1) +
             "##msg-" + std::to_string(messages_.size());
    row.from = capture::path_address(listed.message->mail_from);
    for (const auto& rcpt : listed.message->rcpt_to) {
      row.recipients += (row.recipients.empty() ? "" : ", ") + capture::path_address(rcpt);
    }
    row.octets = std::to_string(listed.message->content.size());
    messages_.push_back(std::move(row));
  }
  for (const ListedNote& listed : listed_notes(*model, with_chat)) {
    RenderedNote row;
    row.listed = listed;
    row.id = std::to_string(listed.note->frame) + "##note-" + std::to_string(notes_.size());
    if (listed.session >= 0) row.session = std::to_string(listed.session + 1);
    row.text = note_text(*listed.note, language);
    notes_.push_back(std::move(row));
  }
}

bool AnalysisListing::update(const std::shared_ptr<const CaptureModel>& model, Language language,
                             bool with_chat) {
  if (is_for(model, language, with_chat)) return false;
  build(model, language, with_chat);
  return true;
}

}  // namespace smtplab::app
