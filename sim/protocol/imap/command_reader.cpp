// Command assembly: lines and literals, with the limits of ImapConfig.
#include "sim/protocol/imap/command_reader.hpp"

#include <algorithm>

#include "sim/protocol/text.hpp"

namespace smtplab::protocol::imap {

std::optional<LiteralAnnouncement> literal_at_end(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  const auto open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view inside = line.substr(open + 1, line.size() - open - 2);
  LiteralAnnouncement out;
  if (!inside.empty() && inside.back() == '+') {
    out.non_synchronising = true;
    inside.remove_suffix(1);
  }
  // At most 19 digits: the value fits in 64 bits, and bigger ones are refused anyway.
  if (inside.empty() || inside.size() > 19) return std::nullopt;
  for (char c : inside) {
    if (c < '0' || c > '9') return std::nullopt;
    out.size = out.size * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return out;
}

CommandReader::Step CommandReader::next(LineFramer& framer) {
  framer.set_max_line(config_.max_line);
  for (;;) {
    if (literal_remaining_ > 0) {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(literal_remaining_, framer.buffered()));
      if (want == 0) return Step::NeedMore;
      const std::string_view octets = framer.take_raw_view(want);
      if (!discarding_) current_.wire.append(octets);
      current_.length += want;
      literal_remaining_ -= want;
      if (literal_remaining_ > 0) return Step::NeedMore;
      discarding_ = false;
      continue;  // the command goes on with the next line
    }
    auto line = framer.next_line_view();
    if (!line) return Step::NeedMore;
    if (!started_) {
      started_ = true;
      current_.offset = line->offset;
    }
    current_.length += line->wire_length;
    current_.has_nul = current_.has_nul || line->has_nul;
    if (!current_.refusal && !line->overlong) current_.wire.append(line->text);
    // What the event log shows stays small whatever the client sends (a refused command
    // may go on with literal after literal): past the limit, the rest is left out.
    if (!shown_truncated_) {
      const std::size_t room = config_.max_line - std::min(config_.max_line, current_.shown.size());
      current_.shown.append(line->text.substr(0, room));
      if (line->text.size() > room || line->overlong) {
        current_.shown.append("...");
        shown_truncated_ = true;
      }
    }
    // An overlong line lost its end: whatever it announced cannot be known.
    if (line->overlong) return Step::LineTooLong;
    const auto literal = literal_at_end(line->text);
    if (!literal) return Step::Complete;
    ++current_.literals;
    const std::uint64_t total = current_.wire.size() + literal->size;
    // APPEND carries a whole message in its literal: its own, larger limits.
    const bool append = is_append(current_.shown);
    const std::uint64_t max_literal = append ? config_.max_message : config_.max_literal;
    const std::uint64_t max_command =
        append ? config_.max_command + config_.max_message : config_.max_command;
    std::optional<ResponseId> refusal;
    std::string limit;
    if (literal->size > max_literal) {
      refusal = ResponseId::LiteralTooBig;
      limit = std::to_string(max_literal);
    } else if (total > max_command) {
      refusal = ResponseId::CommandTooBig;
      limit = std::to_string(max_command);
    }
    if (refusal && !current_.refusal) {
      current_.refusal = refusal;
      current_.refusal_argument = limit;
      current_.wire.clear();  // nothing of a refused command is kept or parsed
    }
    if (current_.refusal) {
      // A synchronising literal is simply never sent once refused; a non-synchronising
      // one is on its way whatever we say, so its octets are read and dropped.
      if (!literal->non_synchronising) return Step::LiteralRefused;
      discarding_ = true;
      literal_remaining_ = literal->size;
      continue;
    }
    current_.wire.append("\r\n");
    literal_remaining_ = literal->size;
    if (!literal->non_synchronising) return Step::LiteralContinue;
  }
}

AssembledCommand CommandReader::take() {
  AssembledCommand out = std::move(current_);
  current_ = AssembledCommand{};
  started_ = false;
  literal_remaining_ = 0;
  discarding_ = false;
  shown_truncated_ = false;
  return out;
}

std::string CommandReader::tag() const {
  const std::string_view shown = current_.shown;
  return std::string(shown.substr(0, shown.find(' ')));
}

bool is_append(std::string_view shown) {
  const auto first = shown.find(' ');
  if (first == std::string_view::npos) return false;
  const std::string_view rest = shown.substr(first + 1);
  return iequals(rest.substr(0, rest.find(' ')), "APPEND");
}

}  // namespace smtplab::protocol::imap
