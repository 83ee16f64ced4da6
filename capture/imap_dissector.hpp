// IMAP over reassembled TCP streams (RFC 3501 / 9051). Client commands are assembled by
// sim/protocol/imap's CommandReader (lines and literals read by count, "{n}" waiting for the
// server's "+" continuation, "{n+}" not) and named by its command table; server responses
// are read line by line with their literals by count. Tagged responses are matched to their
// commands by tag, untagged ones attached to the oldest command waiting. FETCH literals of
// BODY[] / BODY.PEEK[] / RFC822 become messages; LOGIN and AUTHENTICATE PLAIN/LOGIN give
// credentials; after "OK" to STARTTLS (or on an implicit-TLS stream, port 993) only TLS
// records are recognised.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/mail_stream.hpp"
#include "sim/protocol/imap/command_reader.hpp"
#include "sim/protocol/imap/command_table.hpp"
#include "sim/protocol/imap/imap_config.hpp"

namespace smtplab::capture {

/// Ports that select the IMAP dissector outright (993 and the lab's 1993 carry implicit
/// TLS; 1143 is the lab's documented offset for 143).
inline constexpr std::uint16_t kImapPorts[] = {143, 993, 1143, 1993};

/// True when a server's first bytes look like an IMAP greeting ("* OK", "* PREAUTH",
/// "* BYE").
bool looks_like_imap_greeting(std::string_view first_bytes);

class ImapDissector final : public MailStreamDissector {
 public:
  explicit ImapDissector(const StreamContext& context);

  void on_end(std::uint64_t frame) override;

 private:
  /// A command waiting for its tagged response.
  struct Pending {
    std::string tag;
    protocol::imap::ImapCommand command = protocol::imap::ImapCommand::Unknown;
    std::size_t entry = 0;  // the command's line in session_.dialogue
  };
  /// What the client's next bytes are.
  enum class ClientPhase {
    Command,   ///< commands (lines and literals)
    AuthLine,  ///< one SASL response line (after a "+" to AUTHENTICATE)
    IdleDone,  ///< the "DONE" line that ends IDLE
  };

  void process_server() override;
  void process_client() override;
  void on_text_gap(Side side, std::uint64_t length, std::uint64_t frame) override;

  void handle_response_line(const protocol::LineView& line, std::uint64_t offset);
  void complete_response();
  void on_continuation(MailLineDetail& detail);
  void on_tagged(MailLineDetail& detail);
  /// Records a complete command; `answered`: its tagged response came already.
  void handle_command(protocol::imap::AssembledCommand command, bool answered);
  void handle_client_line(const protocol::LineView& line, std::uint64_t offset);
  /// Keeps the FETCH message being read (cut: its literal did not arrive whole).
  void finish_message(bool cut, std::uint64_t frame);

  protocol::imap::ImapConfig config_;  // limits far above any real command: read, never refuse
  protocol::imap::CommandReader reader_;
  std::vector<Pending> pending_;  // oldest first
  ClientPhase phase_ = ClientPhase::Command;
  bool blocked_ = false;                // the client's next bytes depend on a response
  bool awaiting_continuation_ = false;  // a "{n}" literal waits for the server's "+"
  bool greeting_seen_ = false;
  SaslReader sasl_;
  // The response being read (a line that announced a literal goes on after its octets).
  bool in_response_ = false;
  DialogueEntry response_;
  MailLineDetail response_detail_;
  std::uint64_t literal_remaining_ = 0;
  std::unique_ptr<SmtpMessage> message_;  // a FETCH BODY[] / RFC822 literal being read
};

}  // namespace smtplab::capture
