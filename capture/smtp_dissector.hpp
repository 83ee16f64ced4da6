// SMTP over reassembled TCP streams. Client lines go through sim/protocol's command parser,
// server lines through its ReplyParser: one SMTP parser for live and captured traffic.
// Replies are matched to commands in order (pipelined batches included); DATA content is
// taken only after a 354 (never after a 503), dot-unstuffed; BDAT chunks by byte count;
// AUTH PLAIN/LOGIN decoded; after a 220 to STARTTLS (or on an implicit-TLS stream) only TLS
// record headers are recognised.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/mail_dissector.hpp"
#include "capture/smtp_session.hpp"
#include "capture/stream_dissector.hpp"
#include "capture/tls_records.hpp"
#include "sim/protocol/command.hpp"
#include "sim/protocol/line_framer.hpp"
#include "sim/protocol/reply.hpp"

namespace smtplab::capture {

/// Ports that select the SMTP dissector outright (465 carries implicit TLS).
inline constexpr std::uint16_t kSmtpPorts[] = {25, 465, 587, 2525};

/// True when a server's first bytes look like an SMTP greeting ("220 " or "220-").
bool looks_like_smtp_greeting(std::string_view first_bytes);

class SmtpDissector final : public MailDissector {
 public:
  /// Longest line kept whole; longer ones are reported and the message marked incomplete.
  static constexpr std::size_t kMaxLine = 1 << 20;

  explicit SmtpDissector(const StreamContext& context);

  void on_bytes(Side side, std::uint64_t offset, std::string_view bytes) override;
  void on_gap(Side side, std::uint64_t offset, std::uint64_t length, std::uint64_t frame) override;
  void on_end(std::uint64_t frame) override;

  /// The session rebuilt so far (complete after on_end).
  const SmtpSession& session() const { return session_; }
  SmtpSession& session() override { return session_; }

 private:
  /// Which part of a command a server reply will answer.
  enum class Answer {
    Command,      ///< the command line itself
    MessageEnd,   ///< the message after DATA's 354 (its final reply)
    LastChunk,    ///< a BDAT ... LAST chunk (the message's final reply)
    SaslLine,     ///< a SASL response line inside AUTH
    InvalidBdat,  ///< a BDAT with a size but bad arguments: the reply says if a chunk follows
  };
  /// A reply the client waits for, in the order it sent what it answers.
  struct Pending {
    protocol::Verb verb = protocol::Verb::Unknown;  ///< Unknown: nothing to learn from it
    Answer answer = Answer::Command;
    std::size_t entry = 0;  // the command's line in session_.dialogue (its argument)
  };
  /// What the client's next bytes are.
  enum class ClientPhase {
    Command,   ///< command lines
    AuthLine,  ///< one SASL response line (after a 334)
    Data,      ///< message lines after a 354, until CRLF.CRLF
    Bdat,      ///< exactly bdat_remaining_ raw bytes
  };
  /// How one side's bytes are read.
  enum class Mode {
    Unknown,  ///< nothing received yet (first bytes tell clear SMTP from TLS)
    Smtp,     ///< SMTP lines
    Tls,      ///< TLS records only
  };

  void process_client();
  void process_server();
  void handle_command(const protocol::LineView& line, std::uint64_t offset);
  void handle_auth_line(const protocol::LineView& line, std::uint64_t offset);
  void handle_data_line(const protocol::LineView& line, std::uint64_t offset);
  void on_reply(const protocol::Reply& reply, std::size_t entry);
  void switch_to_tls(Side side);
  void feed_tls(Side side, std::uint64_t offset, std::string_view bytes);
  /// A message starts, begun by the command at dialogue `entry` (DATA, first BDAT).
  void start_message(const char* via, std::uint64_t frame, std::size_t entry);
  /// A BDAT message begun before the command at dialogue `entry` (MAIL, RSET, EHLO) that
  /// ends its transaction is kept, incomplete.
  void abandon_message_before(std::size_t entry, std::uint64_t frame);
  /// Notes a refused MAIL or RCPT that names relaying or asks for AUTH first.
  void note_refusal(const protocol::Reply& reply, const char* verb, const std::string& argument,
                    std::uint64_t frame);
  /// MAIL accepted, a recipient accepted, or a message begun.
  bool transaction_open() const;
  void finish_message(int code, std::uint64_t frame);
  void reset_transaction();
  void decode_auth(std::string_view response, std::uint64_t frame);
  void note(NoteId id, std::uint64_t frame, std::vector<std::string> args = {});
  /// Notes about the header and MIME anomalies of the message that ended at `frame`.
  void note_mime_anomalies(const std::vector<message::MimeNote>& anomalies, std::uint64_t frame);
  std::size_t pending_count() const { return pending_.size() - pending_front_; }
  void expect_reply(protocol::Verb verb, Answer answer = Answer::Command) {
    pending_.push_back(Pending{verb, answer, session_.dialogue.size() - 1});
  }
  std::uint64_t frame_at(Side side, std::uint64_t offset) const {
    return context_.frame_at(side, offset);
  }
  protocol::LineFramer& framer(Side side) { return framers_[static_cast<int>(side)]; }
  std::uint64_t& base(Side side) { return framer_base_[static_cast<int>(side)]; }

  const StreamContext& context_;
  SmtpSession session_;
  protocol::LineFramer framers_[2] = {protocol::LineFramer(kMaxLine),
                                      protocol::LineFramer(kMaxLine)};
  std::uint64_t framer_base_[2] = {0, 0};  // stream offset of framer offset 0 (moves on gaps)
  Mode mode_[2] = {Mode::Unknown, Mode::Unknown};
  TlsRecordScanner tls_[2];
  protocol::ReplyParser reply_parser_;
  std::vector<std::size_t> reply_raw_sizes_;  // of the reply's lines so far, as sent
  std::uint64_t reply_offset_ = 0;
  // Commands waiting for their reply, oldest at pending_front_: a vector used as a queue
  // (a std::deque allocates a 512-byte block in every session).
  std::vector<Pending> pending_;
  std::size_t pending_front_ = 0;
  ClientPhase phase_ = ClientPhase::Command;
  bool blocked_ = false;  // the client's next bytes depend on a reply not seen yet
  bool greeting_seen_ = false;
  bool pipelining_ = false;        // the server announced PIPELINING
  bool ehlo_answered_ = false;     // a 250 answered EHLO (its keywords are known)
  bool starttls_offered_ = false;  // that 250 listed STARTTLS
  bool clear_after_tls_noted_ = false;
  // Transaction and message in progress.
  std::string mail_from_;
  std::vector<std::string> rcpt_to_;
  std::unique_ptr<SmtpMessage> message_;
  std::uint64_t data_wire_bytes_ = 0;
  bool previous_line_crlf_ = true;  // the last data line ended with CRLF
  bool data_warned_bare_lf_ = false;
  bool data_warned_bare_cr_ = false;
  bool data_warned_long_ = false;
  std::size_t message_entry_ = 0;  // dialogue line of the command that began message_
  bool message_end_seen_ = false;  // CRLF.CRLF, or every byte of the LAST chunk, was read
  bool bdat_last_ = false;         // the chunk being read is the LAST one
  std::uint64_t bdat_remaining_ = 0;
  int bdat_failure_ = 0;  // first failing reply code among the message's chunks
  // SASL in progress.
  std::string auth_mechanism_;
  int auth_step_ = 0;
  std::string auth_user_;
};

}  // namespace smtplab::capture
