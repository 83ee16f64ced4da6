// Renders a capture analysis for `smtplab analyze`: the JSON document whose keys are a
// contract for graders and scripts, the human-readable text, and .eml extraction. The GUI
// reuses the same functions.
//
// JSON: {"file", "packets", "sessions": [{"client": "ip:port", "server": "ip:port",
//   "protocol": "smtp"|"pop3"|"imap", "first_frame", "tls",
//   "dialogue": [{"dir":"C","frame","verb","arg"} |
//   {"dir":"C","frame","verb":null,"arg","auth":true} |
//   {"dir":"S","frame","code","enhanced","lines":[...]}],
//   "messages": [{"mail_from","rcpt_to":[...],"final_code","bytes","sha256","subject",
//   "attachments":[{"filename","content_type","bytes","sha256"}]}],
//   "notes": [{"severity","frame","id","text"}]}]}
// plus extra keys that never replace these (link_type, notes of the capture, times...).
// POP3 and IMAP sessions have the same shape; their server lines are
// {"dir":"S","frame","status","lines":[as sent, IMAP after the tag], "tag", "answers"
// (IMAP: the command an untagged or "+" line belongs to), "literals":[octets after each
// line]} (no "code"), their commands may carry a "tag", a POP3 PASS or IMAP LOGIN password
// in "arg" is masked as the credentials are, and retrieved messages have "via" RETR, TOP
// or FETCH with an empty envelope.
// A note's "id" is its stable name in the note catalogue ("bare_lf_in_data"); its "text" is
// the catalogue's English text with the note's values.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "capture/capture_analyzer.hpp"
#include "capture/note_catalogue.hpp"

namespace smtplab::capture {

class SegmentLog;

/// What the renderers may show.
struct ReportOptions {
  bool show_secrets = false;  ///< print decoded AUTH passwords (default: masked)
  /// Language of the text report's words and notes (default English); the JSON is always
  /// English.
  NoteLanguage language = NoteLanguage::En;
  /// When set (`analyze --frames`), the text report lists each session's TCP segments
  /// from this log, found by the session's endpoints (default: not listed).
  const SegmentLog* segments = nullptr;
};

/// The JSON document (see the header comment for the contract keys).
nlohmann::json analysis_to_json(const CaptureAnalysis& analysis, const ReportOptions& options);

/// One session's object of the "sessions" array.
nlohmann::json session_to_json(const SmtpSession& session, const ReportOptions& options);

/// Writes the same document as analysis_to_json to `out`, one session at a time (compact,
/// one session per line), so a large capture's JSON is never held whole in memory.
void write_analysis_json(const CaptureAnalysis& analysis, const ReportOptions& options,
                         std::FILE* out);

/// The text report, in ReportOptions::language: the capture line and its notes, then per
/// session endpoints, times, TCP segments (with ReportOptions::segments), dialogue (C:/S:
/// with frames), messages, credentials, TLS records and notes. What the capture holds
/// (commands, replies, addresses, note values) is shown as it was captured.
std::string analysis_to_text(const CaptureAnalysis& analysis, const ReportOptions& options);

/// Appends the text report's capture line ("FILE: N packets, LINK, K SMTP session(s)") and
/// the capture-wide notes to `out`; `sessions` is the number of SMTP sessions.
void append_capture_text(std::string& out, const CaptureAnalysis& analysis, std::size_t sessions,
                         const ReportOptions& options);

/// Appends one session's block of the text report ("Session N: ...") to `out`.
void append_session_text(std::string& out, std::size_t number, const SmtpSession& session,
                         const ReportOptions& options);

namespace detail {
class JsonOut;
}

/// The document of write_analysis_json written while the capture is read: the sessions as
/// they come (give them in order of first frame), then the capture-wide fields. The keys
/// of the document are the same; only their order in the text differs.
class AnalysisJsonWriter {
 public:
  AnalysisJsonWriter(std::FILE* out, const ReportOptions& options, const std::string& file);
  ~AnalysisJsonWriter();
  AnalysisJsonWriter(const AnalysisJsonWriter&) = delete;
  AnalysisJsonWriter& operator=(const AnalysisJsonWriter&) = delete;
  /// Writes the next session of the "sessions" array.
  void session(const SmtpSession& session);
  /// Ends the document with "packets", "link_type" and the capture's notes (its sessions
  /// are not read: they were given one by one).
  void finish(const CaptureAnalysis& analysis);

 private:
  std::unique_ptr<detail::JsonOut> out_;
  ReportOptions options_;
  bool finished_ = false;
};

/// Writes every message as DIR/<session>-<message>.eml and each attachment as
/// DIR/<session>-<message>-<n>-<filename> (1-based; the filename made safe by
/// safe_file_name()). Returns the number of files written: -1 when DIR cannot be created;
/// a file that cannot be written adds a line to `error` ("path: cannot write", escaped for
/// a terminal) and the others are still written.
int extract_messages(const CaptureAnalysis& analysis, const std::filesystem::path& dir,
                     std::string& error);

/// The same for one session, numbered `number` (1-based), into an existing DIR (never -1).
int extract_session_messages(const SmtpSession& session, std::size_t number,
                             const std::filesystem::path& dir, std::string& error);

}  // namespace smtplab::capture
