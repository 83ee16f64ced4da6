// The client machine (RFC 5321 §3-4 from the sender's side, RFC 2920 pipelining, RFC 1870
// SIZE, RFC 3207 STARTTLS, RFC 4954 AUTH, RFC 3030 BDAT, RFC 6152 8BITMIME, RFC 6531).
//
// [SECTIONS] replies in · greeting and hello · STARTTLS and AUTH · transaction · results ·
// output and events
#include "sim/protocol/client_session.hpp"

#include "sim/protocol/data_receiver.hpp"
#include "sim/protocol/path.hpp"
#include "sim/protocol/sasl.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::protocol {
namespace {

bool has_eight_bit(std::string_view text) {
  return has_non_ascii(text);
}

// A failure recorded in place of a reply the server never gave: a catalogue row as well.
Reply local_reply(ReplyId id, std::string_view argument = {}) {
  const ReplySpec& spec = reply_spec(id);
  return make_reply(spec.code, spec.enhanced, {reply_text(id, argument)});
}

// The code of the reply that says yes to `verb` (354 to DATA, 220 to STARTTLS...).
int success_code(Verb verb) {
  return reply_spec(find_command_spec(verb)->success).code;
}

RecipientResult::Outcome outcome_of(const Reply& reply) {
  if (reply.code >= 200 && reply.code < 300) return RecipientResult::Outcome::Delivered;
  if (reply.code >= 500) return RecipientResult::Outcome::Permanent;
  return RecipientResult::Outcome::Transient;
}

}  // namespace

std::string ehlo_keyword(std::string_view line) {
  const auto space = line.find(' ');
  return to_upper(line.substr(0, space));
}

ClientSession::ClientSession(ClientConfig config, std::vector<OutgoingMessage> messages,
                             EventSink sink)
    : config_(std::move(config)), messages_(std::move(messages)), sink_(std::move(sink)) {
  results_.resize(messages_.size());
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    for (const auto& r : messages_[i].recipients) results_[i].recipients.push_back({r, {}, {}});
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] replies in

ClientOutput ClientSession::receive(std::string_view bytes) {
  ClientOutput out;
  if (done()) return out;
  framer_.append(bytes);
  std::uint64_t reply_start = framer_.offset();
  while (!done() && !out.start_tls) {
    if (!parser_.in_progress()) reply_start = framer_.offset();
    auto line = framer_.next_line();
    if (!line) break;
    const auto status = parser_.feed_line(line->text);
    if (status == ReplyParser::Status::NeedMore) continue;
    if (status == ReplyParser::Status::Bad) {
      note("the server sent a line that is not an SMTP reply: \"" + line->text + "\"");
      fail_all_remaining(local_reply(ReplyId::NotAReply));
      out.close = true;
      enter(State::Done);
      break;
    }
    const Reply reply = parser_.take();
    ProtocolEvent event;
    event.kind = EventKind::Reply;
    event.direction = Direction::ServerToClient;
    event.offset = reply_start;
    event.length = framer_.offset() - reply_start;
    event.tls_epoch = tls_epoch_;
    event.code = reply.code;
    event.enhanced = reply.enhanced;
    event.text = reply.text();
    if (sink_) sink_(event);
    on_reply(reply, out);
  }
  return out;
}

void ClientSession::on_reply(const Reply& reply, ClientOutput& out) {
  switch (state_) {
    case State::Greeting:
      if (reply.code == reply_spec(ReplyId::Greeting).code) {
        send_command(out, Verb::Ehlo, config_.helo_name);
        return enter(State::Ehlo);
      }
      fail_all_remaining(reply);
      return quit(out);
    case State::Ehlo:
      if (reply.positive()) {
        extensions_.clear();
        size_limit_ = 0;
        for (std::size_t i = 1; i < reply.lines.size(); ++i) {
          const std::string keyword = ehlo_keyword(reply.lines[i]);
          extensions_.insert(keyword);
          if (keyword == "AUTH") extensions_.insert("AUTH " + to_upper(reply.lines[i].substr(4)));
          if (keyword == "SIZE" && reply.lines[i].size() > 5) {
            unsigned long long limit = 0;
            if (parse_decimal(trim(std::string_view(reply.lines[i]).substr(5)), limit))
              size_limit_ = limit;
          }
        }
        return after_hello(out);
      }
      if (reply.permanent_failure() && !tls_) {
        // An old server that does not know EHLO (RFC 5321 §3.2): fall back to HELO.
        note("EHLO refused with " + std::to_string(reply.code) + "; falling back to HELO");
        send_command(out, Verb::Helo, config_.helo_name);
        return enter(State::Helo);
      }
      fail_all_remaining(reply);
      return quit(out);
    case State::Helo:
      if (reply.positive()) {
        extensions_.clear();
        return after_hello(out);
      }
      fail_all_remaining(reply);
      return quit(out);
    case State::Starttls:
      tried_starttls_ = true;
      if (reply.code == success_code(Verb::Starttls)) {
        out.start_tls = true;
        return;
      }
      note("STARTTLS refused with " + std::to_string(reply.code));
      return after_hello(out);
    case State::Auth:
      if (reply.code == success_code(Verb::Auth)) {
        authenticated_ = true;
        return start_message(out);
      }
      fail_all_remaining(reply);
      return quit(out);
    case State::AuthLoginUser:
      if (reply.code == reply_spec(ReplyId::AuthChallenge).code) {
        send_line(out, encode_sasl_text(config_.auth_user), Verb::Unknown, true);
        return enter(State::AuthLoginPassword);
      }
      fail_all_remaining(reply);
      return quit(out);
    case State::AuthLoginPassword:
      if (reply.code == reply_spec(ReplyId::AuthChallenge).code) {
        send_line(out, encode_sasl_text(config_.auth_password), Verb::Unknown, true);
        return enter(State::Auth);
      }
      fail_all_remaining(reply);
      return quit(out);
    case State::Mail:
    case State::Rcpt:
    case State::Data:
    case State::Content:
      break;
    case State::Quit:
      enter(State::Done);
      out.close = true;
      return;
    case State::Done:
      return;
  }

  // [SECTION] transaction: replies are matched to the commands awaiting them, in order.
  if (awaiting_.empty()) {
    note("unexpected reply " + std::to_string(reply.code) + " ignored");
    return;
  }
  const Verb verb = awaiting_.front();
  awaiting_.erase(awaiting_.begin());
  const OutgoingMessage& message = messages_[current_];
  const bool more_pending = !awaiting_.empty();  // a pipelined batch is still answering
  switch (verb) {
    case Verb::Mail:
      mail_accepted_ = reply.positive();
      if (!mail_accepted_) fail_current(reply);
      if (!more_pending) {
        if (!mail_accepted_) {
          ++current_;
          return start_message(out);
        }
        send_command(out, Verb::Rcpt, "TO:<" + message.recipients[0] + ">");
        awaiting_.push_back(Verb::Rcpt);
        enter(State::Rcpt);
      }
      return;
    case Verb::Rcpt: {
      rcpt_replies_[rcpt_index_++] = reply;
      if (!awaiting_.empty()) return;  // pipelined: more replies are on their way
      if (rcpt_index_ < message.recipients.size()) {
        std::string argument = "TO:<" + message.recipients[rcpt_index_] + ">";
        for (const auto& p : message.rcpt_parameters) argument += " " + p;
        send_command(out, Verb::Rcpt, argument);
        awaiting_.push_back(Verb::Rcpt);
        return;
      }
      bool any = false;
      for (const auto& r : rcpt_replies_) any = any || (r && r->positive());
      if (!any) {
        finish_message(reply);
        send_command(out, Verb::Rset);
        awaiting_.push_back(Verb::Rset);
        return;
      }
      if (config_.chunking && extensions_.count("CHUNKING")) return send_content(out);
      send_command(out, Verb::Data);
      awaiting_.push_back(Verb::Data);
      return enter(State::Data);
    }
    case Verb::Data: {
      bool any = false;
      for (const auto& r : rcpt_replies_) any = any || (r && r->positive());
      if (reply.code == success_code(Verb::Data)) {
        if (!any) {
          // RFC 2920 §3.1: DATA pipelined after refused recipients got 354 anyway: end it
          // with an empty message, which the server must then refuse.
          note("354 after every recipient was refused: sending an empty message to end DATA");
          out.bytes += ".\r\n";
          sent_offset_ += 3;
          awaiting_.push_back(Verb::Unknown);
          return enter(State::Content);
        }
        return send_content(out);
      }
      finish_message(reply);
      if (mail_accepted_) {
        send_command(out, Verb::Rset);
        awaiting_.push_back(Verb::Rset);
        return;
      }
      ++current_;
      return start_message(out);
    }
    case Verb::Bdat:
    case Verb::Unknown:  // the end of DATA
      finish_message(reply);
      ++current_;
      return start_message(out);
    case Verb::Rset:
      ++current_;
      return start_message(out);
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] greeting and hello

void ClientSession::after_hello(ClientOutput& out) {
  if (config_.starttls && !tls_ && !tried_starttls_ && extensions_.count("STARTTLS")) {
    send_command(out, Verb::Starttls);
    return enter(State::Starttls);
  }
  if (config_.require_tls && !tls_) {
    fail_all_remaining(local_reply(ReplyId::TlsNotOffered));
    return quit(out);
  }
  if (!config_.auth_user.empty() && !authenticated_) return start_auth(out);
  start_message(out);
}

// ---------------------------------------------------------------------------------------
// [SECTION] STARTTLS and AUTH

ClientOutput ClientSession::tls_established() {
  ClientOutput out;
  tls_ = true;
  tls_epoch_ = 1;
  sent_offset_ = 0;
  // Bytes the server sent in cleartext after its 220 are not to be trusted (the mirror
  // image of CVE-2011-0411): drop them.
  if (const std::size_t dropped = framer_.discard_buffered()) {
    note(std::to_string(dropped) + " octets received after 220 to STARTTLS were discarded");
  }
  framer_.reset_offsets();
  ProtocolEvent event;
  event.kind = EventKind::TlsStarted;
  event.tls_epoch = 1;
  event.text = "TLS established; EHLO again (RFC 3207 4.2)";
  if (sink_) sink_(event);
  send_command(out, Verb::Ehlo, config_.helo_name);
  enter(State::Ehlo);
  return out;
}

void ClientSession::tls_failed(std::string_view why) {
  connection_lost("TLS handshake failed: " + std::string(why));
}

void ClientSession::start_auth(ClientOutput& out) {
  const bool plain = extensions_.count("AUTH") && [&] {
    for (const auto& e : extensions_) {
      if (e.starts_with("AUTH ") && e.find("PLAIN") != std::string::npos) return true;
    }
    return false;
  }();
  bool login = false;
  for (const auto& e : extensions_) {
    if (e.starts_with("AUTH ") && e.find("LOGIN") != std::string::npos) login = true;
  }
  if (plain) {
    send_line(out,
              command_line(Verb::Auth,
                           "PLAIN " + encode_sasl_plain(config_.auth_user, config_.auth_password)),
              Verb::Auth, true);
    return enter(State::Auth);
  }
  if (login) {
    send_command(out, Verb::Auth, "LOGIN");
    return enter(State::AuthLoginUser);
  }
  note("the server offers no AUTH PLAIN or LOGIN; sending without authentication");
  start_message(out);
}

// ---------------------------------------------------------------------------------------
// [SECTION] transaction

void ClientSession::start_message(ClientOutput& out) {
  while (current_ < messages_.size()) {
    const OutgoingMessage& message = messages_[current_];
    if (message.recipients.empty()) {
      ++current_;
      continue;
    }
    // RFC 1870: a client must not send a message larger than the server's SIZE.
    if (size_limit_ && message.content.size() > size_limit_) {
      fail_current(local_reply(ReplyId::OverServerSize, std::to_string(message.content.size()) +
                                                            " octets exceeds the server's SIZE " +
                                                            std::to_string(size_limit_)));
      ++current_;
      continue;
    }
    bool utf8_address = has_non_ascii(message.reverse_path);
    for (const auto& r : message.recipients) utf8_address = utf8_address || has_non_ascii(r);
    if (utf8_address && !extensions_.count("SMTPUTF8")) {
      fail_current(local_reply(ReplyId::ServerLacksSmtputf8));
      ++current_;
      continue;
    }
    break;
  }
  if (current_ >= messages_.size()) return quit(out);

  const OutgoingMessage& message = messages_[current_];
  std::string mail = "FROM:<" + message.reverse_path + ">";
  if (extensions_.count("SIZE")) mail += " SIZE=" + std::to_string(message.content.size());
  if (has_eight_bit(message.content) && extensions_.count("8BITMIME")) mail += " BODY=8BITMIME";
  bool utf8_address = has_non_ascii(message.reverse_path);
  for (const auto& r : message.recipients) utf8_address = utf8_address || has_non_ascii(r);
  if (utf8_address) mail += " SMTPUTF8";
  if (extensions_.count("DSN")) {
    for (const auto& p : message.mail_parameters) mail += " " + p;
  }
  rcpt_replies_.assign(message.recipients.size(), std::nullopt);
  rcpt_index_ = 0;
  mail_accepted_ = false;
  awaiting_.clear();
  enter(State::Mail);
  send_command(out, Verb::Mail, mail);
  awaiting_.push_back(Verb::Mail);
  if (!(config_.pipelining && extensions_.count("PIPELINING"))) return;
  // RFC 2920: MAIL and every RCPT in one batch, DATA last (or BDAT with the content).
  for (const auto& r : message.recipients) {
    std::string argument = "TO:<" + r + ">";
    for (const auto& p : message.rcpt_parameters) argument += " " + p;
    send_command(out, Verb::Rcpt, argument);
    awaiting_.push_back(Verb::Rcpt);
  }
  if (config_.chunking && extensions_.count("CHUNKING")) return send_content(out);
  send_command(out, Verb::Data);
  awaiting_.push_back(Verb::Data);
}

void ClientSession::send_content(ClientOutput& out) {
  const OutgoingMessage& message = messages_[current_];
  ProtocolEvent event;
  event.kind = EventKind::Message;
  event.direction = Direction::ClientToServer;
  event.tls_epoch = tls_epoch_;
  if (config_.chunking && extensions_.count("CHUNKING")) {
    send_command(out, Verb::Bdat, std::to_string(message.content.size()) + " LAST");
    event.offset = sent_offset_;
    out.bytes += message.content;
    sent_offset_ += message.content.size();
    awaiting_.push_back(Verb::Bdat);
  } else {
    const std::string stuffed = dot_stuff(message.content);
    event.offset = sent_offset_;
    out.bytes += stuffed;
    sent_offset_ += stuffed.size();
    awaiting_.push_back(Verb::Unknown);
  }
  event.length = sent_offset_ - event.offset;
  event.text = std::to_string(message.content.size()) + " octets of message";
  if (sink_) sink_(event);
  enter(State::Content);
}

// ---------------------------------------------------------------------------------------
// [SECTION] results

void ClientSession::finish_message(const Reply& final_reply) {
  MessageResult& result = results_[current_];
  result.final_reply = final_reply;
  if (!mail_accepted_) return;  // every recipient already has the MAIL refusal
  for (std::size_t i = 0; i < result.recipients.size(); ++i) {
    RecipientResult& r = result.recipients[i];
    const std::optional<Reply>& rcpt = rcpt_replies_[i];
    if (rcpt && rcpt->positive()) {
      r.reply = final_reply;
    } else {
      r.reply = rcpt.value_or(final_reply);
    }
    r.outcome = outcome_of(r.reply);
  }
}

void ClientSession::fail_current(const Reply& reply) {
  for (auto& r : results_[current_].recipients) {
    r.reply = reply;
    r.outcome = outcome_of(reply);
    if (r.outcome == RecipientResult::Outcome::Delivered)
      r.outcome = RecipientResult::Outcome::Transient;
  }
}

void ClientSession::fail_all_remaining(const Reply& reply) {
  for (std::size_t m = current_; m < results_.size(); ++m) {
    for (auto& r : results_[m].recipients) {
      if (r.reply.code != 0) continue;
      r.reply = reply;
      r.outcome = reply.permanent_failure() ? RecipientResult::Outcome::Permanent
                                            : RecipientResult::Outcome::Transient;
    }
  }
  current_ = results_.size();
}

void ClientSession::connection_lost(std::string_view why) {
  if (!done()) fail_all_remaining(local_reply(ReplyId::ConnectionLost, why));
  enter(State::Done);
}

void ClientSession::quit(ClientOutput& out) {
  send_command(out, Verb::Quit);
  enter(State::Quit);
}

// ---------------------------------------------------------------------------------------
// [SECTION] output and events

void ClientSession::send_command(ClientOutput& out, Verb verb, std::string_view argument) {
  send_line(out, command_line(verb, argument), verb);
}

void ClientSession::send_line(ClientOutput& out, const std::string& line, Verb verb, bool secret) {
  ProtocolEvent event;
  event.kind = EventKind::Command;
  event.direction = Direction::ClientToServer;
  event.offset = sent_offset_;
  event.length = line.size() + 2;
  event.tls_epoch = tls_epoch_;
  event.verb = verb;
  if (secret && !config_.reveal_secrets) {
    event.text = verb == Verb::Auth ? "AUTH PLAIN ****" : "**** (AUTH response)";
  } else {
    event.text = line;
  }
  out.bytes += line;
  out.bytes += "\r\n";
  sent_offset_ += line.size() + 2;
  if (sink_) sink_(event);
}

void ClientSession::enter(State next) {
  state_ = next;
}

void ClientSession::note(std::string text) {
  if (!sink_) return;
  ProtocolEvent event;
  event.kind = EventKind::Note;
  event.tls_epoch = tls_epoch_;
  event.text = std::move(text);
  sink_(event);
}

}  // namespace smtplab::protocol
