// Expert notes: anomalies found while decoding, reassembling or dissecting. They are data
// (shown to the analyst, kept in the JSON), never exceptions (Zeek calls them "weirds").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smtplab::capture {

/// How much a note matters, in Wireshark's expert-info scale.
enum class Severity {
  Chat,     ///< normal protocol event worth pointing at (STARTTLS, greeting)
  Note,     ///< unusual but harmless (retransmission, pipelining)
  Warning,  ///< likely a problem or a risk (5xx reply, cleartext AUTH, bare LF)
  Error,    ///< broken data (gap, truncated frame, session cut mid-DATA)
};

/// Lower-case name of a severity ("chat", "note", "warning", "error").
std::string_view severity_name(Severity severity);

/// One expert note.
struct Note {
  Severity severity = Severity::Note;
  std::uint64_t frame = 0;  ///< frame the note is about (0: the capture as a whole)
  std::string text;         ///< what happened and why it matters
};

}  // namespace smtplab::capture
