// The server side of an SMTP session as a sans-I/O machine: bytes from the client go in,
// bytes for the client come out, with typed events on the way. The transport (sim/net, a
// test, or an in-memory pipe) moves the bytes and performs the TLS switch it is told to.
//
// [SECTIONS] ServerOutput · ServerSession (lifecycle, input, state)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/protocol/data_receiver.hpp"
#include "sim/protocol/events.hpp"
#include "sim/protocol/line_framer.hpp"
#include "sim/protocol/reply.hpp"
#include "sim/protocol/server_config.hpp"
#include "sim/protocol/server_delegate.hpp"
#include "sim/protocol/server_machine.hpp"

namespace smtplab::protocol {

class ServerSession final : public ServerMachine {
 public:
  ServerSession(ServerConfig config, ServerDelegate& delegate, ConnectionInfo connection,
                EventSink sink = {});

  /// The greeting (220). Call once, after an implicit-TLS handshake if there is one.
  ServerOutput start() override;
  /// Bytes received from the client: every complete line is handled, in order; replies to
  /// a pipelined batch come out together, in order.
  ServerOutput receive(std::string_view bytes) override;
  /// The TLS handshake asked for by STARTTLS succeeded: the session starts over (RFC 3207
  /// §4.2): HELO, AUTH and transaction are forgotten and EHLO is expected again.
  ServerOutput tls_established() override;
  /// No command for too long: 421 and close.
  ServerOutput idle_timeout() override;
  /// The server is stopping: 421 and close.
  ServerOutput shutdown() override;

  SessionState state() const { return state_; }
  bool closed() const override { return state_ == SessionState::Closed; }
  bool tls() const { return connection_.tls; }
  const Envelope& envelope() const { return envelope_; }
  const ServerConfig& config() const { return config_; }

 private:
  using Handler = void (ServerSession::*)(const Command&, ServerOutput&);
  static Handler handler_for(Verb verb);

  // Input, by mode.
  void handle_command_line(const Line& line, ServerOutput& out);
  void handle_data_line(const Line& line, ServerOutput& out);
  void handle_auth_line(const Line& line, ServerOutput& out);
  void handle_bdat_bytes(ServerOutput& out);

  // One handler per verb (indexed in handler_for).
  void on_helo(const Command&, ServerOutput&);
  void on_ehlo(const Command&, ServerOutput&);
  void on_mail(const Command&, ServerOutput&);
  void on_rcpt(const Command&, ServerOutput&);
  void on_data(const Command&, ServerOutput&);
  void on_bdat(const Command&, ServerOutput&);
  void on_rset(const Command&, ServerOutput&);
  void on_noop(const Command&, ServerOutput&);
  void on_quit(const Command&, ServerOutput&);
  void on_help(const Command&, ServerOutput&);
  void on_vrfy(const Command&, ServerOutput&);
  void on_expn(const Command&, ServerOutput&);
  void on_auth(const Command&, ServerOutput&);
  void on_starttls(const Command&, ServerOutput&);
  void on_unknown(const Command&, ServerOutput&);

  // Helpers.
  ServerOutput close_with(ReplyId id);  // a 421 reply, then close
  void greet_reply(const Command& command, bool esmtp, ServerOutput& out);
  void finish_message(std::string_view content, ServerOutput& out);
  void finish_auth(const std::optional<std::string>& user,
                   const std::optional<std::string>& password, ServerOutput& out);
  bool auth_offered() const;
  void reset_transaction();
  void enter_state(SessionState next);
  std::optional<ReplyId> out_of_sequence(Verb verb) const;    // the table's state rules
  bool refuse_out_of_sequence(Verb verb, ServerOutput& out);  // replies when refused
  void reply_syntax(ServerOutput& out, Verb verb);            // 501 with the table's syntax
  // 501 with a MAIL/RCPT parameter's syntax, from the parameter table.
  void reply_parameter_syntax(ServerOutput& out, Verb verb, std::string_view keyword);
  void reply(ServerOutput& out, ReplyId id, std::string_view argument = {});
  void reply_lines(ServerOutput& out, ReplyId id, std::vector<std::string> lines);
  void reply_error(ServerOutput& out, const SmtpError& error);
  void send(ServerOutput& out, const Reply& reply);
  void emit_command(const Line& line, Verb verb, std::string text);  // a Command event
  void note(std::string text);
  void emit(ProtocolEvent event);
  std::string mask_auth(const Command& command) const;

  ServerConfig config_;
  ServerDelegate& delegate_;
  ConnectionInfo connection_;
  EventSink sink_;

  SessionState state_ = SessionState::Connected;
  LineFramer framer_;
  std::uint64_t reads_ = 0;  // receive() calls so far: the read_batch of client events
  Envelope envelope_;
  unsigned tls_epoch_ = 0;
  std::uint64_t output_offset_ = 0;
  std::size_t errors_ = 0;
  std::size_t rejected_recipients_ = 0;
  bool noted_bare_lf_command_ = false;
  Line current_line_;  // the command line being handled (for events and offsets)

  // DATA.
  std::optional<DataReceiver> data_;
  std::uint64_t data_offset_ = 0;

  // BDAT.
  std::uint64_t bdat_remaining_ = 0;
  std::uint64_t bdat_chunk_size_ = 0;
  bool bdat_last_ = false;
  bool bdat_in_progress_ = false;        // chunks taken, LAST not seen yet
  std::optional<ReplyId> bdat_refusal_;  // reply once the refused chunk has been read
  std::string bdat_content_;
  bool bdat_too_big_ = false;

  // AUTH.
  enum class AuthStep {
    None,
    PlainResponse,
    LoginUsername,
    LoginPassword
  } auth_step_ = AuthStep::None;
  std::string auth_login_user_;
  SessionState state_before_auth_ = SessionState::Ready;
};

}  // namespace smtplab::protocol
