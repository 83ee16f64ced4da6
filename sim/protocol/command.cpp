// The command table and the command-line splitter.
#include "sim/protocol/command.hpp"

#include <array>

#include "sim/protocol/text.hpp"

namespace smtplab::protocol {
namespace {

constexpr std::array kCommands{
    CommandSpec{Verb::Helo, "HELO", "HELO <domain>", "Identify the client (basic SMTP).",
                "RFC 5321 §4.1.1.1"},
    CommandSpec{Verb::Ehlo, "EHLO", "EHLO <domain>",
                "Identify the client and ask for the server's extensions.", "RFC 5321 §4.1.1.1"},
    CommandSpec{Verb::Mail, "MAIL", "MAIL FROM:<reverse-path> [SIZE=n] [BODY=7BIT|8BITMIME]",
                "Start a transaction; the reverse-path receives bounces.", "RFC 5321 §4.1.1.2"},
    CommandSpec{Verb::Rcpt, "RCPT", "RCPT TO:<forward-path> [NOTIFY=...] [ORCPT=...]",
                "Add one recipient to the transaction.", "RFC 5321 §4.1.1.3"},
    CommandSpec{Verb::Data, "DATA", "DATA", "Send the message, ended by a line with a single dot.",
                "RFC 5321 §4.1.1.4"},
    CommandSpec{Verb::Bdat, "BDAT", "BDAT <size> [LAST]",
                "Send the message in chunks of an exact size.", "RFC 3030 §2"},
    CommandSpec{Verb::Rset, "RSET", "RSET", "Abort the current transaction.", "RFC 5321 §4.1.1.5"},
    CommandSpec{Verb::Noop, "NOOP", "NOOP", "Do nothing; the server answers 250.",
                "RFC 5321 §4.1.1.9"},
    CommandSpec{Verb::Quit, "QUIT", "QUIT", "End the session; the server answers 221.",
                "RFC 5321 §4.1.1.10"},
    CommandSpec{Verb::Help, "HELP", "HELP [command]", "Show help about the commands.",
                "RFC 5321 §4.1.1.8"},
    CommandSpec{Verb::Vrfy, "VRFY", "VRFY <user>", "Ask whether a mailbox exists.",
                "RFC 5321 §4.1.1.6"},
    CommandSpec{Verb::Expn, "EXPN", "EXPN <list>", "Ask for the members of a mailing list.",
                "RFC 5321 §4.1.1.7"},
    CommandSpec{Verb::Auth, "AUTH", "AUTH <PLAIN|LOGIN> [initial-response]",
                "Authenticate with a SASL mechanism.", "RFC 4954 §4"},
    CommandSpec{Verb::Starttls, "STARTTLS", "STARTTLS",
                "Switch this connection to TLS; the session starts again.", "RFC 3207 §4"},
};

}  // namespace

std::span<const CommandSpec> command_table() {
  return kCommands;
}

const CommandSpec* find_command_spec(Verb verb) {
  for (const auto& spec : kCommands) {
    if (spec.verb == verb) return &spec;
  }
  return nullptr;
}

std::optional<Verb> verb_from_name(std::string_view name) {
  for (const auto& spec : kCommands) {
    if (iequals(spec.name, name)) return spec.verb;
  }
  return std::nullopt;
}

std::string_view verb_name(Verb verb) {
  const CommandSpec* spec = find_command_spec(verb);
  return spec ? spec->name : std::string_view{"UNKNOWN"};
}

Command parse_command(std::string_view line) {
  Command command;
  const auto space = line.find(' ');
  std::string_view verb = line.substr(0, space);
  command.verb_text = std::string(verb);
  if (space != std::string_view::npos) command.argument = std::string(line.substr(space + 1));
  command.verb = verb_from_name(verb).value_or(Verb::Unknown);
  return command;
}

}  // namespace smtplab::protocol
