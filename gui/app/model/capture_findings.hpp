// What the capture analysis panel lists, without ImGui: the messages rebuilt from every
// session and the analyser's notes, in the order the panel, the UI script and the state
// dump all use (capture-wide notes first, then each session's in frame order), a note's
// text in the window's language, and the panel's rows rendered once per capture, language
// and filter (AnalysisListing) so that drawing a frame formats nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/notes.hpp"
#include "capture/smtp_session.hpp"
#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/ui_text.hpp"

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

/// A message row of the analysis panel, its words ready to draw.
struct RenderedMessage {
  ListedMessage listed;
  std::string id;          ///< the row's selectable: "1.2##msg-0" (session.message, row)
  std::string from;        ///< MAIL FROM address
  std::string recipients;  ///< RCPT TO addresses, ", " between them
  std::string octets;      ///< the message's size in octets
};

/// A note row of the analysis panel, its words ready to draw.
struct RenderedNote {
  ListedNote listed;
  std::string id;       ///< the row's selectable: "12##note-0" (frame, row)
  std::string session;  ///< "2" (1-based), empty for a capture-wide note
  std::string text;     ///< note_text() in the listing's language
};

/// The analysis panel's rows for one capture model, language and chat filter. The rows point
/// into the model: draw them only while is_for() the model the window shows.
class AnalysisListing {
 public:
  /// True when the rows were built for `model` (the same object, not an equal one),
  /// `language` and `with_chat`.
  bool is_for(const std::shared_ptr<const CaptureModel>& model, Language language,
              bool with_chat) const;
  /// Lists and renders every row again.
  void build(const std::shared_ptr<const CaptureModel>& model, Language language, bool with_chat);
  /// Builds unless is_for() already; returns true when it built.
  bool update(const std::shared_ptr<const CaptureModel>& model, Language language, bool with_chat);

  const std::vector<RenderedMessage>& messages() const { return messages_; }
  const std::vector<RenderedNote>& notes() const { return notes_; }
  /// How many times the rows were built (tests: a frame with nothing new builds nothing).
  std::uint64_t builds() const { return builds_; }

 private:
  std::weak_ptr<const CaptureModel> model_;  // weak: the listing never keeps a capture alive
  Language language_ = Language::En;
  bool with_chat_ = false;
  bool built_ = false;
  std::uint64_t builds_ = 0;
  std::vector<RenderedMessage> messages_;
  std::vector<RenderedNote> notes_;
};

/// A header or MIME anomaly of a message (the message view's MIME tree) in the window's
/// language.
std::string mime_note_text(const message::MimeNote& note, Language language);

}  // namespace smtplab::app
