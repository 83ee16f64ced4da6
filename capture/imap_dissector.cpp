// The IMAP dissector: tagged responses matched by tag, literals read by count both ways.
//
// [SECTION] server side: responses, literals, FETCH messages
// [SECTION] client side: commands, SASL lines, IDLE's DONE
#include "capture/imap_dissector.hpp"

#include <algorithm>

#include "capture/notes.hpp"
#include "sim/protocol/imap/arguments.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::capture {
namespace {

using protocol::imap::ImapCommand;

/// Lines (and literals) kept per response: a hostile FETCH may announce literal after
/// literal; what is beyond is still read by count, only not listed.
constexpr std::size_t kMaxResponseLines = 10000;

protocol::imap::ImapConfig capture_config() {
  protocol::imap::ImapConfig config;
  // A capture is read, never refused: limits only a broken stream reaches.
  config.max_line = MailStreamDissector::kMaxLine;
  config.max_literal = std::uint64_t{1} << 40;
  config.max_message = std::uint64_t{1} << 40;
  config.max_command = std::uint64_t{1} << 41;
  return config;
}

// The status word of a response's text: OK, NO, BAD, BYE, PREAUTH (upper case), or "".
std::string status_of(std::string_view text) {
  const std::string word = protocol::to_upper(text.substr(0, text.find(' ')));
  for (const char* status : {"OK", "NO", "BAD", "BYE", "PREAUTH"}) {
    if (word == status) return word;
  }
  return {};
}

// True when the literal that ends `line` is a whole message: the FETCH item before it is
// BODY[] (or BODY.PEEK[], BINARY[], with a partial <origin>) or RFC822.
bool is_message_literal(std::string_view line) {
  std::string_view before = line.substr(0, line.rfind('{'));
  while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
  const auto start = before.find_last_of(" (");
  const std::string item =
      protocol::to_upper(start == std::string_view::npos ? before : before.substr(start + 1));
  for (const char* whole : {"BODY[]", "BODY.PEEK[]", "BINARY[]", "BINARY.PEEK[]"}) {
    const std::string_view name = whole;
    if (item == name ||
        (item.starts_with(name) && item.size() > name.size() && item[name.size()] == '<')) {
      return true;
    }
  }
  return item == "RFC822";
}

// The sizes of the literals in a command's wire form (lines joined by CRLF, each literal's
// octets after the line that announced it).
std::vector<std::uint64_t> literal_sizes(std::string_view wire) {
  std::vector<std::uint64_t> sizes;
  std::size_t at = 0;
  while (at < wire.size() && sizes.size() < kMaxResponseLines) {
    const auto end = wire.find("\r\n", at);
    if (end == std::string_view::npos) break;
    const auto literal = protocol::imap::literal_at_end(wire.substr(at, end - at));
    if (!literal || literal->size > wire.size()) break;
    sizes.push_back(literal->size);
    at = end + 2 + static_cast<std::size_t>(literal->size);
  }
  return sizes;
}

}  // namespace

bool looks_like_imap_greeting(std::string_view first_bytes) {
  for (std::string_view greeting : {"* OK", "* PREAUTH", "* BYE"}) {
    if (first_bytes.size() > greeting.size() && first_bytes.starts_with(greeting) &&
        (first_bytes[greeting.size()] == ' ' || first_bytes[greeting.size()] == '\r')) {
      return true;
    }
  }
  return false;
}

ImapDissector::ImapDissector(const StreamContext& context)
    : MailStreamDissector(context, MailProtocol::Imap),
      config_(capture_config()),
      reader_(config_) {}

void ImapDissector::on_end(std::uint64_t frame) {
  if (message_) finish_message(true, frame);
  if (in_response_) {
    in_response_ = false;
    add_entry(std::move(response_), std::move(response_detail_));
  }
  if (!pending_.empty()) {
    note(NoteId::CommandsUnanswered, frame, {std::to_string(pending_.size())});
  }
  sort_dialogue();
}

void ImapDissector::on_text_gap(Side side, std::uint64_t length, std::uint64_t frame) {
  if (side == Side::Client) {
    reader_.take();  // the command being read lost its bytes
    phase_ = ClientPhase::Command;
    blocked_ = false;
    awaiting_continuation_ = false;
    return;
  }
  if (literal_remaining_ > 0) {
    if (message_) {
      message_->complete = false;
      note(NoteId::MessageBytesMissing, frame, {std::to_string(length)});
    }
    literal_remaining_ -= std::min(literal_remaining_, length);
    if (literal_remaining_ == 0 && message_) finish_message(false, frame);
  }
}

// [SECTION] server side -----------------------------------------------------------------

void ImapDissector::process_server() {
  protocol::LineFramer& lines = framer(Side::Server);
  while (mode(Side::Server) == Mode::Text) {
    if (literal_remaining_ > 0) {
      const std::size_t n =
          static_cast<std::size_t>(std::min<std::uint64_t>(literal_remaining_, lines.buffered()));
      if (n == 0) break;
      const std::uint64_t offset = base(Side::Server) + lines.offset();
      const std::string_view octets = lines.take_raw_view(n);
      literal_remaining_ -= n;
      if (message_) {
        message_->content.append(octets);
        message_->last_frame = frame_at(Side::Server, offset + n - 1);
        if (literal_remaining_ == 0) finish_message(false, message_->last_frame);
      }
      continue;
    }
    auto line = lines.next_line_view();
    if (!line) break;
    const bool was_blocked = blocked_;
    handle_response_line(*line, base(Side::Server) + line->offset);
    // The client's bytes that waited for this response are read before the next one.
    if (was_blocked && !blocked_) process_client();
  }
}

void ImapDissector::handle_response_line(const protocol::LineView& line, std::uint64_t offset) {
  const std::string_view text = line.text;
  const std::uint64_t last = offset + line.wire_length - 1;
  if (!in_response_) {
    const auto space = text.find(' ');
    const std::string_view tag = text.substr(0, space);
    if (tag.empty() || (space == std::string_view::npos && tag != "+")) {
      note(NoteId::MailServerLineNotResponse, frame_at(Side::Server, last),
           {label(), printable_note_value(text)});
      return;
    }
    response_ = make_entry(DialogueEntry::Kind::Reply, Side::Server, offset, line.wire_length);
    response_detail_ = MailLineDetail{};
    response_detail_.tag = std::string(tag);
    const std::string_view rest =
        space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    response_detail_.status = tag == "+" ? std::string("+") : status_of(rest);
    response_.lines.emplace_back(rest);
    in_response_ = true;
  } else if (response_.lines.size() < kMaxResponseLines) {
    response_.lines.emplace_back(text);
  }
  response_.length = last + 1 - response_.offset;
  response_.frame = frame_at(Side::Server, last);
  if (const auto literal = protocol::imap::literal_at_end(text); literal && !line.overlong) {
    // The response goes on after `size` octets, read by count.
    if (response_detail_.literals.size() < kMaxResponseLines) {
      response_detail_.literals.push_back(literal->size);
    }
    literal_remaining_ = literal->size;
    if (response_detail_.tag == "*" && is_message_literal(text)) {
      if (message_) finish_message(true, response_.frame);
      message_ = std::make_unique<SmtpMessage>();
      message_->via = "FETCH";
      message_->first_frame = response_.frame;
      message_->last_frame = response_.frame;
      message_->content.reserve(
          static_cast<std::size_t>(std::min<std::uint64_t>(literal->size, 1 << 20)));
      if (literal_remaining_ == 0) finish_message(false, response_.frame);
    }
    return;
  }
  in_response_ = false;
  complete_response();
}

void ImapDissector::complete_response() {
  MailLineDetail detail = std::move(response_detail_);
  response_detail_ = MailLineDetail{};
  const std::uint64_t frame = response_.frame;
  if (detail.tag == "*") {
    if (!greeting_seen_) {
      greeting_seen_ = true;
      if (detail.status != "OK" && detail.status != "PREAUTH") {
        note(NoteId::MailGreetingRefuses, frame,
             {label(), printable_note_value(response_.lines.front())});
      }
    } else if (!pending_.empty()) {
      detail.answers = pending_.front().tag;
    }
  } else if (detail.tag == "+") {
    on_continuation(detail);
  } else {
    greeting_seen_ = true;
    on_tagged(detail);
    return;
  }
  add_entry(std::move(response_), std::move(detail));
}

void ImapDissector::on_continuation(MailLineDetail& detail) {
  if (awaiting_continuation_) {
    // The server takes the literal: the client sends its octets.
    detail.answers = reader_.tag();
    awaiting_continuation_ = false;
    blocked_ = false;
    return;
  }
  if (!pending_.empty()) {
    const Pending& last = pending_.back();
    detail.answers = last.tag;
    if (last.command == ImapCommand::Authenticate) {
      phase_ = ClientPhase::AuthLine;
      blocked_ = false;
      return;
    }
    if (last.command == ImapCommand::Idle) {
      phase_ = ClientPhase::IdleDone;
      blocked_ = false;
      return;
    }
    return;
  }
  note(NoteId::MailResponseUnmatched, response_.frame,
       {label(), printable_note_value("+ " + response_.lines.front())});
}

void ImapDissector::on_tagged(MailLineDetail& detail) {
  const std::string tag = detail.tag;
  const std::string status = detail.status;
  const std::uint64_t frame = response_.frame;
  const std::string text = printable_note_value(response_.lines.front());
  const auto found = std::find_if(pending_.begin(), pending_.end(),
                                  [&](const Pending& p) { return p.tag == tag; });
  if (found == pending_.end()) {
    if (awaiting_continuation_ && tag == reader_.tag()) {
      // The server refused a literal instead of "+": the command ends here.
      add_entry(std::move(response_), std::move(detail));
      awaiting_continuation_ = false;
      blocked_ = false;
      handle_command(reader_.take(), true);
      return;
    }
    note(NoteId::MailResponseUnmatched, frame, {label(), printable_note_value(tag + " ") + text});
    add_entry(std::move(response_), std::move(detail));
    return;
  }
  const Pending pending = *found;
  pending_.erase(found);
  add_entry(std::move(response_), std::move(detail));
  const std::string verb = protocol::to_upper(session_.dialogue[pending.entry].verb);
  const bool ok = status == "OK";
  switch (pending.command) {
    case ImapCommand::Login:
    case ImapCommand::Authenticate:
      phase_ = ClientPhase::Command;
      blocked_ = false;
      if (ok) {
        note(NoteId::MailLoginAccepted, frame, {label(), verb});
      } else {
        note(NoteId::MailLoginRefused, frame, {label(), verb, text});
      }
      return;
    case ImapCommand::Starttls:
      blocked_ = false;
      if (ok) {
        note(NoteId::MailTlsUpgradeAccepted, frame, {label(), "STARTTLS"});
        switch_to_tls(Side::Server);
        switch_to_tls(Side::Client);
      } else {
        note(NoteId::MailTlsUpgradeRefused, frame, {label(), "STARTTLS", text});
      }
      return;
    case ImapCommand::Idle:
      phase_ = ClientPhase::Command;
      blocked_ = false;
      break;
    default:
      break;
  }
  if (status == "BAD") note(NoteId::MailCommandBad, frame, {label(), verb, text});
}

void ImapDissector::finish_message(bool cut, std::uint64_t frame) {
  if (!message_) return;
  if (cut || literal_remaining_ > 0) {
    message_->complete = false;
    note(NoteId::MailMessageCut, frame,
         {label(), message_->via, std::to_string(message_->content.size())});
  }
  SmtpMessage message = std::move(*message_);
  message_.reset();
  keep_message(std::move(message));
}

// [SECTION] client side -----------------------------------------------------------------

void ImapDissector::process_client() {
  protocol::LineFramer& lines = framer(Side::Client);
  while (!blocked_ && mode(Side::Client) == Mode::Text) {
    if (phase_ != ClientPhase::Command) {
      auto line = lines.next_line_view();
      if (!line) break;
      handle_client_line(*line, base(Side::Client) + line->offset);
      continue;
    }
    using Step = protocol::imap::CommandReader::Step;
    const Step step = reader_.next(lines);
    if (step == Step::NeedMore) break;
    if (step == Step::LiteralContinue) {
      // A synchronising literal: its octets come only after the server's "+".
      awaiting_continuation_ = true;
      blocked_ = true;
      break;
    }
    handle_command(reader_.take(), false);
  }
}

void ImapDissector::handle_client_line(const protocol::LineView& line, std::uint64_t offset) {
  const bool sasl = phase_ == ClientPhase::AuthLine;
  DialogueEntry entry =
      make_entry(sasl ? DialogueEntry::Kind::AuthLine : DialogueEntry::Kind::Command, Side::Client,
                 offset, line.wire_length);
  if (sasl) {
    entry.argument = std::string(line.text);
    if (auto credentials = sasl_.feed(line.text, entry.frame)) keep_credentials(*credentials);
    blocked_ = true;  // another "+" or the tagged verdict
  } else {
    entry.verb = std::string(line.text);  // "DONE"
  }
  phase_ = ClientPhase::Command;
  add_entry(std::move(entry), MailLineDetail{});
}

void ImapDissector::handle_command(protocol::imap::AssembledCommand command, bool answered) {
  const std::string_view shown = command.shown;
  const auto space = shown.find(' ');
  const std::string_view tag = shown.substr(0, space);
  const std::string_view rest =
      space == std::string_view::npos ? std::string_view() : shown.substr(space + 1);
  const auto verb_end = rest.find(' ');
  DialogueEntry entry = make_entry(DialogueEntry::Kind::Command, Side::Client,
                                   base(Side::Client) + command.offset, command.length);
  const std::uint64_t frame = entry.frame;
  entry.verb = std::string(rest.substr(0, verb_end));
  entry.argument =
      verb_end == std::string_view::npos ? std::string() : std::string(rest.substr(verb_end + 1));
  MailLineDetail detail;
  detail.tag = std::string(tag);
  detail.literals = literal_sizes(command.wire);
  const protocol::imap::ImapCommandSpec* spec = protocol::imap::find_imap_command(entry.verb);
  const ImapCommand id = spec ? spec->command : ImapCommand::Unknown;
  const std::string_view argument = entry.argument;
  switch (id) {
    case ImapCommand::Login: {
      // The arguments as sent, literals in place: tag SP LOGIN SP user SP password.
      protocol::imap::Arguments wire(command.wire);
      wire.tag();
      wire.space();
      wire.atom();
      wire.space();
      const auto user = wire.astring();
      const auto password = wire.space() ? wire.astring() : std::nullopt;
      if (user && password) {
        keep_credentials(ExposedCredentials{"LOGIN", *user, *password, frame});
      }
      // In the shown argument the password follows the user (a literal shows as "{n}").
      protocol::imap::Arguments shown_args(argument);
      if (shown_args.astring() && shown_args.space()) {
        detail.secret_at = shown_args.position();
      } else if (const auto gap = argument.find(' '); gap != std::string_view::npos) {
        detail.secret_at = gap + 1;
      }
      break;
    }
    case ImapCommand::Authenticate: {
      const auto gap = argument.find(' ');
      sasl_.start(protocol::trim(argument.substr(0, gap)));
      if (gap != std::string_view::npos) {
        // Shown as sent, as SMTP's AUTH initial response is: base64, in `credentials`.
        const std::string_view initial = protocol::trim(argument.substr(gap + 1));
        if (!initial.empty() && initial != "=") {
          if (auto credentials = sasl_.feed(initial, frame)) keep_credentials(*credentials);
        }
      }
      if (!answered) blocked_ = true;
      break;
    }
    case ImapCommand::Starttls:
    case ImapCommand::Idle:
      if (!answered) blocked_ = true;
      break;
    default:
      break;
  }
  const std::size_t index = add_entry(std::move(entry), std::move(detail));
  if (!answered) pending_.push_back(Pending{std::string(tag), id, index});
}

}  // namespace smtplab::capture
