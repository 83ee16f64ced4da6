// The POP3 command table and the command-line parser.
#include "sim/protocol/pop3/pop3_command_table.hpp"

#include <array>

#include "sim/protocol/text.hpp"

namespace smtplab::protocol::pop3 {
namespace {

// clang-format off
// verb, name, syntax (in -ERR syntax replies), RFC, accepted in AUTHORIZATION, in TRANSACTION,
// then what it does in English and in French.
constexpr std::array<Pop3CommandSpec, 14> kCommands{{
  {Pop3Verb::User, "USER", "USER name", "RFC 1939 §7", true, false,
   "names the mailbox to log in to",
   "désigne la boîte aux lettres à ouvrir"},
  {Pop3Verb::Pass, "PASS", "PASS password", "RFC 1939 §7", true, false,
   "gives the password of the mailbox named by USER (cleartext without TLS)",
   "donne le mot de passe de la boîte désignée par USER (en clair sans TLS)"},
  {Pop3Verb::Auth, "AUTH", "AUTH mechanism [initial-response]", "RFC 5034 §4", true, false,
   "authenticates with a SASL mechanism (PLAIN)",
   "s'authentifie par un mécanisme SASL (PLAIN)"},
  {Pop3Verb::Capa, "CAPA", "CAPA", "RFC 2449 §5", true, true,
   "lists what this server offers",
   "liste ce que ce serveur propose"},
  {Pop3Verb::Stls, "STLS", "STLS", "RFC 2595 §4", true, false,
   "starts TLS on this connection",
   "passe cette connexion en TLS"},
  {Pop3Verb::Stat, "STAT", "STAT", "RFC 1939 §5", false, true,
   "gives the number of messages and their total size",
   "donne le nombre de messages et leur taille totale"},
  {Pop3Verb::List, "LIST", "LIST [msg]", "RFC 1939 §5", false, true,
   "gives the size of every message, or of one",
   "donne la taille de chaque message, ou d'un seul"},
  {Pop3Verb::Retr, "RETR", "RETR msg", "RFC 1939 §5", false, true,
   "sends a whole message",
   "envoie un message entier"},
  {Pop3Verb::Dele, "DELE", "DELE msg", "RFC 1939 §5", false, true,
   "marks a message deleted (removed at QUIT)",
   "marque un message à supprimer (supprimé au QUIT)"},
  {Pop3Verb::Noop, "NOOP", "NOOP", "RFC 1939 §5", false, true,
   "does nothing (keeps the session alive)",
   "ne fait rien (garde la session ouverte)"},
  {Pop3Verb::Rset, "RSET", "RSET", "RFC 1939 §5", false, true,
   "unmarks every message marked deleted",
   "retire toutes les marques de suppression"},
  {Pop3Verb::Top, "TOP", "TOP msg n", "RFC 1939 §7", false, true,
   "sends a message's headers and its first n body lines",
   "envoie les en-têtes d'un message et ses n premières lignes"},
  {Pop3Verb::Uidl, "UIDL", "UIDL [msg]", "RFC 1939 §7", false, true,
   "gives the unique id of every message, or of one",
   "donne l'identifiant unique de chaque message, ou d'un seul"},
  {Pop3Verb::Quit, "QUIT", "QUIT", "RFC 1939 §6", true, true,
   "ends the session; in TRANSACTION, deletes what DELE marked",
   "termine la session ; en TRANSACTION, supprime ce que DELE a marqué"},
}};
// clang-format on

}  // namespace

std::string_view pop3_state_name(Pop3State state) {
  switch (state) {
    case Pop3State::Connected:
      return "CONNECTED";
    case Pop3State::Authorization:
      return "AUTHORIZATION";
    case Pop3State::Authenticating:
      return "AUTHENTICATING";
    case Pop3State::TlsHandshake:
      return "TLS-HANDSHAKE";
    case Pop3State::Transaction:
      return "TRANSACTION";
    case Pop3State::Update:
      return "UPDATE";
    case Pop3State::Closed:
      return "CLOSED";
  }
  return "?";
}

std::span<const Pop3CommandSpec> pop3_command_table() {
  return kCommands;
}

const Pop3CommandSpec* find_pop3_command(Pop3Verb verb) {
  for (const auto& spec : kCommands) {
    if (spec.verb == verb) return &spec;
  }
  return nullptr;
}

bool pop3_allowed_in(Pop3Verb verb, Pop3State state) {
  const Pop3CommandSpec* spec = find_pop3_command(verb);
  if (!spec) return false;
  if (state == Pop3State::Authorization) return spec->in_authorization;
  if (state == Pop3State::Transaction) return spec->in_transaction;
  return false;
}

std::optional<Pop3Verb> pop3_verb_from_name(std::string_view name) {
  for (const auto& spec : kCommands) {
    if (iequals(spec.name, name)) return spec.verb;
  }
  return std::nullopt;
}

std::string_view pop3_verb_name(Pop3Verb verb) {
  const Pop3CommandSpec* spec = find_pop3_command(verb);
  return spec ? spec->name : std::string_view("UNKNOWN");
}

Pop3Command parse_pop3_command(std::string_view line) {
  Pop3Command command;
  const auto space = line.find(' ');
  command.verb_text = std::string(line.substr(0, space));
  if (space != std::string_view::npos) command.argument = std::string(line.substr(space + 1));
  command.verb = pop3_verb_from_name(command.verb_text).value_or(Pop3Verb::Unknown);
  return command;
}

}  // namespace smtplab::protocol::pop3
