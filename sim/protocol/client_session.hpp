// The client side of an SMTP session as a sans-I/O machine, the mirror of ServerSession:
// it waits for the greeting, says EHLO (HELO when EHLO is refused), uses STARTTLS and
// AUTH when asked, pipelines MAIL/RCPT/DATA when the server offers PIPELINING, respects
// SIZE, dot-stuffs DATA (or uses BDAT), and reports an outcome for every recipient.
// Bytes from the server go in; bytes for the server come out, with typed events.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/protocol/events.hpp"
#include "sim/protocol/line_framer.hpp"
#include "sim/protocol/reply.hpp"

namespace smtplab::protocol {

/// How the client behaves.
struct ClientConfig {
  std::string helo_name = "client.example";  ///< EHLO/HELO argument
  bool starttls = true;                      ///< use STARTTLS when the server offers it
  bool require_tls = false;                  ///< give up (4xx) when TLS cannot be had
  std::string auth_user;  ///< AUTH when set (PLAIN, or LOGIN if PLAIN is not offered)
  std::string auth_password;
  bool pipelining = true;       ///< pipeline MAIL/RCPT/DATA when offered (RFC 2920)
  bool chunking = false;        ///< use BDAT instead of DATA when offered (RFC 3030)
  bool reveal_secrets = false;  ///< AUTH lines unmasked in events
};

/// One message to send: the envelope and the content (CRLF lines, not stuffed).
struct OutgoingMessage {
  std::string reverse_path;             ///< sender address, empty for the null path <>
  std::vector<std::string> recipients;  ///< forward paths (addresses, without < >)
  std::string content;
  std::vector<std::string> rcpt_parameters;  ///< extra RCPT parameters (e.g. "NOTIFY=NEVER")
  /// DSN parameters of MAIL ("RET=HDRS", "ENVID=x", RFC 3461 §4.3-4.4), sent only when
  /// the server offers DSN. (Its initialiser lets brace-initialisation leave it out.)
  std::vector<std::string> mail_parameters = {};
};

/// What happened to one recipient.
struct RecipientResult {
  enum class Outcome {
    Delivered,  ///< the final reply (after DATA) was 2xx
    Transient,  ///< a 4xx at RCPT or after DATA, or the session broke: try again later
    Permanent,  ///< a 5xx: do not retry, bounce
  };
  std::string address;
  Outcome outcome = Outcome::Transient;
  Reply reply;  ///< the reply that decided it
};

/// The result of one message.
struct MessageResult {
  std::vector<RecipientResult> recipients;
  std::optional<Reply> final_reply;  ///< the reply to the end of data, if it got that far
};

/// What the transport must do after a call.
struct ClientOutput {
  std::string bytes;       ///< send these to the server
  bool start_tls = false;  ///< then start a TLS handshake as client, then tls_established()
  bool close = false;      ///< then close the connection: the session is over
};

class ClientSession {
 public:
  ClientSession(ClientConfig config, std::vector<OutgoingMessage> messages, EventSink sink = {});

  /// Bytes received from the server.
  ClientOutput receive(std::string_view bytes);
  /// The TLS handshake succeeded: EHLO again (RFC 3207 §4.2).
  ClientOutput tls_established();
  /// The TLS handshake failed (the transport closes): recipients not done are transient.
  void tls_failed(std::string_view why);
  /// The connection closed or could not be opened: every recipient without an outcome
  /// gets a transient failure with this text (421-like).
  void connection_lost(std::string_view why);

  bool done() const { return state_ == State::Done; }
  const std::vector<MessageResult>& results() const { return results_; }
  /// Extensions the server advertised in its last EHLO reply (upper case keywords).
  const std::set<std::string>& extensions() const { return extensions_; }
  bool tls_active() const { return tls_; }
  bool authenticated() const { return authenticated_; }

 private:
  enum class State {
    Greeting,
    Ehlo,
    Helo,
    Starttls,
    Auth,
    AuthLoginUser,
    AuthLoginPassword,
    Mail,
    Rcpt,
    Data,
    Content,
    Quit,
    Done,
  };
  void on_reply(const Reply& reply, ClientOutput& out);
  void after_hello(ClientOutput& out);
  void start_auth(ClientOutput& out);
  void start_message(ClientOutput& out);
  void send_content(ClientOutput& out);
  void finish_message(const Reply& final_reply);
  void fail_current(const Reply& reply);
  void fail_all_remaining(const Reply& reply);
  void quit(ClientOutput& out);
  // A command line spelled from the command table: the verb's name and the argument.
  void send_command(ClientOutput& out, Verb verb, std::string_view argument = {});
  // Any line (SASL responses too); a secret one is masked in the event unless revealed.
  void send_line(ClientOutput& out, const std::string& line, Verb verb, bool secret = false);
  void enter(State next);
  void note(std::string text);

  ClientConfig config_;
  std::vector<OutgoingMessage> messages_;
  EventSink sink_;
  std::vector<MessageResult> results_;
  std::size_t current_ = 0;  // index of the message being sent

  State state_ = State::Greeting;
  LineFramer framer_{4096};
  ReplyParser parser_;
  std::uint64_t sent_offset_ = 0;
  unsigned tls_epoch_ = 0;
  std::set<std::string> extensions_;
  std::uint64_t size_limit_ = 0;
  bool tls_ = false;
  bool authenticated_ = false;
  bool tried_starttls_ = false;
  bool quitting_ = false;

  // The pipelined transaction in flight: which replies are still expected.
  std::vector<Verb> awaiting_;  // replies expected, in order
  std::size_t rcpt_index_ = 0;  // next RCPT reply belongs to this recipient
  std::vector<std::optional<Reply>> rcpt_replies_;
  bool mail_accepted_ = false;
};

/// Keyword of one EHLO line ("SIZE 1000" -> "SIZE").
std::string ehlo_keyword(std::string_view line);

}  // namespace smtplab::protocol
