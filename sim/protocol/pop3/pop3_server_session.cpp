// The POP3 server machine.
//
// [SECTIONS] lifecycle · input dispatch · AUTHORIZATION (USER/PASS, AUTH, CAPA, STLS) ·
// TRANSACTION (STAT, LIST, RETR, TOP, UIDL, DELE, RSET, NOOP) · QUIT and UPDATE ·
// responses and events
#include "sim/protocol/pop3/pop3_server_session.hpp"

#include <algorithm>
#include <array>

#include "sim/protocol/command.hpp"
#include "sim/protocol/data_receiver.hpp"
#include "sim/protocol/sasl.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::protocol::pop3 {
namespace {

// The headers of a message and its first `body_lines` body lines (TOP, RFC 1939 §7).
std::string top_of(std::string_view content, unsigned long long body_lines) {
  std::size_t pos = 0;
  bool in_body = false;
  unsigned long long taken = 0;
  while (pos < content.size()) {
    if (in_body && taken == body_lines) break;
    const auto nl = content.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? content.size() : nl + 1;
    const std::string_view line = content.substr(pos, end - pos);
    if (in_body) {
      ++taken;
    } else if (line == "\r\n" || line == "\n") {
      in_body = true;  // the empty line that ends the headers is part of the answer
    }
    pos = end;
  }
  return std::string(content.substr(0, pos));
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] lifecycle

Pop3ServerSession::Pop3ServerSession(Pop3ServerConfig config, Pop3ServerDelegate& delegate,
                                     ConnectionInfo connection, EventSink sink)
    : config_(std::move(config)),
      delegate_(delegate),
      connection_(std::move(connection)),
      sink_(std::move(sink)),
      // SASL lines may be longer than commands; a command's own limit is checked per line.
      framer_(std::max(config_.max_command_line, config_.max_auth_line) - 2) {
  if (connection_.tls) tls_epoch_ = 1;
}

ServerOutput Pop3ServerSession::start() {
  ServerOutput out;
  respond(out, Pop3ResponseId::Greeting, config_.hostname);
  enter_state(Pop3State::Authorization);
  return out;
}

ServerOutput Pop3ServerSession::tls_established() {
  connection_.tls = true;
  tls_epoch_ = 1;
  output_offset_ = 0;
  framer_.reset_offsets();
  pending_user_.reset();
  ProtocolEvent event;
  event.kind = EventKind::TlsStarted;
  event.tls_epoch = 1;
  event.text = "TLS established; the POP3 session stays in AUTHORIZATION (RFC 2595 4)";
  emit(std::move(event));
  enter_state(Pop3State::Authorization);
  return {};
}

ServerOutput Pop3ServerSession::idle_timeout() {
  return close_with(Pop3ResponseId::IdleTimeout);
}

ServerOutput Pop3ServerSession::shutdown() {
  return close_with(Pop3ResponseId::ShuttingDown);
}

ServerOutput Pop3ServerSession::close_with(Pop3ResponseId id) {
  ServerOutput out;
  if (closed()) return out;
  respond(out, id);
  out.close = true;
  enter_state(Pop3State::Closed);
  return out;
}

// ---------------------------------------------------------------------------------------
// [SECTION] input dispatch

ServerOutput Pop3ServerSession::receive(std::string_view bytes) {
  ServerOutput out;
  // During the TLS handshake the bytes belong to the TLS layer, never to POP3.
  if (closed() || state_ == Pop3State::TlsHandshake) return out;
  ++reads_;
  framer_.append(bytes);
  while (!closed() && state_ != Pop3State::TlsHandshake && !out.close) {
    auto line = framer_.next_line();
    if (!line) break;
    if (line->ending == LineEnding::BareLf && !noted_bare_lf_) {
      noted_bare_lf_ = true;
      note("command line ended by a bare LF; RFC 1939 requires CRLF (tolerated)");
    }
    if (state_ == Pop3State::Authenticating) {
      handle_sasl_line(*line, out);
    } else {
      handle_command_line(*line, out);
    }
  }
  return out;
}

Pop3ServerSession::Handler Pop3ServerSession::handler_for(Pop3Verb verb) {
  // What this server does for each verb, indexed by Pop3Verb. Everything else about a verb
  // (syntax, the states that accept it) is its row in the command table.
  static constexpr std::array<Handler, static_cast<std::size_t>(Pop3Verb::Unknown) + 1> kHandlers{
      &Pop3ServerSession::on_user, &Pop3ServerSession::on_pass, &Pop3ServerSession::on_auth,
      &Pop3ServerSession::on_capa, &Pop3ServerSession::on_stls, &Pop3ServerSession::on_stat,
      &Pop3ServerSession::on_list, &Pop3ServerSession::on_retr, &Pop3ServerSession::on_dele,
      &Pop3ServerSession::on_noop, &Pop3ServerSession::on_rset, &Pop3ServerSession::on_top,
      &Pop3ServerSession::on_uidl, &Pop3ServerSession::on_quit, &Pop3ServerSession::on_unknown,
  };
  return kHandlers[static_cast<std::size_t>(verb)];
}

void Pop3ServerSession::handle_command_line(const Line& line, ServerOutput& out) {
  const Pop3Command command = parse_pop3_command(line.text);
  emit_command(line, masked(command, line.text));
  // RFC 2449 §4: 255 octets for a command; AUTH lines may be longer (RFC 5034 §4).
  const std::size_t limit =
      command.verb == Pop3Verb::Auth ? config_.max_auth_line : config_.max_command_line;
  if (line.overlong || line.text.size() + 2 > limit) {
    respond(out, Pop3ResponseId::LineTooLong);
    return;
  }
  if (line.has_nul) {
    respond(out, Pop3ResponseId::NulInLine);
    return;
  }
  if (command.verb != Pop3Verb::Unknown && !pop3_allowed_in(command.verb, state_)) {
    respond(out, Pop3ResponseId::NotInThisState,
            std::string(pop3_verb_name(command.verb)) + " is not allowed in the " +
                std::string(pop3_state_name(state_)) + " state");
    return;
  }
  (this->*handler_for(command.verb))(command, out);
}

// ---------------------------------------------------------------------------------------
// [SECTION] AUTHORIZATION

bool Pop3ServerSession::login_allowed() const {
  return connection_.tls || config_.cleartext_login;
}

void Pop3ServerSession::on_user(const Pop3Command& command, ServerOutput& out) {
  const std::string_view name = trim(command.argument);
  if (name.empty()) return reply_syntax(out, Pop3Verb::User);
  if (!login_allowed()) return respond(out, Pop3ResponseId::CleartextRefused);
  pending_user_ = std::string(name);
  respond(out, Pop3ResponseId::UserAccepted, name);
}

void Pop3ServerSession::on_pass(const Pop3Command& command, ServerOutput& out) {
  if (!login_allowed()) return respond(out, Pop3ResponseId::CleartextRefused);
  if (!pending_user_) return respond(out, Pop3ResponseId::NeedUser);
  // RFC 1939 §7: the password is the rest of the line, spaces included.
  if (command.argument.empty()) return reply_syntax(out, Pop3Verb::Pass);
  const std::string user = *pending_user_;
  pending_user_.reset();
  finish_login(user, command.argument, out);
}

void Pop3ServerSession::on_auth(const Pop3Command& command, ServerOutput& out) {
  const std::string_view argument = trim(command.argument);
  if (argument.empty()) {
    // A bare AUTH lists the mechanisms (RFC 1734's probe, which some clients still send).
    std::vector<std::string> mechanisms;
    if (login_allowed()) mechanisms.emplace_back("PLAIN");
    return respond_lines(out, Pop3ResponseId::MechanismList, {}, mechanisms);
  }
  const auto space = argument.find(' ');
  const std::string mechanism = to_upper(argument.substr(0, space));
  const std::string_view initial =
      space == std::string_view::npos ? std::string_view{} : trim(argument.substr(space));
  if (mechanism != "PLAIN") return respond(out, Pop3ResponseId::UnknownMechanism, mechanism);
  if (!login_allowed()) return respond(out, Pop3ResponseId::CleartextRefused);
  pending_user_.reset();
  if (initial.empty()) {
    enter_state(Pop3State::Authenticating);
    return respond(out, Pop3ResponseId::AuthContinue);
  }
  if (initial == "*") return respond(out, Pop3ResponseId::AuthCancelled);
  const auto credentials = decode_sasl_plain(initial);
  if (!credentials) return respond(out, Pop3ResponseId::AuthBadResponse);
  if (!credentials->authzid.empty() && credentials->authzid != credentials->username)
    return respond(out, Pop3ResponseId::AuthzidRefused);
  finish_login(credentials->username, credentials->password, out);
}

void Pop3ServerSession::handle_sasl_line(const Line& line, ServerOutput& out) {
  emit_command(line, config_.reveal_secrets ? line.text : std::string("**** (AUTH response)"));
  enter_state(Pop3State::Authorization);
  const std::string_view text = trim(line.text);
  if (line.overlong) return respond(out, Pop3ResponseId::LineTooLong);
  if (text == "*") return respond(out, Pop3ResponseId::AuthCancelled);
  const auto credentials = decode_sasl_plain(text);
  if (!credentials) return respond(out, Pop3ResponseId::AuthBadResponse);
  if (!credentials->authzid.empty() && credentials->authzid != credentials->username)
    return respond(out, Pop3ResponseId::AuthzidRefused);
  finish_login(credentials->username, credentials->password, out);
}

void Pop3ServerSession::finish_login(const std::string& user, const std::string& password,
                                     ServerOutput& out) {
  Pop3Login login = delegate_.login(user, password);
  if (login.maildrop) {
    maildrop_ = std::move(login.maildrop);
    messages_ = maildrop_->messages();
    deleted_.assign(messages_.size(), false);
    retrieved_.assign(messages_.size(), false);
    user_ = user;
    note("logged in as " + user + (connection_.tls ? " over TLS" : " IN CLEARTEXT"));
    enter_state(Pop3State::Transaction);
    return respond(out, Pop3ResponseId::LoggedIn, maildrop_summary());
  }
  switch (login.refusal) {
    case Pop3LoginRefusal::InUse:
      note("maildrop of " + user + " is in use: " + login.reason);
      return respond(out, Pop3ResponseId::MailboxInUse);
    case Pop3LoginRefusal::Unavailable:
      note("maildrop of " + user + " unavailable: " + login.reason);
      return respond(out, Pop3ResponseId::MailboxUnavailable, "try again later");
    case Pop3LoginRefusal::BadCredentials:
      break;
  }
  ++failed_logins_;
  note("login failed for " + user + (login.reason.empty() ? "" : ": " + login.reason) + " (" +
       std::to_string(failed_logins_) + " of " + std::to_string(config_.max_failed_logins) +
       " allowed)");
  // Every failure is answered late, so guessing passwords is slow; the last one hangs up.
  out.delay = config_.failed_login_delay;
  if (failed_logins_ >= config_.max_failed_logins) {
    respond(out, Pop3ResponseId::TooManyFailures);
    out.close = true;
    enter_state(Pop3State::Closed);
    return;
  }
  respond(out, Pop3ResponseId::LoginFailed);
}

void Pop3ServerSession::on_capa(const Pop3Command&, ServerOutput& out) {
  std::vector<std::string> lines{"TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"};
  // Before TLS, a server that refuses cleartext logins does not offer them (RFC 2595 §4).
  if (state_ == Pop3State::Authorization && login_allowed()) {
    lines.emplace_back("USER");
    lines.emplace_back("SASL PLAIN");
  }
  if (state_ == Pop3State::Authorization && config_.stls && !connection_.tls)
    lines.emplace_back("STLS");
  lines.emplace_back("IMPLEMENTATION SMTP-Lab");
  respond_lines(out, Pop3ResponseId::CapabilityList, {}, lines);
}

void Pop3ServerSession::on_stls(const Pop3Command& command, ServerOutput& out) {
  if (connection_.tls) return respond(out, Pop3ResponseId::AlreadyTls);
  if (!config_.stls) return respond(out, Pop3ResponseId::TlsUnavailable);
  if (!trim(command.argument).empty()) return reply_syntax(out, Pop3Verb::Stls);
  respond(out, Pop3ResponseId::TlsReady);
  // Anything pipelined after STLS came in cleartext and could have been injected: it must
  // never be executed inside TLS (the STARTTLS injection of CVE-2011-0411, for POP3 too).
  const std::uint64_t at = framer_.offset();
  const std::size_t dropped = framer_.discard_buffered();
  if (dropped > 0) {
    ProtocolEvent event;
    event.kind = EventKind::Discarded;
    event.direction = Direction::ClientToServer;
    event.offset = at;
    event.length = dropped;
    event.tls_epoch = tls_epoch_;
    event.text = std::to_string(dropped) + " octets sent after STLS before TLS were discarded";
    emit(std::move(event));
  }
  out.start_tls = true;
  enter_state(Pop3State::TlsHandshake);
}

// ---------------------------------------------------------------------------------------
// [SECTION] TRANSACTION

std::string Pop3ServerSession::maildrop_summary() const {
  std::size_t count = 0;
  std::uint64_t octets = 0;
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (deleted_[i]) continue;
    ++count;
    octets += messages_[i].size;
  }
  return plural(count, "message") + " (" + std::to_string(octets) + " octets)";
}

std::optional<std::size_t> Pop3ServerSession::message_index(std::string_view argument,
                                                            Pop3Verb verb, ServerOutput& out) {
  unsigned long long number = 0;
  if (argument.empty() || !parse_decimal(argument, number)) {
    reply_syntax(out, verb);
    return std::nullopt;
  }
  if (number == 0 || number > messages_.size()) {
    respond(out, Pop3ResponseId::NoSuchMessage, argument);
    return std::nullopt;
  }
  const std::size_t index = static_cast<std::size_t>(number - 1);
  if (deleted_[index]) {
    respond(out, Pop3ResponseId::AlreadyDeleted, argument);
    return std::nullopt;
  }
  return index;
}

void Pop3ServerSession::on_stat(const Pop3Command& command, ServerOutput& out) {
  if (!command.argument.empty()) return reply_syntax(out, Pop3Verb::Stat);
  std::size_t count = 0;
  std::uint64_t octets = 0;
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (deleted_[i]) continue;
    ++count;
    octets += messages_[i].size;
  }
  respond(out, Pop3ResponseId::StatAnswer, std::to_string(count) + " " + std::to_string(octets));
}

void Pop3ServerSession::on_list(const Pop3Command& command, ServerOutput& out) {
  if (!command.argument.empty()) {
    const auto index = message_index(command.argument, Pop3Verb::List, out);
    if (!index) return;
    return respond(out, Pop3ResponseId::ScanListing,
                   std::to_string(*index + 1) + " " + std::to_string(messages_[*index].size));
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (!deleted_[i])
      lines.push_back(std::to_string(i + 1) + " " + std::to_string(messages_[i].size));
  }
  respond_lines(out, Pop3ResponseId::ScanListFollows, maildrop_summary(), lines);
}

void Pop3ServerSession::on_uidl(const Pop3Command& command, ServerOutput& out) {
  if (!command.argument.empty()) {
    const auto index = message_index(command.argument, Pop3Verb::Uidl, out);
    if (!index) return;
    return respond(out, Pop3ResponseId::UidListing,
                   std::to_string(*index + 1) + " " + messages_[*index].unique_id);
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (!deleted_[i]) lines.push_back(std::to_string(i + 1) + " " + messages_[i].unique_id);
  }
  respond_lines(out, Pop3ResponseId::UidListFollows, {}, lines);
}

void Pop3ServerSession::on_retr(const Pop3Command& command, ServerOutput& out) {
  const auto index = message_index(command.argument, Pop3Verb::Retr, out);
  if (!index) return;
  const auto content = maildrop_->content(*index);
  if (!content) return respond(out, Pop3ResponseId::MessageUnreadable, command.argument);
  retrieved_[*index] = true;
  respond_content(out, Pop3ResponseId::MessageFollows, std::to_string(messages_[*index].size),
                  *content, "message " + std::to_string(*index + 1));
}

void Pop3ServerSession::on_top(const Pop3Command& command, ServerOutput& out) {
  const std::string_view argument = command.argument;
  const auto space = argument.find(' ');
  unsigned long long lines = 0;
  if (space == std::string_view::npos || !parse_decimal(argument.substr(space + 1), lines))
    return reply_syntax(out, Pop3Verb::Top);
  const auto index = message_index(argument.substr(0, space), Pop3Verb::Top, out);
  if (!index) return;
  const auto content = maildrop_->content(*index);
  if (!content) return respond(out, Pop3ResponseId::MessageUnreadable, argument.substr(0, space));
  respond_content(out, Pop3ResponseId::TopFollows, std::to_string(*index + 1),
                  top_of(*content, lines),
                  "top of message " + std::to_string(*index + 1) + " (" + std::to_string(lines) +
                      " body lines)");
}

void Pop3ServerSession::on_dele(const Pop3Command& command, ServerOutput& out) {
  const auto index = message_index(command.argument, Pop3Verb::Dele, out);
  if (!index) return;
  deleted_[*index] = true;
  respond(out, Pop3ResponseId::MarkedDeleted, command.argument);
}

void Pop3ServerSession::on_noop(const Pop3Command& command, ServerOutput& out) {
  if (!command.argument.empty()) return reply_syntax(out, Pop3Verb::Noop);
  respond(out, Pop3ResponseId::NoopOk);
}

void Pop3ServerSession::on_rset(const Pop3Command& command, ServerOutput& out) {
  if (!command.argument.empty()) return reply_syntax(out, Pop3Verb::Rset);
  std::fill(deleted_.begin(), deleted_.end(), false);
  respond(out, Pop3ResponseId::ResetDone, maildrop_summary());
}

void Pop3ServerSession::on_unknown(const Pop3Command& command, ServerOutput& out) {
  if (command.verb_text.empty()) return respond(out, Pop3ResponseId::UnknownCommand, "");
  // An SMTP client (or a student) on the wrong port: say so, it is the lesson.
  if (verb_from_name(command.verb_text))
    return respond(out, Pop3ResponseId::SmtpCommand, to_upper(command.verb_text));
  respond(out, Pop3ResponseId::UnknownCommand, command.verb_text.substr(0, 40));
}

// ---------------------------------------------------------------------------------------
// [SECTION] QUIT and UPDATE

void Pop3ServerSession::on_quit(const Pop3Command&, ServerOutput& out) {
  if (state_ == Pop3State::Authorization) {
    respond(out, Pop3ResponseId::Goodbye, config_.hostname);
  } else {
    // RFC 1939 §6: only a QUIT in TRANSACTION enters UPDATE, where deletions become real.
    enter_state(Pop3State::Update);
    std::vector<std::size_t> deleted;
    std::vector<std::size_t> retrieved;
    for (std::size_t i = 0; i < messages_.size(); ++i) {
      if (deleted_[i]) {
        deleted.push_back(i);
      } else if (retrieved_[i]) {
        retrieved.push_back(i);
      }
    }
    const std::string failure = maildrop_->commit(deleted, retrieved);
    if (!failure.empty()) {
      note("UPDATE failed: " + failure);
      respond(out, Pop3ResponseId::CommitFailed, failure);
    } else {
      note(plural(deleted.size(), "message") + " deleted in the UPDATE state");
      respond(out, Pop3ResponseId::GoodbyeCommitted,
              config_.hostname + " POP3 server signing off (" +
                  plural(messages_.size() - deleted.size(), "message") + " left)");
    }
  }
  out.close = true;
  enter_state(Pop3State::Closed);
}

// ---------------------------------------------------------------------------------------
// [SECTION] responses and events

void Pop3ServerSession::reply_syntax(ServerOutput& out, Pop3Verb verb) {
  respond(out, Pop3ResponseId::SyntaxError, find_pop3_command(verb)->syntax);
}

void Pop3ServerSession::respond(ServerOutput& out, Pop3ResponseId id, std::string_view argument) {
  std::string line = pop3_response_line(id, argument);
  write(out, line + "\r\n", line);
  if (pop3_response_spec(id).status == Pop3Status::Err) count_error(out);
}

void Pop3ServerSession::respond_lines(ServerOutput& out, Pop3ResponseId id,
                                      std::string_view argument,
                                      const std::vector<std::string>& lines) {
  std::string text = pop3_response_line(id, argument);
  std::string wire = text + "\r\n";
  for (const auto& line : lines) {
    // A line of a multi-line response that starts with "." is stuffed (RFC 1939 §3).
    wire += (line.starts_with('.') ? "." : "") + line + "\r\n";
    text += "\n" + line;
  }
  wire += ".\r\n";
  write(out, std::move(wire), std::move(text));
}

void Pop3ServerSession::respond_content(ServerOutput& out, Pop3ResponseId id,
                                        std::string_view argument, std::string_view content,
                                        std::string description) {
  respond(out, id, argument);
  // The message goes as CRLF lines, those starting with "." doubled, then "." alone.
  std::string stuffed = dot_stuff(content);
  ProtocolEvent event;
  event.kind = EventKind::Message;
  event.direction = Direction::ServerToClient;
  event.offset = output_offset_;
  event.length = stuffed.size();
  event.tls_epoch = tls_epoch_;
  event.text = std::to_string(content.size()) + " octets of " + description;
  output_offset_ += stuffed.size();
  out.bytes += stuffed;
  emit(std::move(event));
}

void Pop3ServerSession::write(ServerOutput& out, std::string wire, std::string text) {
  ProtocolEvent event;
  event.kind = EventKind::Reply;
  event.direction = Direction::ServerToClient;
  event.offset = output_offset_;
  event.length = wire.size();
  event.tls_epoch = tls_epoch_;
  event.text = std::move(text);  // code stays 0: POP3 has +OK/-ERR, carried in the text
  output_offset_ += wire.size();
  out.bytes += wire;
  emit(std::move(event));
}

void Pop3ServerSession::count_error(ServerOutput& out) {
  // A broken or hostile client cannot loop forever: after max_errors, hang up.
  if (out.close || state_ == Pop3State::Closed) return;
  if (++errors_ < config_.max_errors) return;
  std::string line = pop3_response_line(Pop3ResponseId::TooManyErrors);
  write(out, line + "\r\n", line);
  out.close = true;
  enter_state(Pop3State::Closed);
}

void Pop3ServerSession::enter_state(Pop3State next) {
  if (next == state_) return;
  ProtocolEvent event;
  event.kind = EventKind::StateChange;  // from/to are SMTP's states: the text says POP3's
  event.tls_epoch = tls_epoch_;
  event.text = std::string(pop3_state_name(state_)) + " -> " + std::string(pop3_state_name(next));
  state_ = next;
  // A closed session holds no maildrop: another session may take it at once.
  if (next == Pop3State::Closed) maildrop_.reset();
  emit(std::move(event));
}

std::string Pop3ServerSession::masked(const Pop3Command& command, const std::string& line) const {
  if (config_.reveal_secrets) return line;
  if (command.verb == Pop3Verb::Pass) return command.verb_text + " ****";
  if (command.verb == Pop3Verb::Auth) {
    const std::string_view argument = trim(command.argument);
    const auto space = argument.find(' ');
    std::string text = command.verb_text;
    if (!argument.empty()) text += " " + std::string(argument.substr(0, space));
    if (space != std::string_view::npos) text += " ****";
    return text;
  }
  return line;
}

void Pop3ServerSession::emit_command(const Line& line, std::string text) {
  ProtocolEvent event;
  event.kind = EventKind::Command;
  event.direction = Direction::ClientToServer;
  event.offset = line.offset;
  event.length = line.wire_length;
  event.tls_epoch = tls_epoch_;
  event.verb = Verb::Unknown;  // Verb names SMTP's verbs; the text carries the POP3 line
  event.text = std::move(text);
  emit(std::move(event));
}

void Pop3ServerSession::note(std::string text) {
  ProtocolEvent event;
  event.kind = EventKind::Note;
  event.tls_epoch = tls_epoch_;
  event.text = std::move(text);
  emit(std::move(event));
}

void Pop3ServerSession::emit(ProtocolEvent event) {
  if (event.direction == Direction::ClientToServer) event.read_batch = reads_;
  if (sink_) sink_(event);
}

}  // namespace smtplab::protocol::pop3
