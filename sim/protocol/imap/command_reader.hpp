// Assembles IMAP commands from the client's byte stream. A command is one line, unless a
// line ends with a literal announcement "{n}" (synchronising: the server must answer
// "+ ..." before the client sends the octets) or "{n+}" (non-synchronising, RFC 7888
// LITERAL+): then exactly n octets follow, read by count and not by line, and the command
// goes on with the next line. Limits are checked as the command arrives: a line over the
// limit is fatal (the rest of the stream cannot be framed with confidence), a literal over
// the limit is refused before its continuation request (synchronising) or read and dropped
// (non-synchronising). Pure: works on the shared LineFramer, never does I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/protocol/imap/imap_config.hpp"
#include "sim/protocol/imap/response_catalogue.hpp"
#include "sim/protocol/line_framer.hpp"

namespace smtplab::protocol::imap {

/// One complete command as received.
struct AssembledCommand {
  std::string wire;          ///< the octets as sent, without the final CRLF: lines joined by
                             ///< CRLF, literal octets in place (the argument parser reads it)
  std::string shown;         ///< the lines without the literals' octets ("A1 LOGIN {3} {6}")
  std::uint64_t offset = 0;  ///< stream offset of the command's first octet
  std::uint64_t length = 0;  ///< octets on the wire, final CRLF included
  std::size_t literals = 0;  ///< how many literals it carried
  bool has_nul = false;      ///< a NUL octet in a line (literals may carry any octet)
  std::optional<ResponseId> refusal;  ///< set when a limit refused it: answer this, run nothing
  std::string refusal_argument;       ///< the limit, for the refusal's text
};

class CommandReader {
 public:
  /// What next() found.
  enum class Step {
    NeedMore,         ///< nothing complete yet: wait for more bytes
    Complete,         ///< a command is complete: take() it
    LiteralContinue,  ///< a synchronising literal was announced: send "+ Ready", then go on
    LiteralRefused,   ///< a synchronising literal over the limit: answer take()'s refusal
                      ///< now (the client will not send the octets); the command is dropped
    LineTooLong,      ///< a line over max_line: the stream cannot be trusted, close
  };

  explicit CommandReader(const ImapConfig& config) : config_(config) {}

  /// Reads from `framer` until a command is complete or something needs an answer.
  Step next(LineFramer& framer);
  /// The command just completed (or refused); the reader starts a new one.
  AssembledCommand take();
  /// True in the middle of a command (some lines or literal octets read).
  bool in_command() const { return started_; }
  /// The first word of the command being read (its tag), as far as it is known.
  std::string tag() const;

 private:
  const ImapConfig& config_;
  AssembledCommand current_;
  bool started_ = false;
  std::uint64_t literal_remaining_ = 0;  // octets of the current literal still to read
  bool discarding_ = false;              // a refused non-synchronising literal: drop octets
  bool shown_truncated_ = false;         // `shown` reached max_line and ends with "..."
};

/// The literal announced at the end of a line: its size and whether it is
/// non-synchronising ("{n+}"), nullopt when the line does not end with one.
struct LiteralAnnouncement {
  std::uint64_t size = 0;
  bool non_synchronising = false;
};
std::optional<LiteralAnnouncement> literal_at_end(std::string_view line);

/// True when a command's first line ("tag APPEND ...") is an APPEND, whose message literal
/// has the limits of a message (ImapConfig::max_message), not of an argument.
bool is_append(std::string_view shown);

}  // namespace smtplab::protocol::imap
