// The POP3 dissector: commands matched to responses in order, multi-line responses read to
// their lone dot.
//
// [SECTION] server side: status lines, listings, message bodies
// [SECTION] client side: commands and SASL lines
#include "capture/pop3_dissector.hpp"

#include "capture/notes.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::capture {
namespace {

using protocol::pop3::Pop3Verb;

/// Listing lines kept per response (a LIST of a huge maildrop is still counted in bytes).
constexpr std::size_t kMaxListingLines = 10000;

// The status word a server line starts with: "+OK", "-ERR", "+" (a SASL challenge), or ""
// when the line is not a POP3 response.
std::string_view status_of(std::string_view line) {
  const auto word = line.substr(0, line.find(' '));
  if (protocol::iequals(word, "+OK")) return "+OK";
  if (protocol::iequals(word, "-ERR")) return "-ERR";
  if (word == "+") return "+";
  return {};
}

// RFC 1939: a "+OK" to these is followed by lines up to a lone dot.
bool is_multiline(Pop3Verb verb, std::string_view argument) {
  switch (verb) {
    case Pop3Verb::Capa:
    case Pop3Verb::Retr:
    case Pop3Verb::Top:
      return true;
    case Pop3Verb::List:
    case Pop3Verb::Uidl:
      return protocol::trim(argument).empty();
    case Pop3Verb::Auth:
      // "AUTH" alone lists the mechanisms (RFC 1734 servers, still common).
      return protocol::trim(argument).empty();
    default:
      return false;
  }
}

}  // namespace

bool looks_like_pop3_greeting(std::string_view first_bytes) {
  return first_bytes.size() >= 4 && first_bytes.substr(0, 3) == "+OK" &&
         (first_bytes[3] == ' ' || first_bytes[3] == '\r' || first_bytes[3] == '\n');
}

Pop3Dissector::Pop3Dissector(const StreamContext& context)
    : MailStreamDissector(context, MailProtocol::Pop3) {}

void Pop3Dissector::on_end(std::uint64_t frame) {
  if (server_phase_ != ServerPhase::Status) finish_multiline(true, frame);
  if (!pending_.empty()) {
    note(NoteId::CommandsUnanswered, frame, {std::to_string(pending_.size())});
  }
  sort_dialogue();
}

void Pop3Dissector::on_text_gap(Side side, std::uint64_t length, std::uint64_t frame) {
  if (side == Side::Client) {
    auth_line_ = false;
    return;
  }
  if (server_phase_ == ServerPhase::Body && message_) {
    message_->complete = false;
    note(NoteId::MessageBytesMissing, frame, {std::to_string(length)});
    previous_crlf_ = false;
  }
}

// [SECTION] server side -----------------------------------------------------------------

void Pop3Dissector::process_server() {
  protocol::LineFramer& lines = framer(Side::Server);
  while (mode(Side::Server) == Mode::Text) {
    auto line = lines.next_line_view();
    if (!line) break;
    const std::uint64_t offset = base(Side::Server) + line->offset;
    const bool was_blocked = blocked_;
    if (server_phase_ == ServerPhase::Status) {
      handle_status(*line, offset);
    } else {
      handle_multiline(*line, offset);
    }
    // The client's lines that waited for this response are read before the next one.
    if (was_blocked && !blocked_) process_client();
  }
}

void Pop3Dissector::handle_status(const protocol::LineView& line, std::uint64_t offset) {
  const std::string_view status = status_of(line.text);
  DialogueEntry entry =
      make_entry(DialogueEntry::Kind::Reply, Side::Server, offset, line.wire_length);
  if (status.empty()) {
    note(NoteId::MailServerLineNotResponse, entry.frame,
         {label(), printable_note_value(line.text)});
    return;
  }
  entry.lines.emplace_back(line.text);
  MailLineDetail detail;
  detail.status = std::string(status);
  if (!greeting_seen_) {
    greeting_seen_ = true;
    if (status != "+OK") {
      note(NoteId::MailGreetingRefuses, entry.frame, {label(), printable_note_value(line.text)});
    }
    add_entry(std::move(entry), std::move(detail));
    return;
  }
  if (pending_.empty()) {
    note(NoteId::MailResponseUnmatched, entry.frame, {label(), printable_note_value(line.text)});
    add_entry(std::move(entry), std::move(detail));
    return;
  }
  const Pending pending = pending_.front();
  if (status == "+") {
    // A SASL challenge: the AUTH goes on, the client's next line answers it.
    add_entry(std::move(entry), std::move(detail));
    if (pending.verb == Pop3Verb::Auth) {
      auth_line_ = true;
      blocked_ = false;
    }
    return;
  }
  pending_.erase(pending_.begin());
  const bool ok = status == "+OK";
  if (ok && pending.multiline) {
    response_ = std::move(entry);
    response_detail_ = std::move(detail);
    server_phase_ = ServerPhase::Listing;
    if (pending.verb == Pop3Verb::Retr || pending.verb == Pop3Verb::Top) {
      server_phase_ = ServerPhase::Body;
      message_ = std::make_unique<SmtpMessage>();
      message_->via = pending.verb == Pop3Verb::Retr ? "RETR" : "TOP";
      message_->first_frame = response_.frame;
      message_->last_frame = response_.frame;
      previous_crlf_ = true;
    }
    return;
  }
  const std::size_t index = add_entry(std::move(entry), std::move(detail));
  const std::uint64_t frame = session_.dialogue[index].frame;
  const std::string verb = protocol::to_upper(session_.dialogue[pending.entry].verb);
  switch (pending.verb) {
    case Pop3Verb::Unknown:
      if (verb != "APOP") break;
      [[fallthrough]];
    case Pop3Verb::Pass:
    case Pop3Verb::Auth:
      blocked_ = false;
      auth_line_ = false;
      if (ok) {
        note(NoteId::MailLoginAccepted, frame, {label(), verb});
      } else {
        note(NoteId::MailLoginRefused, frame,
             {label(), verb, printable_note_value(session_.dialogue[index].lines.front())});
      }
      break;
    case Pop3Verb::Stls:
      blocked_ = false;
      if (ok) {
        note(NoteId::MailTlsUpgradeAccepted, frame, {label(), "STLS"});
        switch_to_tls(Side::Server);
        switch_to_tls(Side::Client);
      } else {
        note(NoteId::MailTlsUpgradeRefused, frame,
             {label(), "STLS", printable_note_value(session_.dialogue[index].lines.front())});
      }
      break;
    default:
      break;
  }
}

void Pop3Dissector::handle_multiline(const protocol::LineView& line, std::uint64_t offset) {
  const std::uint64_t last = offset + line.wire_length - 1;
  const bool crlf = line.ending == protocol::LineEnding::Crlf;
  if (line.text == "." && previous_crlf_) {
    response_.length = last + 1 - response_.offset;
    response_.frame = frame_at(Side::Server, last);
    finish_multiline(false, response_.frame);
    return;
  }
  response_.data_bytes += line.wire_length;
  // What was read so far, should the capture end before the lone dot.
  response_.length = last + 1 - response_.offset;
  response_.frame = frame_at(Side::Server, last);
  // RFC 1939 §3: a line starting with the termination octet has it doubled.
  const std::string_view text =
      (line.text.size() > 1 && line.text[0] == '.') ? line.text.substr(1) : line.text;
  if (server_phase_ == ServerPhase::Body) {
    if (message_) {
      message_->content.append(text);
      message_->content.append(crlf ? "\r\n" : "\n");
      message_->last_frame = frame_at(Side::Server, last);
      if (line.overlong) message_->complete = false;
    }
  } else if (response_.lines.size() < kMaxListingLines) {
    response_.lines.emplace_back(text);
  }
  previous_crlf_ = crlf;
}

void Pop3Dissector::finish_multiline(bool cut, std::uint64_t frame) {
  if (message_) {
    if (cut) {
      message_->complete = false;
      note(NoteId::MailMessageCut, frame,
           {label(), message_->via, std::to_string(message_->content.size())});
    }
    if (message_->last_frame == 0) message_->last_frame = frame;
    keep_message(std::move(*message_));
    message_.reset();
  }
  add_entry(std::move(response_), std::move(response_detail_));
  response_ = DialogueEntry{};
  response_detail_ = MailLineDetail{};
  server_phase_ = ServerPhase::Status;
  previous_crlf_ = true;
}

// [SECTION] client side -----------------------------------------------------------------

void Pop3Dissector::process_client() {
  protocol::LineFramer& lines = framer(Side::Client);
  while (!blocked_ && mode(Side::Client) == Mode::Text) {
    auto line = lines.next_line_view();
    if (!line) break;
    const std::uint64_t offset = base(Side::Client) + line->offset;
    if (auth_line_) {
      handle_auth_line(*line, offset);
    } else {
      handle_command(*line, offset);
    }
  }
}

void Pop3Dissector::handle_command(const protocol::LineView& line, std::uint64_t offset) {
  protocol::pop3::Pop3Command command = protocol::pop3::parse_pop3_command(line.text);
  DialogueEntry entry =
      make_entry(DialogueEntry::Kind::Command, Side::Client, offset, line.wire_length);
  const std::uint64_t frame = entry.frame;
  entry.verb = std::move(command.verb_text);
  entry.argument = std::move(command.argument);
  MailLineDetail detail;
  const std::string& argument = entry.argument;
  switch (command.verb) {
    case Pop3Verb::User:
      user_ = argument;
      break;
    case Pop3Verb::Pass:
      detail.secret_at = 0;
      keep_credentials(ExposedCredentials{"USER/PASS", user_, argument, frame});
      break;
    case Pop3Verb::Unknown: {
      // APOP (RFC 1939 §7) is not in the lab's table (its server offers no APOP):
      // "APOP name digest", the digest proves the password without sending it.
      if (!protocol::iequals(entry.verb, "APOP")) break;
      const auto space = argument.rfind(' ');
      if (space != std::string::npos) {
        detail.secret_at = space + 1;
        session_.credentials.push_back(ExposedCredentials{"APOP", argument.substr(0, space),
                                                          argument.substr(space + 1), frame});
      }
      break;
    }
    case Pop3Verb::Auth: {
      const std::string_view text = argument;
      const auto space = text.find(' ');
      sasl_.start(protocol::trim(text.substr(0, space)));
      if (space != std::string_view::npos) {
        const std::string_view initial = protocol::trim(text.substr(space + 1));
        if (!initial.empty() && initial != "=") {
          if (auto credentials = sasl_.feed(initial, frame)) keep_credentials(*credentials);
        }
      }
      if (!sasl_.mechanism().empty()) blocked_ = true;
      break;
    }
    case Pop3Verb::Stls:
      blocked_ = true;  // after "+OK" the client's next bytes are TLS
      break;
    default:
      break;
  }
  const bool multiline = is_multiline(command.verb, argument);
  const std::size_t index = add_entry(std::move(entry), std::move(detail));
  pending_.push_back(Pending{command.verb, index, multiline});
}

void Pop3Dissector::handle_auth_line(const protocol::LineView& line, std::uint64_t offset) {
  DialogueEntry entry =
      make_entry(DialogueEntry::Kind::AuthLine, Side::Client, offset, line.wire_length);
  entry.argument = std::string(line.text);
  const std::uint64_t frame = entry.frame;
  if (auto credentials = sasl_.feed(line.text, frame)) keep_credentials(*credentials);
  add_entry(std::move(entry), MailLineDetail{});
  auth_line_ = false;
  blocked_ = true;  // the next challenge or the verdict decides what comes next
}

}  // namespace smtplab::capture
