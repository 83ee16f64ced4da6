// The server machine (RFC 5321 with PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES,
// STARTTLS, AUTH, SMTPUTF8, CHUNKING, DSN and HELP).
//
// [SECTIONS] lifecycle · input dispatch · greeting · transaction (MAIL/RCPT/DATA/BDAT) ·
// other commands · AUTH · STARTTLS · replies and events
#include "sim/protocol/server_session.hpp"

#include <array>

#include "sim/message/trace.hpp"
#include "sim/protocol/parameter_table.hpp"
#include "sim/protocol/sasl.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::protocol {
namespace {

// The bytes after DATA, BDAT and STARTTLS are not commands: the message, the chunk, or a
// TLS handshake (whose cleartext prefix is discarded, see on_starttls). They are not
// "commands sent ahead"; SASL lines after AUTH are checked as commands are.
bool payload_is_not_commands(Payload payload) {
  return payload == Payload::Message || payload == Payload::Chunk || payload == Payload::Tls;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

}  // namespace

std::string Envelope::with_protocol() const {
  return std::string(message::with_protocol(esmtp, connection.tls, !auth_user.empty()));
}

// ---------------------------------------------------------------------------------------
// [SECTION] lifecycle

ServerSession::ServerSession(ServerConfig config, ServerDelegate& delegate,
                             ConnectionInfo connection, EventSink sink)
    : config_(std::move(config)),
      delegate_(delegate),
      connection_(std::move(connection)),
      sink_(std::move(sink)),
      framer_(config_.max_command_line - 2) {
  envelope_.connection = connection_;
  if (connection_.tls) tls_epoch_ = 1;
}

ServerOutput ServerSession::start() {
  ServerOutput out;
  // A configured banner may span lines (a multi-line 220, RFC 5321 §4.2.1).
  if (config_.greeting.empty()) {
    reply(out, ReplyId::Greeting, config_.hostname);
  } else {
    reply_lines(out, ReplyId::Greeting, split_lines(config_.greeting));
  }
  enter_state(SessionState::Greeted);
  return out;
}

ServerOutput ServerSession::tls_established() {
  connection_.tls = true;
  tls_epoch_ = 1;
  output_offset_ = 0;
  framer_.reset_offsets();
  reset_transaction();
  envelope_ = Envelope{};
  envelope_.connection = connection_;
  ProtocolEvent event;
  event.kind = EventKind::TlsStarted;
  event.tls_epoch = 1;
  event.text = "TLS established; the SMTP session starts over (RFC 3207 4.2)";
  emit(std::move(event));
  enter_state(SessionState::Greeted);
  return {};
}

ServerOutput ServerSession::idle_timeout() {
  return close_with(ReplyId::IdleTimeout);
}

ServerOutput ServerSession::shutdown() {
  return close_with(ReplyId::ShuttingDown);
}

ServerOutput ServerSession::close_with(ReplyId id) {
  ServerOutput out;
  if (closed()) return out;
  reply(out, id, config_.hostname);
  out.close = true;
  enter_state(SessionState::Closed);
  return out;
}

// ---------------------------------------------------------------------------------------
// [SECTION] input dispatch

ServerOutput ServerSession::receive(std::string_view bytes) {
  ServerOutput out;
  // During the TLS handshake the bytes belong to the TLS layer, never to SMTP.
  if (closed() || state_ == SessionState::TlsHandshake) return out;
  ++reads_;  // every command completed by these bytes shares this read's number
  framer_.append(bytes);
  while (!closed() && state_ != SessionState::TlsHandshake && !out.close) {
    if (state_ == SessionState::ReceivingBdat) {
      handle_bdat_bytes(out);
      if (state_ == SessionState::ReceivingBdat) break;  // chunk not complete yet
      continue;
    }
    framer_.set_max_line(state_ == SessionState::ReceivingData ? config_.max_text_line - 2
                                                               : config_.max_command_line - 2);
    auto line = framer_.next_line();
    if (!line) break;
    if (state_ == SessionState::ReceivingData) {
      handle_data_line(*line, out);
    } else if (state_ == SessionState::Authenticating) {
      handle_auth_line(*line, out);
    } else {
      handle_command_line(*line, out);
    }
  }
  return out;
}

ServerSession::Handler ServerSession::handler_for(Verb verb) {
  // What this server does for each verb, indexed by Verb. Everything else about a verb
  // (syntax, the states that accept it, pipelining) is its row in the command table.
  static constexpr std::array<Handler, static_cast<std::size_t>(Verb::Unknown) + 1> kHandlers{
      &ServerSession::on_helo,    &ServerSession::on_ehlo,     &ServerSession::on_mail,
      &ServerSession::on_rcpt,    &ServerSession::on_data,     &ServerSession::on_bdat,
      &ServerSession::on_rset,    &ServerSession::on_noop,     &ServerSession::on_quit,
      &ServerSession::on_help,    &ServerSession::on_vrfy,     &ServerSession::on_expn,
      &ServerSession::on_auth,    &ServerSession::on_starttls,
      &ServerSession::on_unknown,  // LHLO: an SMTP server must not take it (RFC 2033 §4.1)
      &ServerSession::on_unknown,
  };
  return kHandlers[static_cast<std::size_t>(verb)];
}

void ServerSession::handle_command_line(const Line& line, ServerOutput& out) {
  current_line_ = line;
  Command command = parse_command(line.text);
  emit_command(line, command.verb, command.verb == Verb::Auth ? mask_auth(command) : line.text);
  if (line.ending == LineEnding::BareLf && !noted_bare_lf_command_) {
    noted_bare_lf_command_ = true;
    note("command line ended by a bare LF; RFC 5321 requires CRLF (tolerated for commands)");
  }
  if (line.overlong) {
    reply(out, ReplyId::LineTooLong);
    return;
  }
  if (line.has_nul) {
    reply(out, ReplyId::CommandUnrecognized, "line contains a NUL octet");
    return;
  }
  // Pipelining without the extension, or past a command that must end a group.
  const CommandSpec* spec = find_command_spec(command.verb);
  if (framer_.buffered() > 0 && !(spec && payload_is_not_commands(spec->payload))) {
    if (!config_.pipelining || !envelope_.esmtp) {
      note("client sent commands ahead of replies without PIPELINING (RFC 2920)");
    } else if (spec && spec->pipelining == Pipelining::EndsGroup) {
      note("command pipelined after " + std::string(verb_name(command.verb)) +
           ", which must end a group (RFC 2920 3.1)");
    }
  }
  if (auto fault = delegate_.before_command(command.verb)) {
    reply_error(out, *fault);
    if (fault->code == 421) {
      out.close = true;
      enter_state(SessionState::Closed);
    }
    return;
  }
  (this->*handler_for(command.verb))(command, out);
}

// ---------------------------------------------------------------------------------------
// [SECTION] greeting

void ServerSession::on_helo(const Command& command, ServerOutput& out) {
  greet_reply(command, false, out);
}

void ServerSession::on_ehlo(const Command& command, ServerOutput& out) {
  greet_reply(command, true, out);
}

void ServerSession::greet_reply(const Command& command, bool esmtp, ServerOutput& out) {
  const std::string_view domain = trim(command.argument);
  if (domain.empty()) return reply_syntax(out, command.verb);
  if (bdat_in_progress_) note("EHLO/HELO aborted an unfinished BDAT transfer");
  reset_transaction();  // RFC 5321 §4.1.4: EHLO/HELO resets the transaction
  envelope_.helo = std::string(domain);
  envelope_.esmtp = esmtp;
  const std::string hello =
      config_.hostname + " Hello " + std::string(domain) + " [" + connection_.client_address + "]";
  std::vector<std::string> lines{hello};
  if (esmtp) {
    if (config_.pipelining) lines.emplace_back("PIPELINING");
    lines.emplace_back(config_.max_message_size ? "SIZE " + std::to_string(config_.max_message_size)
                                                : std::string("SIZE"));
    if (config_.eight_bit_mime) lines.emplace_back("8BITMIME");
    if (config_.enhanced_status_codes) lines.emplace_back("ENHANCEDSTATUSCODES");
    if (config_.starttls && !connection_.tls) lines.emplace_back("STARTTLS");
    if (auth_offered()) lines.emplace_back("AUTH PLAIN LOGIN");
    if (config_.smtputf8) lines.emplace_back("SMTPUTF8");
    if (config_.chunking) lines.emplace_back("CHUNKING");
    if (config_.dsn) lines.emplace_back("DSN");
    if (config_.help) lines.emplace_back("HELP");
  }
  reply_lines(out, ReplyId::HeloOk, std::move(lines));
  enter_state(SessionState::Ready);
}

// ---------------------------------------------------------------------------------------
// [SECTION] transaction

void ServerSession::on_mail(const Command& command, ServerOutput& out) {
  if (bdat_in_progress_) return reply(out, ReplyId::BdatInProgress);
  if (refuse_out_of_sequence(Verb::Mail, out)) return;
  if (config_.auth_required && envelope_.auth_user.empty())
    return reply(out, ReplyId::AuthRequired);
  PathArgument parsed = parse_mail_argument(
      command.argument, PathOptions{config_.smtputf8, config_.allow_unqualified_sender});
  if (!parsed.path) {
    if (parsed.command_syntax) return reply_syntax(out, Verb::Mail);
    return reply(out, parsed.error, parsed.detail);
  }
  bool body_8bit = false;
  bool smtputf8 = false;
  unsigned long long declared_size = 0;
  for (const auto& p : parsed.parameters) {
    const std::string value = p.value.value_or("");
    if (p.keyword == "SIZE") {
      if (!p.value || !parse_decimal(value, declared_size)) {
        return reply_parameter_syntax(out, Verb::Mail, p.keyword);
      }
      if (config_.max_message_size && declared_size > config_.max_message_size) {
        return reply(out, ReplyId::SizeExceeded, std::to_string(config_.max_message_size));
      }
    } else if (p.keyword == "BODY" && config_.eight_bit_mime) {
      const std::string body = to_upper(value);
      if (body == "8BITMIME") {
        body_8bit = true;
      } else if (body != "7BIT") {
        return reply(out, ReplyId::ParamUnrecognized, "BODY=" + value);
      }
    } else if (p.keyword == "SMTPUTF8" && config_.smtputf8 && !p.value) {
      smtputf8 = true;
    } else if ((p.keyword == "RET" || p.keyword == "ENVID") && config_.dsn) {
      if (!parameter_value_valid(*find_parameter_spec(Verb::Mail, p.keyword), p.value)) {
        return reply_parameter_syntax(out, Verb::Mail, p.keyword);
      }
    } else if (p.keyword == "AUTH" && auth_offered()) {
      // RFC 4954 §5: the original submitter; accepted and ignored by a final delivery MTA.
    } else {
      return reply(out, ReplyId::ParamUnrecognized, p.keyword);
    }
  }
  if (!smtputf8 && has_non_ascii(parsed.path->mailbox.address())) {
    return reply(out, ReplyId::NonAsciiAddress, parsed.path->display());
  }
  envelope_.reverse_path = *parsed.path;
  envelope_.mail_parameters = parsed.parameters;
  envelope_.body_8bitmime = body_8bit;
  envelope_.smtputf8 = smtputf8;
  envelope_.declared_size = declared_size;
  if (!parsed.path->angle_brackets) note("MAIL FROM without <>: RFC 5321 4.1.2 requires them");
  if (!parsed.path->null && parsed.path->mailbox.domain.empty()) {
    note("unqualified sender <" + parsed.path->mailbox.local_part +
         ">: RFC 5321 4.1.2 wants a domain; this server will add its own");
  }
  if (auto refusal = delegate_.check_sender(envelope_, *parsed.path)) {
    envelope_.reverse_path = Path{};
    return reply_error(out, *refusal);
  }
  reply(out, ReplyId::SenderOk, parsed.path->display());
  enter_state(SessionState::MailGiven);
}

void ServerSession::on_rcpt(const Command& command, ServerOutput& out) {
  if (bdat_in_progress_) return reply(out, ReplyId::BdatInProgress);
  if (refuse_out_of_sequence(Verb::Rcpt, out)) return;
  if (envelope_.recipients.size() >= config_.max_recipients) {
    return reply(out, ReplyId::TooManyRecipients);
  }
  PathArgument parsed = parse_rcpt_argument(command.argument, PathOptions{envelope_.smtputf8});
  if (!parsed.path) {
    ++rejected_recipients_;
    if (parsed.command_syntax) return reply_syntax(out, Verb::Rcpt);
    return reply(out, parsed.error, parsed.detail);
  }
  for (const auto& p : parsed.parameters) {
    // RCPT's only parameters are DSN's (NOTIFY, ORCPT), checked against their syntax:
    // "NOTIFY=SOMETIMES" is a 501, not a request silently taken as "never".
    const ParameterSpec* spec = find_parameter_spec(Verb::Rcpt, p.keyword);
    if (!spec || !config_.dsn) {
      ++rejected_recipients_;
      return reply(out, ReplyId::ParamUnrecognized, p.keyword);
    }
    if (!parameter_value_valid(*spec, p.value)) {
      ++rejected_recipients_;
      return reply_parameter_syntax(out, Verb::Rcpt, p.keyword);
    }
  }
  if (!parsed.path->source_route.empty()) {
    note("source route " + parsed.path->display() +
         " ignored: delivered to the final mailbox (RFC 5321 appendix C)");
  }
  if (auto refusal = delegate_.check_recipient(envelope_, *parsed.path)) {
    ++rejected_recipients_;
    return reply_error(out, *refusal);
  }
  envelope_.recipients.push_back(Recipient{*parsed.path, parsed.parameters});
  reply(out, ReplyId::RecipientOk, parsed.path->display());
  enter_state(SessionState::RcptGiven);
}

void ServerSession::reply_parameter_syntax(ServerOutput& out, Verb verb, std::string_view keyword) {
  const ParameterSpec* spec = find_parameter_spec(verb, keyword);
  reply(out, ReplyId::SyntaxError, spec ? std::string(spec->syntax) : std::string(keyword));
}

void ServerSession::on_data(const Command& command, ServerOutput& out) {
  if (!trim(command.argument).empty()) return reply_syntax(out, Verb::Data);
  if (bdat_in_progress_) return reply(out, ReplyId::BdatInProgress);
  if (refuse_out_of_sequence(Verb::Data, out)) return;
  reply(out, ReplyId::StartMailInput);
  data_.emplace(config_.max_message_size,
                config_.bare_line_ending == BareLineEndingPolicy::Normalize);
  data_offset_ = framer_.offset();
  enter_state(SessionState::ReceivingData);
}

void ServerSession::handle_data_line(const Line& line, ServerOutput& out) {
  if (!data_->feed(line)) return;
  const DataFindings& found = data_->findings();
  ProtocolEvent event;
  event.kind = EventKind::Message;
  event.direction = Direction::ClientToServer;
  event.offset = data_offset_;
  event.length = data_->wire_octets();
  event.tls_epoch = tls_epoch_;
  event.text = std::to_string(data_->content().size()) + " octets after unstuffing";
  emit(std::move(event));
  if (found.smuggling_dots) {
    note(std::to_string(found.smuggling_dots) +
         " line(s) of a lone \".\" with a bare LF or CR: a possible SMTP smuggling attempt");
  }
  const std::string content = data_->content();
  data_.reset();
  if (found.too_big) {
    reply(out, ReplyId::SizeExceeded, std::to_string(config_.max_message_size));
  } else if ((found.bare_lf || found.bare_cr) &&
             config_.bare_line_ending == BareLineEndingPolicy::Reject) {
    reply(out, ReplyId::BareLineEnding, found.bare_lf ? "LF" : "CR");
  } else if (found.nul && config_.reject_nul) {
    reply(out, ReplyId::NulInData);
  } else if (found.overlong_line) {
    reply(out, ReplyId::DataLineTooLong);
  } else if (found.eight_bit && !envelope_.body_8bitmime &&
             config_.eight_bit == EightBitPolicy::Reject) {
    reply(out, ReplyId::EightBitNotDeclared);
  } else {
    if (found.eight_bit && !envelope_.body_8bitmime) {
      note("8-bit data without BODY=8BITMIME, accepted by policy");
    }
    finish_message(content, out);
    return;
  }
  reset_transaction();
  enter_state(SessionState::Ready);
}

void ServerSession::finish_message(std::string_view content, ServerOutput& out) {
  DeliveryResult result = delegate_.deliver(envelope_, content);
  if (result.error) {
    reply_error(out, *result.error);
  } else {
    reply(out, ReplyId::MessageAccepted, result.queue_id);
  }
  reset_transaction();
  enter_state(SessionState::Ready);
}

void ServerSession::on_bdat(const Command& command, ServerOutput& out) {
  if (!config_.chunking) return reply(out, ReplyId::NotImplemented, "BDAT");
  const std::string_view argument = trim(command.argument);
  const auto space = argument.find(' ');
  const std::string_view size_text = argument.substr(0, space);
  const std::string_view rest = space == std::string_view::npos ? "" : trim(argument.substr(space));
  unsigned long long size = 0;
  if (!parse_decimal(size_text, size) || (!rest.empty() && !iequals(rest, "LAST"))) {
    return reply_syntax(out, Verb::Bdat);
  }
  bdat_chunk_size_ = size;
  bdat_remaining_ = size;
  bdat_last_ = !rest.empty();
  // RFC 3030 §2: the chunk's octets are read even when the command is refused.
  bdat_refusal_ = out_of_sequence(Verb::Bdat);
  if (!bdat_in_progress_) {
    data_offset_ = framer_.offset();
    bdat_content_.clear();
    bdat_too_big_ = false;
  }
  state_before_auth_ = state_;  // where to return after the chunk
  enter_state(SessionState::ReceivingBdat);
  handle_bdat_bytes(out);
}

void ServerSession::handle_bdat_bytes(ServerOutput& out) {
  const std::size_t want =
      static_cast<std::size_t>(std::min<std::uint64_t>(bdat_remaining_, framer_.buffered()));
  if (want > 0) {
    std::string chunk = framer_.take_raw(want);
    bdat_remaining_ -= want;
    if (!bdat_refusal_ && !bdat_too_big_) {
      if (config_.max_message_size &&
          bdat_content_.size() + chunk.size() > config_.max_message_size) {
        bdat_too_big_ = true;
        bdat_content_.clear();
      } else {
        bdat_content_ += chunk;
      }
    }
  }
  if (bdat_remaining_ > 0) return;
  const SessionState resume = state_before_auth_;
  if (bdat_refusal_) {
    enter_state(resume);
    reply(out, *bdat_refusal_);
    return;
  }
  enter_state(resume);
  if (!bdat_last_) {
    bdat_in_progress_ = true;
    reply(out, ReplyId::ChunkAccepted, std::to_string(bdat_chunk_size_));
    return;
  }
  ProtocolEvent event;
  event.kind = EventKind::Message;
  event.direction = Direction::ClientToServer;
  event.offset = data_offset_;
  event.length = framer_.offset() - data_offset_;
  event.tls_epoch = tls_epoch_;
  event.text = std::to_string(bdat_content_.size()) + " octets in BDAT chunks";
  emit(std::move(event));
  bdat_in_progress_ = false;
  if (bdat_too_big_) {
    reply(out, ReplyId::SizeExceeded, std::to_string(config_.max_message_size));
    reset_transaction();
    enter_state(SessionState::Ready);
    return;
  }
  const std::string content = std::move(bdat_content_);
  bdat_content_.clear();
  finish_message(content, out);
}

// ---------------------------------------------------------------------------------------
// [SECTION] other commands

void ServerSession::on_rset(const Command& command, ServerOutput& out) {
  if (!trim(command.argument).empty()) return reply_syntax(out, Verb::Rset);
  reset_transaction();
  reply(out, ReplyId::Ok);
  if (state_ != SessionState::Greeted) enter_state(SessionState::Ready);
}

void ServerSession::on_noop(const Command&, ServerOutput& out) {
  reply(out, ReplyId::Ok);
}

void ServerSession::on_quit(const Command&, ServerOutput& out) {
  reply(out, ReplyId::Closing, config_.hostname);
  out.close = true;
  enter_state(SessionState::Closed);
}

void ServerSession::on_help(const Command& command, ServerOutput& out) {
  if (!config_.help) return reply(out, ReplyId::NotImplemented, "HELP");
  const std::string_view topic = trim(command.argument);
  if (topic.empty()) {
    std::string verbs;
    for (const auto& spec : command_table()) {
      if (!spec.smtp) continue;
      if (!verbs.empty()) verbs += ' ';
      verbs += spec.name;
    }
    reply_lines(out, ReplyId::HelpList,
                {"SMTP Lab server " + config_.hostname + ". Commands:", verbs,
                 "HELP <command> describes one. The protocol is RFC 5321."});
    return;
  }
  const auto verb = verb_from_name(topic);
  const CommandSpec* spec = verb ? find_command_spec(*verb) : nullptr;
  if (!spec || !spec->smtp) {
    return reply(out, ReplyId::ParamNotImplemented, "HELP " + std::string(topic));
  }
  reply_lines(
      out, ReplyId::HelpList,
      {std::string(spec->syntax), std::string(spec->description), "See " + std::string(spec->rfc)});
}

void ServerSession::on_vrfy(const Command& command, ServerOutput& out) {
  const std::string_view name = trim(command.argument);
  if (name.empty()) return reply_syntax(out, Verb::Vrfy);
  switch (config_.vrfy) {
    case VrfyPolicy::CannotVerify:
      return reply(out, ReplyId::CannotVerify);
    case VrfyPolicy::Enabled:
      break;
  }
  const VerifyAnswer answer = delegate_.verify(name);
  switch (answer.kind) {
    case VerifyAnswer::Kind::Exists:
      return reply(out, ReplyId::UserVerified, answer.text);
    case VerifyAnswer::Kind::WillForward:
      return reply(out, ReplyId::UserNotLocal, answer.text);
    case VerifyAnswer::Kind::Ambiguous:
      return reply(out, ReplyId::Ambiguous, name);
    case VerifyAnswer::Kind::Unknown:
      return reply(out, ReplyId::MailboxUnavailable, name);
    case VerifyAnswer::Kind::CannotVerify:
      return reply(out, ReplyId::CannotVerify);
  }
}

void ServerSession::on_expn(const Command& command, ServerOutput& out) {
  const std::string_view list = trim(command.argument);
  if (list.empty()) return reply_syntax(out, Verb::Expn);
  // A site that turns EXPN off for security MUST answer 252, not a code that reads as
  // "no such list" or "not implemented" (RFC 5321 §7.3); 502 would also wrongly say the
  // server does not know the command.
  if (!config_.expn) return reply(out, ReplyId::CannotExpand);
  auto members = delegate_.expand(list);
  if (!members) return reply(out, ReplyId::MailboxUnavailable, list);
  if (members->empty()) members->push_back("(the list has no members)");
  reply_lines(out, ReplyId::ListMembers, std::move(*members));
}

void ServerSession::on_unknown(const Command& command, ServerOutput& out) {
  if (command.verb_text.empty()) return reply(out, ReplyId::CommandUnrecognized, "(empty line)");
  if (const TrapSpec* trap = find_trap(command.verb_text)) {
    reply(out, trap->reply, command.verb_text);
    if (trap->closes) {
      out.close = true;
      enter_state(SessionState::Closed);
    }
    return;
  }
  reply(out, ReplyId::CommandUnrecognized, command.verb_text);
}

// ---------------------------------------------------------------------------------------
// [SECTION] AUTH (RFC 4954)

bool ServerSession::auth_offered() const {
  return config_.auth && (connection_.tls || config_.auth_over_cleartext);
}

void ServerSession::on_auth(const Command& command, ServerOutput& out) {
  if (!config_.auth) return reply(out, ReplyId::NotImplemented, "AUTH");
  // AUTH is an ESMTP extension: after HELO (or none) it was never offered.
  if (!envelope_.esmtp) return reply(out, ReplyId::NeedHelo);
  if (!auth_offered()) return reply(out, ReplyId::EncryptionRequired);
  if (!envelope_.auth_user.empty()) return reply(out, ReplyId::AlreadyAuthenticated);
  if (refuse_out_of_sequence(Verb::Auth, out)) return;
  const std::string_view argument = trim(command.argument);
  const auto space = argument.find(' ');
  const std::string mechanism = to_upper(argument.substr(0, space));
  const std::string_view initial =
      space == std::string_view::npos ? std::string_view{} : trim(argument.substr(space));
  if (mechanism.empty()) return reply_syntax(out, Verb::Auth);
  state_before_auth_ = state_;
  if (mechanism == "PLAIN") {
    if (initial.empty()) {
      auth_step_ = AuthStep::PlainResponse;
      enter_state(SessionState::Authenticating);
      reply(out, ReplyId::AuthChallenge);  // empty: "send your credentials" (RFC 4954 §4)
      return;
    }
    if (initial == "*") return reply(out, ReplyId::AuthCancelled);
    const auto credentials = decode_sasl_plain(initial);
    if (!credentials) return reply(out, ReplyId::AuthBadEncoding);
    return finish_auth(credentials->username, credentials->password, out);
  }
  if (mechanism == "LOGIN") {
    enter_state(SessionState::Authenticating);
    if (initial.empty()) {
      auth_step_ = AuthStep::LoginUsername;
      reply(out, ReplyId::AuthChallenge, kLoginUsernameChallenge);
      return;
    }
    const auto user = decode_sasl_text(initial);
    if (!user) {
      enter_state(state_before_auth_);
      return reply(out, ReplyId::AuthBadEncoding);
    }
    auth_login_user_ = *user;
    auth_step_ = AuthStep::LoginPassword;
    reply(out, ReplyId::AuthChallenge, kLoginPasswordChallenge);
    return;
  }
  reply(out, ReplyId::ParamNotImplemented, "AUTH " + mechanism);
}

void ServerSession::handle_auth_line(const Line& line, ServerOutput& out) {
  emit_command(line, Verb::Unknown,
               config_.reveal_secrets ? line.text : std::string("**** (AUTH response)"));
  const std::string_view text = trim(line.text);
  if (text == "*") {
    auth_step_ = AuthStep::None;
    enter_state(state_before_auth_);
    return reply(out, ReplyId::AuthCancelled);
  }
  switch (auth_step_) {
    case AuthStep::PlainResponse: {
      const auto credentials = decode_sasl_plain(text);
      if (!credentials) break;
      return finish_auth(credentials->username, credentials->password, out);
    }
    case AuthStep::LoginUsername: {
      const auto user = decode_sasl_text(text);
      if (!user) break;
      auth_login_user_ = *user;
      auth_step_ = AuthStep::LoginPassword;
      return reply(out, ReplyId::AuthChallenge, kLoginPasswordChallenge);
    }
    case AuthStep::LoginPassword: {
      const auto password = decode_sasl_text(text);
      if (!password) break;
      return finish_auth(auth_login_user_, *password, out);
    }
    case AuthStep::None:
      break;
  }
  auth_step_ = AuthStep::None;
  enter_state(state_before_auth_);
  reply(out, ReplyId::AuthBadEncoding);
}

void ServerSession::finish_auth(const std::optional<std::string>& user,
                                const std::optional<std::string>& password, ServerOutput& out) {
  auth_step_ = AuthStep::None;
  auth_login_user_.clear();
  if (state_ == SessionState::Authenticating) enter_state(state_before_auth_);
  if (user && password && delegate_.authenticate(*user, *password)) {
    envelope_.auth_user = *user;
    note("authenticated as " + *user + (connection_.tls ? " over TLS" : " IN CLEARTEXT"));
    return reply(out, ReplyId::AuthSucceeded);
  }
  note("authentication failed for " + user.value_or("?"));
  reply(out, ReplyId::AuthFailed);
}

std::string ServerSession::mask_auth(const Command& command) const {
  if (config_.reveal_secrets) return command.verb_text + " " + command.argument;
  const std::string_view argument = trim(command.argument);
  const auto space = argument.find(' ');
  std::string out = command.verb_text + " " + std::string(argument.substr(0, space));
  if (space != std::string_view::npos) out += " ****";
  return out;
}

// ---------------------------------------------------------------------------------------
// [SECTION] STARTTLS (RFC 3207)

void ServerSession::on_starttls(const Command& command, ServerOutput& out) {
  if (!config_.starttls) return reply(out, ReplyId::NotImplemented, "STARTTLS");
  if (connection_.tls) return reply(out, ReplyId::AlreadyTls);
  if (!trim(command.argument).empty()) return reply_syntax(out, Verb::Starttls);
  if (refuse_out_of_sequence(Verb::Starttls, out)) return;
  reply(out, ReplyId::TlsReady);
  // Anything the client pipelined after STARTTLS was sent in cleartext and could have been
  // injected by an attacker: it must never be executed inside TLS (CVE-2011-0411).
  const std::uint64_t at = framer_.offset();
  const std::size_t dropped = framer_.discard_buffered();
  if (dropped > 0) {
    ProtocolEvent event;
    event.kind = EventKind::Discarded;
    event.direction = Direction::ClientToServer;
    event.offset = at;
    event.length = dropped;
    event.tls_epoch = tls_epoch_;
    event.text = std::to_string(dropped) +
                 " octets sent after STARTTLS before TLS were discarded (STARTTLS command "
                 "injection, CVE-2011-0411)";
    emit(std::move(event));
  }
  out.start_tls = true;
  enter_state(SessionState::TlsHandshake);
}

// ---------------------------------------------------------------------------------------
// [SECTION] replies and events

void ServerSession::reset_transaction() {
  envelope_.reverse_path = Path{};
  envelope_.mail_parameters.clear();
  envelope_.recipients.clear();
  envelope_.body_8bitmime = false;
  envelope_.smtputf8 = false;
  envelope_.declared_size = 0;
  rejected_recipients_ = 0;
  data_.reset();
  bdat_in_progress_ = false;
  bdat_content_.clear();
  bdat_too_big_ = false;
}

void ServerSession::enter_state(SessionState next) {
  if (next == state_) return;
  ProtocolEvent event;
  event.kind = EventKind::StateChange;
  event.from = state_;
  event.to = next;
  event.tls_epoch = tls_epoch_;
  event.text = std::string(state_name(state_)) + " -> " + std::string(state_name(next));
  state_ = next;
  emit(std::move(event));
}

std::optional<ReplyId> ServerSession::out_of_sequence(Verb verb) const {
  std::optional<ReplyId> refusal = refusal_in(verb, state_);
  // RFC 5321 §3.3: 554 when RCPT commands were given but all refused, else 503.
  if (refusal == ReplyId::NeedRcpt && rejected_recipients_) refusal = ReplyId::NoValidRecipients;
  return refusal;
}

bool ServerSession::refuse_out_of_sequence(Verb verb, ServerOutput& out) {
  const auto refusal = out_of_sequence(verb);
  if (refusal) reply(out, *refusal, verb_name(verb));
  return refusal.has_value();
}

void ServerSession::reply_syntax(ServerOutput& out, Verb verb) {
  reply(out, ReplyId::SyntaxError, find_command_spec(verb)->syntax);
}

void ServerSession::reply(ServerOutput& out, ReplyId id, std::string_view argument) {
  const ReplySpec& spec = reply_spec(id);
  const auto custom = config_.texts.find(id);
  std::string text = custom != config_.texts.end() ? custom->second : reply_text(id, argument);
  send(out, make_reply(spec.code, config_.enhanced_status_codes ? spec.enhanced : "", {text}));
}

void ServerSession::reply_lines(ServerOutput& out, ReplyId id, std::vector<std::string> lines) {
  const ReplySpec& spec = reply_spec(id);
  const auto custom = config_.texts.find(id);
  if (custom != config_.texts.end() && !lines.empty()) lines.front() = custom->second;
  send(out,
       make_reply(spec.code, config_.enhanced_status_codes ? spec.enhanced : "", std::move(lines)));
}

void ServerSession::reply_error(ServerOutput& out, const SmtpError& error) {
  if (!error.reason.empty()) note(error.reason);
  Reply r = error.reply();
  if (!config_.enhanced_status_codes) r.enhanced.clear();
  send(out, r);
}

void ServerSession::send(ServerOutput& out, const Reply& reply) {
  const std::string wire = format_reply(reply);
  ProtocolEvent event;
  event.kind = EventKind::Reply;
  event.direction = Direction::ServerToClient;
  event.offset = output_offset_;
  event.length = wire.size();
  event.tls_epoch = tls_epoch_;
  event.code = reply.code;
  event.enhanced = reply.enhanced;
  event.text = reply.text();
  output_offset_ += wire.size();
  out.bytes += wire;
  emit(std::move(event));
  // Count protocol errors (RFC 5321 §4.3.2 does not bound them; Postfix's hard error limit
  // does, and so do we, so a broken or hostile client cannot loop forever).
  if ((reply.code >= 500 && reply.code <= 504) || reply.code == 530 || reply.code == 535) {
    if (++errors_ >= config_.max_errors && state_ != SessionState::Closed) {
      // 421 is not an error reply of the client's making, so this cannot recurse again.
      this->reply(out, ReplyId::TooManyErrors, config_.hostname);
      out.close = true;
      enter_state(SessionState::Closed);
    }
  }
}

void ServerSession::emit_command(const Line& line, Verb verb, std::string text) {
  ProtocolEvent event;
  event.kind = EventKind::Command;
  event.direction = Direction::ClientToServer;
  event.offset = line.offset;
  event.length = line.wire_length;
  event.tls_epoch = tls_epoch_;
  event.verb = verb;
  event.text = std::move(text);
  emit(std::move(event));
}

void ServerSession::note(std::string text) {
  ProtocolEvent event;
  event.kind = EventKind::Note;
  event.tls_epoch = tls_epoch_;
  event.text = std::move(text);
  emit(std::move(event));
}

void ServerSession::emit(ProtocolEvent event) {
  if (event.direction == Direction::ClientToServer) event.read_batch = reads_;
  if (sink_) sink_(event);
}

}  // namespace smtplab::protocol
