// What the POP3 and IMAP dissectors share: the session's identity from the connection, one
// line framer per side over borrowed segment bytes, the switch to TLS records (implicit TLS
// from the first byte, or after STLS/STARTTLS), SASL PLAIN/LOGIN decoding, retrieved
// messages finished as SMTP's are (SHA-256, subject, attachments, MIME notes), and notes.
// The protocol-specific part is process_server()/process_client() and the gap handlers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/mail_dissector.hpp"
#include "capture/note_catalogue.hpp"
#include "capture/tls_records.hpp"
#include "sim/protocol/line_framer.hpp"

namespace smtplab::capture {

/// SASL PLAIN and LOGIN responses decoded into credentials (POP3 AUTH, IMAP AUTHENTICATE).
class SaslReader {
 public:
  /// A new exchange with `mechanism` (any case).
  void start(std::string_view mechanism);
  /// The mechanism in upper case ("" before start()).
  const std::string& mechanism() const { return mechanism_; }
  /// One client response (base64); credentials when this response completes them.
  std::optional<ExposedCredentials> feed(std::string_view response, std::uint64_t frame);

 private:
  std::string mechanism_;
  int step_ = 0;
  std::string user_;
};

class MailStreamDissector : public MailDissector {
 public:
  /// Longest line kept whole; longer ones keep their start.
  static constexpr std::size_t kMaxLine = 1 << 20;

  MailStreamDissector(const StreamContext& context, MailProtocol protocol);

  void on_bytes(Side side, std::uint64_t offset, std::string_view bytes) final;
  void on_gap(Side side, std::uint64_t offset, std::uint64_t length, std::uint64_t frame) final;

  SmtpSession& session() final { return session_; }
  const SmtpSession& session() const { return session_; }

 protected:
  /// How one side's bytes are read.
  enum class Mode {
    Unknown,  ///< nothing received yet (first bytes tell clear text from TLS)
    Text,     ///< protocol lines
    Tls,      ///< TLS records only
  };

  /// Reads what the server's framer holds.
  virtual void process_server() = 0;
  /// Reads what the client's framer holds (called after every segment, either side).
  virtual void process_client() = 0;
  /// `length` bytes of clear text are missing on `side` (framing restarts after them).
  virtual void on_text_gap(Side side, std::uint64_t length, std::uint64_t frame) = 0;

  /// From now on `side` carries TLS records (bytes framed but not read go to TLS).
  void switch_to_tls(Side side);
  /// A dialogue line of `kind` on `side`, covering [offset, offset + length).
  DialogueEntry make_entry(DialogueEntry::Kind kind, Side side, std::uint64_t offset,
                           std::uint64_t length) const;
  /// Appends `entry` with its detail; returns its index.
  std::size_t add_entry(DialogueEntry entry, MailLineDetail detail);
  /// Completes a retrieved message (SHA-256, subject, attachments, MIME notes) and keeps it.
  void keep_message(SmtpMessage message);
  /// Credentials seen in clear, with their note.
  void keep_credentials(ExposedCredentials credentials);
  void note(NoteId id, std::uint64_t frame, std::vector<std::string> args = {});
  /// Puts the dialogue in frame order (at the end).
  void sort_dialogue();
  /// "POP3" or "IMAP", for notes.
  std::string label() const { return std::string(mail_protocol_label(session_.protocol)); }

  Mode mode(Side side) const { return mode_[static_cast<int>(side)]; }
  protocol::LineFramer& framer(Side side) { return framers_[static_cast<int>(side)]; }
  std::uint64_t base(Side side) const { return framer_base_[static_cast<int>(side)]; }
  std::uint64_t frame_at(Side side, std::uint64_t offset) const {
    return context_.frame_at(side, offset);
  }

  const StreamContext& context_;
  SmtpSession session_;

 private:
  void feed_tls(Side side, std::uint64_t offset, std::string_view bytes);

  protocol::LineFramer framers_[2] = {protocol::LineFramer(kMaxLine),
                                      protocol::LineFramer(kMaxLine)};
  std::uint64_t framer_base_[2] = {0, 0};  // stream offset of framer offset 0 (moves on gaps)
  Mode mode_[2] = {Mode::Unknown, Mode::Unknown};
  TlsRecordScanner tls_[2];
};

}  // namespace smtplab::capture
