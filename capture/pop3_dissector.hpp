// POP3 over reassembled TCP streams (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH RFC 5034).
// Client lines go through sim/protocol/pop3's command parser; responses ("+OK", "-ERR", the
// SASL "+ ") are matched to commands in order. Multi-line responses (CAPA, LIST and UIDL
// without argument, RETR, TOP) are read to their lone dot and dot-unstuffed; RETR and TOP
// bodies become messages. USER/PASS, APOP and AUTH PLAIN/LOGIN give credentials; after
// "+OK" to STLS (or on an implicit-TLS stream, port 995) only TLS records are recognised.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/mail_stream.hpp"
#include "sim/protocol/pop3/pop3_command_table.hpp"

namespace smtplab::capture {

/// Ports that select the POP3 dissector outright (995 and the lab's 1995 carry implicit
/// TLS; 1110 is the lab's documented offset for 110).
inline constexpr std::uint16_t kPop3Ports[] = {110, 995, 1110, 1995};

/// True when a server's first bytes look like a POP3 greeting ("+OK").
bool looks_like_pop3_greeting(std::string_view first_bytes);

class Pop3Dissector final : public MailStreamDissector {
 public:
  explicit Pop3Dissector(const StreamContext& context);

  void on_end(std::uint64_t frame) override;

 private:
  /// A response the client waits for, in the order it sent the commands.
  struct Pending {
    protocol::pop3::Pop3Verb verb = protocol::pop3::Pop3Verb::Unknown;
    std::size_t entry = 0;   // the command's line in session_.dialogue
    bool multiline = false;  // a "+OK" to it is followed by lines up to a lone dot
  };
  /// What the server's next lines are.
  enum class ServerPhase {
    Status,   ///< a status line ("+OK", "-ERR", "+ ")
    Listing,  ///< lines of a multi-line listing (CAPA, LIST, UIDL), up to the lone dot
    Body,     ///< a message (RETR, TOP), up to the lone dot
  };

  void process_server() override;
  void process_client() override;
  void on_text_gap(Side side, std::uint64_t length, std::uint64_t frame) override;

  void handle_status(const protocol::LineView& line, std::uint64_t offset);
  void handle_multiline(const protocol::LineView& line, std::uint64_t offset);
  void handle_command(const protocol::LineView& line, std::uint64_t offset);
  void handle_auth_line(const protocol::LineView& line, std::uint64_t offset);
  /// Ends the multi-line response in progress (cut: the capture or the bytes ended first).
  void finish_multiline(bool cut, std::uint64_t frame);

  std::vector<Pending> pending_;  // oldest first
  ServerPhase server_phase_ = ServerPhase::Status;
  DialogueEntry response_;  // the multi-line response being read
  MailLineDetail response_detail_;
  std::unique_ptr<SmtpMessage> message_;  // the RETR/TOP body being read
  bool previous_crlf_ = true;
  bool greeting_seen_ = false;
  bool blocked_ = false;    // the client's next bytes depend on a response not seen yet
  bool auth_line_ = false;  // the client's next line answers a "+ " challenge
  std::string user_;        // the last USER argument
  SaslReader sasl_;
};

}  // namespace smtplab::capture
