// The server side of an IMAP4rev1 session (RFC 3501, with LITERAL+, SASL-IR, IDLE,
// UNSELECT and NAMESPACE) as a sans-I/O machine: bytes from the client go in, bytes for
// the client come out, with typed events on the way. Commands are assembled by CommandReader
// (literals included), looked up in the command table, and answered from the response catalogue;
// the mailboxes are the MailStore's. The transport (sim/net, a test, an in-memory pipe)
// moves the bytes and performs the TLS switch it is told to; during IDLE it also calls
// poll() on a timer, so new mail reaches an idle client without waiting for its bytes.
//
// Events: one Command per command (its lines, literals as "{n}", LOGIN/AUTHENTICATE
// masked; verb stays Verb::Unknown), one Reply per response (a FETCH with literals is one
// response, shown with "{n}" for its octets), StateChange with the IMAP states in its text
// (its SMTP from/to are not used), TlsStarted, Discarded and Note as the SMTP machine.
//
// [SECTIONS] lifecycle · input · dispatch · not-authenticated commands · mailbox commands
// · selected-state commands · updates · responses and events
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/protocol/events.hpp"
#include "sim/protocol/imap/arguments.hpp"
#include "sim/protocol/imap/command_reader.hpp"
#include "sim/protocol/imap/command_table.hpp"
#include "sim/protocol/imap/imap_config.hpp"
#include "sim/protocol/imap/imap_state.hpp"
#include "sim/protocol/imap/mail_store.hpp"
#include "sim/protocol/imap/mailbox_view.hpp"
#include "sim/protocol/imap/parsed_message.hpp"
#include "sim/protocol/imap/response_catalogue.hpp"
#include "sim/protocol/line_framer.hpp"
#include "sim/protocol/server_delegate.hpp"
#include "sim/protocol/server_machine.hpp"

namespace smtplab::protocol::imap {

class ImapSession final : public ServerMachine {
 public:
  ImapSession(ImapConfig config, MailStore& store, ConnectionInfo connection, EventSink sink = {});

  /// The greeting (* OK [CAPABILITY ...]). Call once, after an implicit-TLS handshake.
  ServerOutput start() override;
  /// Bytes received from the client: every complete command is handled, in order; during
  /// IDLE, the store is first asked for news.
  ServerOutput receive(std::string_view bytes) override;
  /// The TLS handshake asked for by STARTTLS succeeded: capabilities change (STARTTLS and
  /// LOGINDISABLED go, AUTH=PLAIN comes); the client asks for them again.
  ServerOutput tls_established() override;
  /// No command for too long: * BYE and close.
  ServerOutput idle_timeout() override;
  /// The server is stopping: * BYE and close.
  ServerOutput shutdown() override;
  /// The transport's timer during IDLE (RFC 2177): new mail and expunges from other
  /// sessions go out as untagged EXISTS/RECENT/EXPUNGE. Nothing outside IDLE.
  ServerOutput poll() override;
  /// ImapConfig::idle_poll_interval during IDLE, zero otherwise.
  std::chrono::milliseconds poll_interval() const override;

  bool closed() const override { return mode_ == Mode::Closed; }
  ImapState state() const { return state_; }
  bool idling() const { return mode_ == Mode::Idle; }
  bool tls() const { return connection_.tls; }
  /// The logged-in user (the store's name for it), empty before login.
  const std::string& user() const { return user_; }
  /// The selected mailbox, nullptr outside the Selected state.
  const MailboxView* selected() const { return selected_.get(); }
  /// The capabilities as CAPABILITY would list them now.
  std::string capabilities() const;

 private:
  /// How the next input is read.
  enum class Mode {
    Commands,      ///< tagged commands (CommandReader)
    Sasl,          ///< one base64 line answering a "+ " challenge (AUTHENTICATE)
    Idle,          ///< IDLE: waiting for DONE
    TlsHandshake,  ///< STARTTLS accepted: the bytes belong to TLS
    Closed,        ///< BYE sent
  };
  /// One command being handled.
  struct Call {
    std::string tag;
    const ImapCommandSpec* spec = nullptr;
    Arguments args;
    ServerOutput& out;
    bool uid = false;  ///< UID FETCH / STORE / SEARCH / COPY
  };
  using Handler = void (ImapSession::*)(Call&);
  static Handler handler_for(ImapCommand command);

  // Input.
  void handle_command(AssembledCommand command, ServerOutput& out);
  void handle_sasl_line(const Line& line, ServerOutput& out);
  void handle_idle_line(const Line& line, ServerOutput& out);

  // Handlers, one per row of the command table.
  void on_capability(Call&);
  void on_noop(Call&);
  void on_logout(Call&);
  void on_starttls(Call&);
  void on_authenticate(Call&);
  void on_login(Call&);
  void on_select(Call&);
  void on_create(Call&);
  void on_delete(Call&);
  void on_rename(Call&);
  void on_list(Call&);
  void on_status(Call&);
  void on_append(Call&);
  void on_check(Call&);
  void on_close(Call&);
  void on_unselect(Call&);
  void on_expunge(Call&);
  void on_search(Call&);
  void on_fetch(Call&);
  void on_store(Call&);
  void on_copy(Call&);
  void on_uid(Call&);
  void on_idle(Call&);
  void on_namespace(Call&);

  // Helpers.
  bool login_allowed() const { return connection_.tls || config_.login_over_cleartext; }
  void finish_login(const std::string& tag, std::string_view user, std::string_view password,
                    ServerOutput& out);
  std::optional<std::string> mailbox_argument(Call& call);  // astring, INBOX normalised
  /// The indexes a sequence set names in the selected mailbox; nullopt after answering BAD.
  std::optional<std::vector<std::size_t>> resolve(Call& call, std::string_view set_text);
  const ParsedMessage* parsed(std::size_t index);  // the message's octets, cached per command
  void leave_mailbox();
  void send_updates(ServerOutput& out, bool expunges_allowed);
  void enter_state(ImapState next);

  // Responses and events.
  void untagged(ServerOutput& out, std::string_view data);  // "* " data CRLF
  void respond(ServerOutput& out, ResponseId id, std::string_view tag,
               std::string_view code_argument = {}, std::string_view text_argument = {});
  void syntax_error(Call& call);
  void completed(Call& call);  // tag OK <COMMAND> completed
  void write_line(ServerOutput& out, std::string line);
  void close_with(ServerOutput& out, ResponseId bye, std::string_view argument = {});
  void emit_command(std::uint64_t offset, std::uint64_t length, std::string text);
  void note(std::string text);
  void emit(ProtocolEvent event);

  ImapConfig config_;
  MailStore& store_;
  ConnectionInfo connection_;
  EventSink sink_;

  ImapState state_ = ImapState::NotAuthenticated;
  Mode mode_ = Mode::Commands;
  LineFramer framer_;
  CommandReader reader_;
  std::uint64_t reads_ = 0;  // receive() calls so far: the read_batch of client events
  unsigned tls_epoch_ = 0;
  std::uint64_t output_offset_ = 0;
  std::size_t errors_ = 0;
  std::size_t failed_logins_ = 0;
  std::string user_;
  std::unique_ptr<MailboxView> selected_;
  std::string pending_tag_;  // the AUTHENTICATE or IDLE waiting for its line
  std::vector<std::pair<std::size_t, std::unique_ptr<ParsedMessage>>> parsed_;  // per command
};

}  // namespace smtplab::protocol::imap
