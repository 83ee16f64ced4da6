// The server side of a POP3 session (RFC 1939, CAPA RFC 2449, STLS RFC 2595, AUTH PLAIN
// RFC 5034) as a sans-I/O machine: bytes from the client go in, bytes for the client come
// out, with typed events on the way. The transport (sim/net, a test, the fuzzer) moves the
// bytes, switches to TLS when told to, and waits the failed-login delay it is given.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/protocol/events.hpp"
#include "sim/protocol/line_framer.hpp"
#include "sim/protocol/pop3/pop3_command_table.hpp"
#include "sim/protocol/pop3/pop3_response_catalogue.hpp"
#include "sim/protocol/pop3/pop3_server_config.hpp"
#include "sim/protocol/pop3/pop3_server_delegate.hpp"
#include "sim/protocol/server_delegate.hpp"
#include "sim/protocol/server_machine.hpp"

namespace smtplab::protocol::pop3 {

class Pop3ServerSession final : public ServerMachine {
 public:
  Pop3ServerSession(Pop3ServerConfig config, Pop3ServerDelegate& delegate,
                    ConnectionInfo connection, EventSink sink = {});

  /// The greeting (+OK). Call once, after an implicit-TLS handshake if there is one.
  ServerOutput start() override;
  /// Bytes received from the client: every complete line is handled, in order.
  ServerOutput receive(std::string_view bytes) override;
  /// The handshake asked for by STLS succeeded: AUTHORIZATION again, USER forgotten.
  ServerOutput tls_established() override;
  /// Nothing received for too long: -ERR and close, without the UPDATE state (RFC 1939 §3).
  ServerOutput idle_timeout() override;
  /// The server is stopping: -ERR and close, without the UPDATE state.
  ServerOutput shutdown() override;
  bool closed() const override { return state_ == Pop3State::Closed; }

  Pop3State state() const { return state_; }
  bool tls() const { return connection_.tls; }
  /// The logged-in user (empty before login).
  const std::string& user() const { return user_; }

 private:
  using Handler = void (Pop3ServerSession::*)(const Pop3Command&, ServerOutput&);
  static Handler handler_for(Pop3Verb verb);

  // Input, by mode.
  void handle_command_line(const Line& line, ServerOutput& out);
  void handle_sasl_line(const Line& line, ServerOutput& out);

  // One handler per verb (indexed in handler_for).
  void on_user(const Pop3Command&, ServerOutput&);
  void on_pass(const Pop3Command&, ServerOutput&);
  void on_auth(const Pop3Command&, ServerOutput&);
  void on_capa(const Pop3Command&, ServerOutput&);
  void on_stls(const Pop3Command&, ServerOutput&);
  void on_stat(const Pop3Command&, ServerOutput&);
  void on_list(const Pop3Command&, ServerOutput&);
  void on_retr(const Pop3Command&, ServerOutput&);
  void on_dele(const Pop3Command&, ServerOutput&);
  void on_noop(const Pop3Command&, ServerOutput&);
  void on_rset(const Pop3Command&, ServerOutput&);
  void on_top(const Pop3Command&, ServerOutput&);
  void on_uidl(const Pop3Command&, ServerOutput&);
  void on_quit(const Pop3Command&, ServerOutput&);
  void on_unknown(const Pop3Command&, ServerOutput&);

  // Login.
  bool login_allowed() const;  // TLS is active, or the configuration allows cleartext
  void finish_login(const std::string& user, const std::string& password, ServerOutput& out);

  // The maildrop.
  std::optional<std::size_t> message_index(std::string_view argument, Pop3Verb verb,
                                           ServerOutput& out);  // replies when invalid
  std::string maildrop_summary() const;                         // "2 messages (310 octets)"

  // Responses and events.
  ServerOutput close_with(Pop3ResponseId id);
  void respond(ServerOutput& out, Pop3ResponseId id, std::string_view argument = {});
  void respond_lines(ServerOutput& out, Pop3ResponseId id, std::string_view argument,
                     const std::vector<std::string>& lines);
  void respond_content(ServerOutput& out, Pop3ResponseId id, std::string_view argument,
                       std::string_view content, std::string description);
  void reply_syntax(ServerOutput& out, Pop3Verb verb);
  void write(ServerOutput& out, std::string wire, std::string text);
  void count_error(ServerOutput& out);
  void enter_state(Pop3State next);
  void emit_command(const Line& line, std::string text);
  void note(std::string text);
  void emit(ProtocolEvent event);
  std::string masked(const Pop3Command& command, const std::string& line) const;

  Pop3ServerConfig config_;
  Pop3ServerDelegate& delegate_;
  ConnectionInfo connection_;
  EventSink sink_;

  Pop3State state_ = Pop3State::Connected;
  LineFramer framer_;
  std::uint64_t reads_ = 0;  // receive() calls so far: the read_batch of client events
  unsigned tls_epoch_ = 0;
  std::uint64_t output_offset_ = 0;
  std::size_t errors_ = 0;
  std::size_t failed_logins_ = 0;
  bool noted_bare_lf_ = false;

  // AUTHORIZATION.
  std::optional<std::string> pending_user_;  // USER accepted, PASS expected

  // TRANSACTION.
  std::string user_;
  std::unique_ptr<Pop3Maildrop> maildrop_;
  std::vector<Pop3MessageInfo> messages_;
  std::vector<bool> deleted_;
  std::vector<bool> retrieved_;
};

}  // namespace smtplab::protocol::pop3
