// The SMTP dissector: a reply-aware state machine over both directions of a connection.
//
// [SECTION] bytes in: on_bytes, on_gap, on_end
// [SECTION] server side: replies and what they mean for the client side
// [SECTION] client side: commands, AUTH lines, DATA lines, BDAT chunks
// [SECTION] messages and notes
#include "capture/smtp_dissector.hpp"

#include <algorithm>

#include "capture/digest.hpp"
#include "capture/message_contents.hpp"
#include "sim/protocol/command.hpp"
#include "sim/protocol/path.hpp"
#include "sim/protocol/sasl.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::capture {
namespace {

// Cisco's "SMTP fixup" and similar middleboxes overwrite STARTTLS with X's of the same
// length ("XXXXXXXA", "XXXXXXXX") so the client never sees the offer.
bool looks_like_masked_starttls(std::string_view keyword) {
  return keyword.size() == 8 && keyword.substr(0, 7) == "XXXXXXX";
}

// A refused MAIL or RCPT whose text names relaying (Postfix "Relay access denied",
// Exchange "Unable to relay", Sendmail "Relaying denied"). The enhanced code 5.7.1 alone
// says only "not authorized" (RFC 3463): it also refuses senders that did not log in.
bool is_relay_refusal(const protocol::Reply& reply) {
  if (reply.reply_class() != 5) return false;
  for (const auto& line : reply.lines) {
    if (protocol::to_upper(line).find("RELAY") != std::string::npos) return true;
  }
  return false;
}

// A refused MAIL or RCPT that asks for AUTH first: 530 (RFC 4954 §6), or a text that says
// the client must log in (Postfix reject_sender_login_mismatch: "not logged in").
bool is_authentication_refusal(const protocol::Reply& reply) {
  if (reply.code == 530) return true;
  if (reply.reply_class() != 5) return false;
  for (const auto& line : reply.lines) {
    const std::string upper = protocol::to_upper(line);
    for (const char* words : {"NOT LOGGED IN", "AUTHENTICATION REQUIRED", "MUST AUTHENTICATE",
                              "AUTHENTICATE FIRST", "LOG IN FIRST", "LOGIN FIRST"}) {
      if (upper.find(words) != std::string::npos) return true;
    }
  }
  return false;
}

// BDAT's arguments as RFC 3030 §3 gives them: a size, then LAST or nothing.
struct BdatArguments {
  bool size_valid = false;
  unsigned long long size = 0;
  bool last = false;
  bool valid = false;  // the whole argument follows the syntax
};

BdatArguments parse_bdat_arguments(std::string_view argument) {
  BdatArguments out;
  argument = protocol::trim(argument);
  const auto space = argument.find(' ');
  out.size_valid = protocol::parse_decimal(argument.substr(0, space), out.size);
  const std::string_view rest =
      space == std::string_view::npos ? std::string_view() : protocol::trim(argument.substr(space));
  out.last = protocol::iequals(rest, "LAST");
  out.valid = out.size_valid && (rest.empty() || out.last);
  return out;
}

int index(Side side) {
  return static_cast<int>(side);
}

// The code of the reply that says yes to `verb` in the command table (354 to DATA...).
int success_code(protocol::Verb verb) {
  return protocol::reply_spec(protocol::find_command_spec(verb)->success).code;
}

/// Records kept per session (the GUI shows them; beyond this only a count matters).
constexpr std::size_t kMaxTlsRecords = 10000;

/// Bytes reserved for a message's content before its first line (no SIZE declared), and at
/// most (SIZE declared).
constexpr std::uint64_t kDefaultContentReserve = 4096;
constexpr std::uint64_t kMaxContentReserve = 1 << 20;

// The SIZE= parameter of a MAIL FROM argument (RFC 1870), 0 when absent or invalid. Read
// by the server's own argument parser, leniently: a capture's path may be anything a real
// client sent (UTF-8, no domain), and only the size matters here.
std::uint64_t declared_size(std::string_view mail_argument) {
  const protocol::PathArgument parsed = protocol::parse_mail_argument(
      mail_argument, protocol::PathOptions{.allow_utf8 = true, .allow_unqualified = true});
  for (const auto& parameter : parsed.parameters) {
    if (!protocol::iequals(parameter.keyword, "SIZE") || !parameter.value) continue;
    unsigned long long size = 0;
    return protocol::parse_decimal(*parameter.value, size) ? size : 0;
  }
  return 0;
}

}  // namespace

bool looks_like_smtp_greeting(std::string_view first_bytes) {
  return first_bytes.size() >= 4 && first_bytes.substr(0, 3) == "220" &&
         (first_bytes[3] == ' ' || first_bytes[3] == '-' || first_bytes[3] == '\r');
}

SmtpDissector::SmtpDissector(const StreamContext& context) : context_(context) {
  session_.dialogue.reserve(16);  // a plain one-message session: no regrowth on the way
  session_.client = context.client;
  session_.server = context.server;
  session_.first_frame = context.first_frame;
  session_.first_ts_sec = context.first_ts_sec;
  session_.first_ts_nsec = context.first_ts_nsec;
}

// [SECTION] bytes in --------------------------------------------------------------------

void SmtpDissector::on_bytes(Side side, std::uint64_t offset, std::string_view bytes) {
  const int s = index(side);
  if (mode_[s] == Mode::Unknown) {
    // The first bytes tell an implicit-TLS side (a record header) from clear-text SMTP.
    base(side) = offset;
    if (looks_like_tls_record(bytes)) {
      mode_[s] = Mode::Tls;
      session_.tls = true;
      note(side == Side::Client ? NoteId::ClientImplicitTls : NoteId::ServerImplicitTls,
           frame_at(side, offset));
    } else {
      mode_[s] = Mode::Smtp;
    }
  }
  if (mode_[s] == Mode::Tls) {
    feed_tls(side, offset, bytes);
    return;
  }
  // Lines are framed in the segment's own bytes; only an unfinished line (or lines the
  // client sent ahead of a reply it waits for) is copied.
  framer(side).borrow(bytes);
  if (side == Side::Server) process_server();
  process_client();
  framer(side).keep_rest();
}

void SmtpDissector::on_gap(Side side, std::uint64_t offset, std::uint64_t length,
                           std::uint64_t frame) {
  const int s = index(side);
  if (mode_[s] == Mode::Tls) {
    tls_[s] = TlsRecordScanner{};  // record boundaries are lost with the bytes
    mode_[s] = Mode::Tls;
    return;
  }
  mode_[s] = Mode::Smtp;
  // Whatever was partly framed is unusable: restart framing after the hole.
  framer(side) = protocol::LineFramer(kMaxLine);
  base(side) = offset + length;
  if (side == Side::Server) {
    reply_parser_ = protocol::ReplyParser{};
    reply_raw_sizes_.clear();
    return;
  }
  if (phase_ == ClientPhase::Data || phase_ == ClientPhase::Bdat) {
    if (message_) message_->complete = false;
    note(NoteId::MessageBytesMissing, frame, {std::to_string(length)});
  }
  if (phase_ == ClientPhase::Bdat) {
    bdat_remaining_ -= std::min(bdat_remaining_, length);
    if (bdat_remaining_ == 0) phase_ = ClientPhase::Command;
  }
  if (phase_ == ClientPhase::Data) previous_line_crlf_ = false;
}

void SmtpDissector::on_end(std::uint64_t frame) {
  if (message_) {
    if (message_end_seen_) {
      // Every byte of the message was seen: it is whole, only the verdict is missing.
      note(NoteId::MessageReplyMissing, frame, {message_->via});
    } else {
      note(NoteId::SessionEndedInMessage, frame,
           {phase_ == ClientPhase::Data ? std::string("DATA") : message_->via});
      message_->complete = false;
    }
    finish_message(0, frame);
  }
  if (pending_count() > 0) {
    note(NoteId::CommandsUnanswered, frame, {std::to_string(pending_count())});
  }
  // Nearly always in frame order already: sort (which moves every entry) only when not.
  const auto by_frame = [](const DialogueEntry& a, const DialogueEntry& b) {
    return a.frame < b.frame;
  };
  if (!std::is_sorted(session_.dialogue.begin(), session_.dialogue.end(), by_frame)) {
    std::stable_sort(session_.dialogue.begin(), session_.dialogue.end(), by_frame);
  }
}

// [SECTION] server side -----------------------------------------------------------------

void SmtpDissector::process_server() {
  protocol::LineFramer& lines = framer(Side::Server);
  while (mode_[index(Side::Server)] == Mode::Smtp) {
    auto line = lines.next_line_view();
    if (!line) break;
    const std::uint64_t offset = base(Side::Server) + line->offset;
    const std::uint64_t last = offset + line->wire_length - 1;
    if (!reply_parser_.in_progress()) {
      reply_offset_ = offset;
      reply_raw_sizes_.clear();
    }
    const auto status = reply_parser_.feed_line(line->text);
    if (status == protocol::ReplyParser::Status::Bad) {
      note(NoteId::ServerLineNotReply, frame_at(Side::Server, last),
           {printable_note_value(line->text)});
      reply_raw_sizes_.clear();
      continue;
    }
    // The line as sent after "ddd-" / "ddd ": its size is enough to tell, later, whether the
    // parser stripped an enhanced code (and a space) from it.
    reply_raw_sizes_.push_back(line->text.size() > 4 ? line->text.size() - 4 : 0);
    if (status == protocol::ReplyParser::Status::NeedMore) continue;
    protocol::Reply reply = reply_parser_.take();
    DialogueEntry entry;
    entry.kind = DialogueEntry::Kind::Reply;
    entry.side = Side::Server;
    entry.frame = frame_at(Side::Server, last);
    entry.first_frame = frame_at(Side::Server, reply_offset_);
    entry.offset = reply_offset_;
    entry.length = last + 1 - reply_offset_;
    entry.code = reply.code;
    entry.enhanced = reply.enhanced;
    session_.dialogue.push_back(std::move(entry));
    const std::size_t index = session_.dialogue.size() - 1;
    const bool client_was_blocked = blocked_;
    on_reply(reply, index);
    DialogueEntry& added = session_.dialogue[index];
    for (std::size_t i = 0; i < reply.lines.size(); ++i) {
      const std::size_t stripped = reply_raw_sizes_[i] - reply.lines[i].size();
      if (stripped == 0) continue;  // RawForm::Text, the default
      added.set_raw_form(i, stripped > added.enhanced.size() ? DialogueEntry::RawForm::CodeAndSpace
                                                             : DialogueEntry::RawForm::CodeOnly);
    }
    added.lines = std::move(reply.lines);  // moved, not copied
    // The client's bytes that waited for this reply (a body pipelined before its 354) are
    // read now, before the replies after it in the same segment: the 250 that follows a
    // 354 then finds the message it answers.
    if (client_was_blocked && !blocked_) process_client();
  }
}

void SmtpDissector::on_reply(const protocol::Reply& reply, std::size_t entry) {
  const std::uint64_t frame = session_.dialogue[entry].frame;
  if (reply.permanent_failure()) {
    note(NoteId::PermanentFailureReply, frame,
         {std::to_string(reply.code),
          printable_note_value(reply.lines.empty() ? std::string() : reply.lines.front())});
  }
  if (mode_[index(Side::Client)] == Mode::Tls && !clear_after_tls_noted_) {
    clear_after_tls_noted_ = true;
    note(NoteId::ServerClearAfterClientTls, frame);
  }
  if (!greeting_seen_) {
    greeting_seen_ = true;
    if (reply.code != 220) {
      note(NoteId::GreetingRefusesService, frame, {std::to_string(reply.code)});
    }
    return;
  }
  if (pending_count() == 0) {
    note(NoteId::ReplyWithoutCommand, frame);
    return;
  }
  const Pending pending = pending_[pending_front_++];
  if (pending_front_ == pending_.size()) {
    pending_.clear();
    pending_front_ = 0;
  }
  const std::string& argument = session_.dialogue[pending.entry].argument;
  const bool ok = reply.reply_class() == 2;
  switch (pending.verb) {
    case protocol::Verb::Helo:
    case protocol::Verb::Ehlo:
    case protocol::Verb::Lhlo:
      if (reply.code == success_code(pending.verb)) {
        if (transaction_open()) {
          note(NoteId::EnvelopeResetByHelo, frame,
               {protocol::to_upper(session_.dialogue[pending.entry].verb)});
          abandon_message_before(pending.entry, frame);
          reset_transaction();
        }
        session_.extensions.clear();
        ehlo_answered_ = true;
        starttls_offered_ = false;
        session_.extensions.reserve(reply.lines.size());
        for (std::size_t i = 1; i < reply.lines.size(); ++i) {
          const std::string_view keyword =
              std::string_view(reply.lines[i]).substr(0, reply.lines[i].find(' '));
          session_.extensions.push_back(reply.lines[i]);
          if (protocol::iequals(keyword, "PIPELINING")) pipelining_ = true;
          if (protocol::iequals(keyword, "STARTTLS")) starttls_offered_ = true;
          if (keyword.size() == 8 && looks_like_masked_starttls(protocol::to_upper(keyword))) {
            note(NoteId::StartTlsMasked, frame, {protocol::to_upper(keyword)});
          }
        }
      }
      break;
    case protocol::Verb::Mail:
      if (ok) {
        abandon_message_before(pending.entry, frame);
        mail_from_ = argument;
      }
      note_refusal(reply, "MAIL", argument, frame);
      break;
    case protocol::Verb::Rcpt:
      if (ok) rcpt_to_.push_back(argument);
      note_refusal(reply, "RCPT", argument, frame);
      break;
    case protocol::Verb::Data:
      if (pending.answer == Answer::MessageEnd) {
        finish_message(reply.code, frame);
        break;
      }
      blocked_ = false;
      if (reply.code == success_code(protocol::Verb::Data)) {
        start_message("DATA", frame, pending.entry);
        phase_ = ClientPhase::Data;
      }
      break;
    case protocol::Verb::Bdat:
      if (pending.answer == Answer::InvalidBdat) {
        // The server decides what the bytes after a malformed BDAT are: a chunk if it took
        // the command, commands again if it refused it (501).
        blocked_ = false;
        const BdatArguments bdat = parse_bdat_arguments(argument);
        if (ok) {  // never a LAST chunk: "LAST" is the only valid second argument
          if (!message_) start_message("BDAT", frame, pending.entry);
          bdat_remaining_ = bdat.size;
          if (bdat.size > 0) phase_ = ClientPhase::Bdat;
        }
      } else if (pending.answer == Answer::LastChunk) {
        finish_message(bdat_failure_ ? bdat_failure_ : reply.code, frame);
      } else if (!ok && bdat_failure_ == 0) {
        bdat_failure_ = reply.code;
      }
      break;
    case protocol::Verb::Auth:
      blocked_ = false;
      if (reply.code == protocol::reply_spec(protocol::ReplyId::AuthChallenge).code) {
        phase_ = ClientPhase::AuthLine;
      } else if (reply.code == success_code(protocol::Verb::Auth)) {
        note(NoteId::AuthSucceeded, frame, {auth_mechanism_});
      } else {
        note(NoteId::AuthFailed, frame, {auth_mechanism_});
      }
      break;
    case protocol::Verb::Starttls:
      blocked_ = false;
      if (ehlo_answered_ && !starttls_offered_) {
        note(NoteId::StartTlsNotOffered, frame);
      }
      if (reply.code == success_code(protocol::Verb::Starttls)) {
        note(NoteId::StartTlsAccepted, frame);
        switch_to_tls(Side::Server);
        switch_to_tls(Side::Client);
      } else {
        note(NoteId::StartTlsRefused, frame, {std::to_string(reply.code)});
      }
      break;
    case protocol::Verb::Rset:
      if (ok) {
        abandon_message_before(pending.entry, frame);
        reset_transaction();
        bdat_failure_ = 0;
      }
      break;
    default:
      break;
  }
}

void SmtpDissector::switch_to_tls(Side side) {
  const int s = index(side);
  if (mode_[s] == Mode::Tls) return;
  mode_[s] = Mode::Tls;
  session_.tls = true;
  // Bytes already framed but not parsed belong to TLS (the ClientHello, typically).
  protocol::LineFramer& lines = framer(side);
  const std::uint64_t offset = base(side) + lines.offset();
  const std::string rest = lines.take_raw(lines.buffered());
  if (!rest.empty()) feed_tls(side, offset, rest);
}

void SmtpDissector::feed_tls(Side side, std::uint64_t offset, std::string_view bytes) {
  TlsRecordScanner& scanner = tls_[index(side)];
  if (scanner.broken()) return;
  std::vector<TlsRecord> records;
  scanner.feed(offset, bytes, records);
  for (const auto& record : records) {
    if (session_.tls_records.size() >= kMaxTlsRecords) break;
    session_.tls_records.push_back(TlsRecordSeen{side, frame_at(side, record.offset), record});
  }
  if (scanner.broken()) {
    note(side == Side::Client ? NoteId::ClientTlsRecordsBroken : NoteId::ServerTlsRecordsBroken,
         frame_at(side, offset));
  }
}

// [SECTION] client side -----------------------------------------------------------------

void SmtpDissector::process_client() {
  protocol::LineFramer& lines = framer(Side::Client);
  while (!blocked_ && mode_[index(Side::Client)] == Mode::Smtp) {
    if (phase_ == ClientPhase::Bdat) {
      const std::size_t n =
          static_cast<std::size_t>(std::min<std::uint64_t>(bdat_remaining_, lines.buffered()));
      if (n == 0) break;
      const std::uint64_t offset = base(Side::Client) + lines.offset();
      const std::string_view chunk = lines.take_raw_view(n);
      if (message_) {
        message_->content.append(chunk);
        message_->last_frame = frame_at(Side::Client, offset + n - 1);
      }
      bdat_remaining_ -= n;
      if (bdat_remaining_ == 0) {
        phase_ = ClientPhase::Command;
        if (bdat_last_ && message_) message_end_seen_ = true;
      }
      continue;
    }
    auto line = lines.next_line_view();
    if (!line) break;
    const std::uint64_t offset = base(Side::Client) + line->offset;
    switch (phase_) {
      case ClientPhase::Command:
        handle_command(*line, offset);
        break;
      case ClientPhase::AuthLine:
        handle_auth_line(*line, offset);
        break;
      case ClientPhase::Data:
        handle_data_line(*line, offset);
        break;
      case ClientPhase::Bdat:
        break;
    }
  }
}

void SmtpDissector::handle_command(const protocol::LineView& line, std::uint64_t offset) {
  const std::uint64_t frame = frame_at(Side::Client, offset + line.wire_length - 1);
  protocol::Command command = protocol::parse_command(line.text);
  DialogueEntry entry;
  entry.kind = DialogueEntry::Kind::Command;
  entry.side = Side::Client;
  entry.frame = frame;
  entry.first_frame = frame_at(Side::Client, offset);
  entry.offset = offset;
  entry.length = line.wire_length;
  entry.verb = std::move(command.verb_text);
  entry.argument = std::move(command.argument);
  session_.dialogue.push_back(std::move(entry));
  // The command's text now lives in its dialogue line (nothing below adds lines).
  const std::string& verb_text = session_.dialogue.back().verb;
  const std::string& argument_text = session_.dialogue.back().argument;

  if (!greeting_seen_) {
    note(NoteId::CommandBeforeGreeting, frame, {printable_note_value(verb_text)});
  } else if (pending_count() > 0 && !pipelining_) {
    note(NoteId::PipeliningNotAnnounced, frame);
  }
  if (line.text.size() > 510 || line.overlong) {
    note(NoteId::CommandLineTooLong, frame);
  }
  if (line.ending == protocol::LineEnding::BareLf) {
    note(NoteId::CommandBareLf, frame);
  }

  // DATA, STARTTLS, AUTH: what follows is their payload (message, TLS, SASL line) only if
  // the server says yes (354, 220, 334), so the client's next bytes wait for that reply.
  protocol::Verb expected = command.verb;
  Answer answer = Answer::Command;
  const protocol::CommandSpec* spec = protocol::find_command_spec(command.verb);
  if (spec && protocol::payload_waits_for_reply(spec->payload)) blocked_ = true;
  switch (command.verb) {
    case protocol::Verb::Auth: {
      const std::string_view argument = argument_text;
      const auto space = argument.find(' ');
      auth_mechanism_ = protocol::to_upper(argument.substr(0, space));
      auth_step_ = 0;
      auth_user_.clear();
      if (space != std::string_view::npos) {
        const std::string_view initial = protocol::trim(argument.substr(space + 1));
        if (!initial.empty() && initial != "=") decode_auth(initial, frame);
      }
      break;
    }
    case protocol::Verb::Bdat: {
      const BdatArguments bdat = parse_bdat_arguments(argument_text);
      if (!bdat.valid) {
        note(NoteId::BdatInvalidSize, frame, {printable_note_value(argument_text)});
        if (!bdat.size_valid) {
          expected = protocol::Verb::Unknown;  // no size: what follows can only be commands
          break;
        }
        // A size with junk after it: whether a chunk follows is the server's call.
        answer = Answer::InvalidBdat;
        blocked_ = true;
        break;
      }
      if (bdat.last) answer = Answer::LastChunk;
      if (!message_) start_message("BDAT", frame, session_.dialogue.size() - 1);
      bdat_last_ = bdat.last;
      bdat_remaining_ = bdat.size;
      if (bdat.size > 0) {
        phase_ = ClientPhase::Bdat;
      } else if (bdat.last) {
        message_end_seen_ = true;
      }
      break;
    }
    default:
      break;
  }
  expect_reply(expected, answer);
}

void SmtpDissector::handle_auth_line(const protocol::LineView& line, std::uint64_t offset) {
  const std::uint64_t frame = frame_at(Side::Client, offset + line.wire_length - 1);
  DialogueEntry entry;
  entry.kind = DialogueEntry::Kind::AuthLine;
  entry.side = Side::Client;
  entry.frame = frame;
  entry.first_frame = frame_at(Side::Client, offset);
  entry.offset = offset;
  entry.length = line.wire_length;
  entry.argument = line.text;
  session_.dialogue.push_back(std::move(entry));
  decode_auth(line.text, frame);
  expect_reply(protocol::Verb::Auth, Answer::SaslLine);
  phase_ = ClientPhase::Command;
  blocked_ = true;
}

void SmtpDissector::decode_auth(std::string_view response, std::uint64_t frame) {
  if (response == "*") {
    note(NoteId::AuthCancelled, frame);
    return;
  }
  if (auth_mechanism_ == "PLAIN") {
    if (auto plain = protocol::decode_sasl_plain(response)) {
      session_.credentials.push_back(
          ExposedCredentials{"PLAIN", plain->username, plain->password, frame});
      note(NoteId::CleartextCredentials, frame,
           {auth_mechanism_, printable_note_value(plain->username)});
    }
  } else if (auth_mechanism_ == "LOGIN") {
    const auto decoded = protocol::decode_sasl_text(response);
    if (!decoded) return;
    if (auth_step_ == 0) {
      auth_user_ = *decoded;
    } else if (auth_step_ == 1) {
      session_.credentials.push_back(ExposedCredentials{"LOGIN", auth_user_, *decoded, frame});
      note(NoteId::CleartextCredentials, frame,
           {auth_mechanism_, printable_note_value(auth_user_)});
    }
    ++auth_step_;
  }
}

void SmtpDissector::handle_data_line(const protocol::LineView& line, std::uint64_t offset) {
  const std::uint64_t frame = frame_at(Side::Client, offset + line.wire_length - 1);
  const bool crlf = line.ending == protocol::LineEnding::Crlf;
  const std::string_view text = line.text;
  if (text == "." && crlf && previous_line_crlf_) {
    // CRLF . CRLF: the end of the message (the CRLF before the dot belongs to it).
    DialogueEntry entry;
    entry.kind = DialogueEntry::Kind::DataEnd;
    entry.side = Side::Client;
    entry.frame = frame;
    entry.first_frame = frame_at(Side::Client, offset);
    entry.offset = offset;
    entry.length = line.wire_length;
    entry.data_bytes = data_wire_bytes_;
    session_.dialogue.push_back(std::move(entry));
    if (message_) message_->last_frame = frame;
    message_end_seen_ = true;
    expect_reply(protocol::Verb::Data, Answer::MessageEnd);
    phase_ = ClientPhase::Command;
    return;
  }
  data_wire_bytes_ += line.wire_length;
  const char* smuggling = nullptr;
  if (text == "." && !crlf) {
    smuggling = previous_line_crlf_ ? "<CR><LF>.<LF>" : "<LF>.<LF>";
  } else if (text == "." && !previous_line_crlf_) {
    smuggling = "<LF>.<CR><LF>";
  } else if (text.ends_with("\r.") || text.starts_with(".\r") ||
             text.find("\r.\r") != std::string_view::npos) {
    smuggling = "<CR>.<CR>";
  }
  if (smuggling) {
    note(NoteId::SmtpSmuggling, frame, {smuggling});
  }
  if (!crlf && !data_warned_bare_lf_) {
    data_warned_bare_lf_ = true;
    note(NoteId::BareLfInData, frame);
  }
  if (line.has_bare_cr && !data_warned_bare_cr_) {
    data_warned_bare_cr_ = true;
    note(NoteId::BareCrInData, frame);
  }
  if ((text.size() > 998 || line.overlong) && !data_warned_long_) {
    data_warned_long_ = true;
    note(NoteId::MessageLineTooLong, frame);
  }
  if (message_) {
    const std::string_view unstuffed = (text.size() > 1 && text[0] == '.') ? text.substr(1) : text;
    message_->content.append(unstuffed);
    message_->content.append(crlf ? "\r\n" : "\n");
    if (line.overlong) message_->complete = false;
  }
  previous_line_crlf_ = crlf;
}

// [SECTION] messages and notes ----------------------------------------------------------

void SmtpDissector::start_message(const char* via, std::uint64_t frame, std::size_t entry) {
  message_ = std::make_unique<SmtpMessage>();
  message_entry_ = entry;
  message_end_seen_ = false;
  bdat_last_ = false;
  // One allocation for the content in the usual case, not one per doubling: room for the
  // size the client declared (plus slack: it may count line endings differently), capped
  // so a lying client cannot make us reserve much.
  const std::uint64_t declared = declared_size(mail_from_);
  message_->content.reserve(static_cast<std::size_t>(
      declared ? std::min<std::uint64_t>(declared + declared / 8 + 256, kMaxContentReserve)
               : kDefaultContentReserve));
  message_->via = via;
  message_->first_frame = frame;
  data_wire_bytes_ = 0;
  previous_line_crlf_ = true;
  data_warned_bare_lf_ = data_warned_bare_cr_ = data_warned_long_ = false;
  bdat_failure_ = 0;
}

void SmtpDissector::finish_message(int code, std::uint64_t frame) {
  if (!message_) return;
  // The envelope as accepted by the time the transfer ended (RCPT replies may arrive after
  // pipelined BDAT chunks were sent).
  message_->mail_from = std::move(mail_from_);  // reset_transaction() below clears both
  message_->rcpt_to = std::move(rcpt_to_);
  message_->final_code = code;
  if (message_->last_frame == 0) message_->last_frame = frame;
  message_->sha256 = sha256_hex(message_->content);
  note_mime_anomalies(describe_message_contents(*message_), message_->last_frame);
  session_.messages.push_back(std::move(*message_));
  message_.reset();
  reset_transaction();
  bdat_failure_ = 0;
  bdat_remaining_ = 0;
}

void SmtpDissector::note_mime_anomalies(const std::vector<message::MimeNote>& anomalies,
                                        std::uint64_t frame) {
  // A hostile message can hold thousands of broken parts: a few notes say enough.
  constexpr std::size_t kMaxMimeNotes = 16;
  for (std::size_t i = 0; i < anomalies.size() && i < kMaxMimeNotes; ++i) {
    session_.notes.push_back(make_mime_note(anomalies[i], frame));
  }
  if (anomalies.size() > kMaxMimeNotes) {
    note(NoteId::NotesDropped, frame, {std::to_string(anomalies.size() - kMaxMimeNotes)});
  }
}

void SmtpDissector::abandon_message_before(std::size_t entry, std::uint64_t frame) {
  // Only a message begun by an earlier command: with pipelining, the BDAT chunks of the
  // next transaction may already be read when this command's reply arrives.
  if (!message_ || message_entry_ > entry) return;
  note(NoteId::MessageAbandoned, frame, {protocol::to_upper(session_.dialogue[entry].verb)});
  message_->complete = false;
  finish_message(0, frame);
}

void SmtpDissector::note_refusal(const protocol::Reply& reply, const char* verb,
                                 const std::string& argument, std::uint64_t frame) {
  const std::string code =
      std::to_string(reply.code) + (reply.enhanced.empty() ? "" : " " + reply.enhanced);
  if (is_relay_refusal(reply)) {
    if (std::string_view(verb) == "RCPT") {
      note(NoteId::RelayAttemptRefused, frame, {code, printable_note_value(argument)});
    }
  } else if (is_authentication_refusal(reply)) {
    note(NoteId::AuthenticationRefusal, frame, {code, verb, printable_note_value(argument)});
  }
}

bool SmtpDissector::transaction_open() const {
  return !mail_from_.empty() || !rcpt_to_.empty() || message_ != nullptr;
}

void SmtpDissector::reset_transaction() {
  mail_from_.clear();
  rcpt_to_.clear();
}

void SmtpDissector::note(NoteId id, std::uint64_t frame, std::vector<std::string> args) {
  session_.notes.push_back(make_note(id, frame, std::move(args)));
}

}  // namespace smtplab::capture
