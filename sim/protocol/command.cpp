// The command table, the trap table and the command-line splitter.
#include "sim/protocol/command.hpp"

#include <array>

#include "sim/protocol/text.hpp"

namespace smtplab::protocol {
namespace {

// Out-of-sequence rules shared by several verbs.
constexpr StateRules kNeedsRecipient{
    .greeted = ReplyId::NeedHelo, .ready = ReplyId::NeedMail, .mail_given = ReplyId::NeedRcpt};
// AUTH and STARTTLS restart or change the session: never inside a transaction (RFC 4954
// §4, RFC 3207 §4).
constexpr StateRules kOutsideTransaction{.greeted = ReplyId::NeedHelo,
                                         .mail_given = ReplyId::NotDuringTransaction,
                                         .rcpt_given = ReplyId::NotDuringTransaction};

// RFC 2920 §3.1 names EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP as the last command of a
// group; HELO changes the session as EHLO does; RFC 3207 §4.2 and RFC 4954 §4 add STARTTLS
// and AUTH; RFC 3030 §4.2 lets BDAT chunks be pipelined.
constexpr std::array kCommands{
    CommandSpec{
        .verb = Verb::Helo,
        .name = "HELO",
        .syntax = "HELO <domain>",
        .description = "Identify the client (basic SMTP).",
        .rfc = "RFC 5321 §4.1.1.1",
        .pipelining = Pipelining::EndsGroup,
        .success = ReplyId::HeloOk,
        .explain_fr =
            "Le client se présente avec le nom de sa machine (SMTP de base, sans extensions).",
        .explain_en =
            "The client introduces itself with its host name (basic SMTP, no extensions).",
    },
    CommandSpec{
        .verb = Verb::Ehlo,
        .name = "EHLO",
        .syntax = "EHLO <domain>",
        .description = "Identify the client and ask for the server's extensions.",
        .rfc = "RFC 5321 §4.1.1.1",
        .pipelining = Pipelining::EndsGroup,
        .success = ReplyId::HeloOk,
        .explain_fr =
            "Le client se présente et demande la liste des extensions du serveur (ESMTP).",
        .explain_en = "The client introduces itself and asks for the server's extensions (ESMTP).",
    },
    CommandSpec{
        .verb = Verb::Mail,
        .name = "MAIL",
        .syntax = "MAIL FROM:<reverse-path> [SIZE=n] [BODY=7BIT|8BITMIME]",
        .description = "Start a transaction; the reverse-path receives bounces.",
        .rfc = "RFC 5321 §4.1.1.2",
        .refused = {.greeted = ReplyId::NeedHelo,
                    .mail_given = ReplyId::SenderAlreadyGiven,
                    .rcpt_given = ReplyId::SenderAlreadyGiven},
        .success = ReplyId::SenderOk,
        .explain_fr = "Début d'une transaction : l'adresse de l'expéditeur de l'enveloppe "
                      "(retour des erreurs).",
        .explain_en = "Starts a transaction: the envelope sender (where bounces go).",
    },
    CommandSpec{
        .verb = Verb::Rcpt,
        .name = "RCPT",
        .syntax = "RCPT TO:<forward-path> [NOTIFY=...] [ORCPT=...]",
        .description = "Add one recipient to the transaction.",
        .rfc = "RFC 5321 §4.1.1.3",
        .refused = {.greeted = ReplyId::NeedHelo, .ready = ReplyId::NeedMail},
        .success = ReplyId::RecipientOk,
        .explain_fr = "Un destinataire de l'enveloppe ; une commande par destinataire.",
        .explain_en = "One envelope recipient; one command per recipient.",
    },
    CommandSpec{
        .verb = Verb::Data,
        .name = "DATA",
        .syntax = "DATA",
        .description = "Send the message, ended by a line with a single dot.",
        .rfc = "RFC 5321 §4.1.1.4",
        .refused = kNeedsRecipient,
        .pipelining = Pipelining::EndsGroup,
        .payload = Payload::Message,
        .success = ReplyId::StartMailInput,
        .explain_fr =
            "Le client va envoyer le message (en-têtes + corps), terminé par une ligne « . ».",
        .explain_en =
            "The client will send the message (headers + body), ended by a line with a single "
            "dot.",
    },
    CommandSpec{
        .verb = Verb::Bdat,
        .name = "BDAT",
        .syntax = "BDAT <size> [LAST]",
        .description = "Send the message in chunks of an exact size.",
        .rfc = "RFC 3030 §2",
        .refused = kNeedsRecipient,
        .payload = Payload::Chunk,
        .success = ReplyId::ChunkAccepted,
        .explain_fr =
            "Envoie un morceau du message de taille annoncée, sans point final (CHUNKING).",
        .explain_en = "Sends a chunk of the message of announced size, no final dot (CHUNKING).",
    },
    CommandSpec{
        .verb = Verb::Rset,
        .name = "RSET",
        .syntax = "RSET",
        .description = "Abort the current transaction.",
        .rfc = "RFC 5321 §4.1.1.5",
        .explain_fr = "Annule la transaction en cours (expéditeur et destinataires oubliés).",
        .explain_en = "Aborts the current transaction (sender and recipients forgotten).",
    },
    CommandSpec{
        .verb = Verb::Noop,
        .name = "NOOP",
        .syntax = "NOOP",
        .description = "Do nothing; the server answers 250.",
        .rfc = "RFC 5321 §4.1.1.9",
        .pipelining = Pipelining::EndsGroup,
        .explain_fr = "Ne fait rien ; vérifie que la connexion est vivante.",
        .explain_en = "Does nothing; checks that the connection is alive.",
    },
    CommandSpec{
        .verb = Verb::Quit,
        .name = "QUIT",
        .syntax = "QUIT",
        .description = "End the session; the server answers 221.",
        .rfc = "RFC 5321 §4.1.1.10",
        .pipelining = Pipelining::EndsGroup,
        .success = ReplyId::Closing,
        .explain_fr = "Le client termine la session ; le serveur répond 221 et ferme.",
        .explain_en = "The client ends the session; the server answers 221 and closes.",
    },
    CommandSpec{
        .verb = Verb::Help,
        .name = "HELP",
        .syntax = "HELP [command]",
        .description = "Show help about the commands.",
        .rfc = "RFC 5321 §4.1.1.8",
        .success = ReplyId::HelpList,
        .explain_fr = "Demande de l'aide au serveur.",
        .explain_en = "Asks the server for help.",
    },
    CommandSpec{
        .verb = Verb::Vrfy,
        .name = "VRFY",
        .syntax = "VRFY <user>",
        .description = "Ask whether a mailbox exists.",
        .rfc = "RFC 5321 §4.1.1.6",
        .pipelining = Pipelining::EndsGroup,
        .success = ReplyId::UserVerified,
        .explain_fr =
            "Demande si une boîte aux lettres existe (souvent désactivé : fuite d'information).",
        .explain_en = "Asks whether a mailbox exists (often disabled: it leaks information).",
    },
    CommandSpec{
        .verb = Verb::Expn,
        .name = "EXPN",
        .syntax = "EXPN <list>",
        .description = "Ask for the members of a mailing list.",
        .rfc = "RFC 5321 §4.1.1.7",
        .pipelining = Pipelining::EndsGroup,
        .success = ReplyId::ListMembers,
        .explain_fr = "Demande les membres d'une liste de diffusion.",
        .explain_en = "Asks for the members of a mailing list.",
    },
    CommandSpec{
        .verb = Verb::Auth,
        .name = "AUTH",
        .syntax = "AUTH <PLAIN|LOGIN> [initial-response]",
        .description = "Authenticate with a SASL mechanism.",
        .rfc = "RFC 4954 §4",
        .refused = kOutsideTransaction,
        .pipelining = Pipelining::EndsGroup,
        .payload = Payload::Sasl,
        .success = ReplyId::AuthSucceeded,
        .explain_fr = "Le client s'authentifie (PLAIN, LOGIN…) ; en clair sans TLS, le mot de "
                      "passe est lisible.",
        .explain_en =
            "The client authenticates (PLAIN, LOGIN…); without TLS the password can be read.",
    },
    CommandSpec{
        .verb = Verb::Starttls,
        .name = "STARTTLS",
        .syntax = "STARTTLS",
        .description = "Switch this connection to TLS; the session starts again.",
        .rfc = "RFC 3207 §4",
        .refused = kOutsideTransaction,
        .pipelining = Pipelining::EndsGroup,
        .payload = Payload::Tls,
        .success = ReplyId::TlsReady,
        .explain_fr = "Passe la connexion en TLS : tout ce qui suit est chiffré.",
        .explain_en = "Upgrades the connection to TLS: everything after it is encrypted.",
    },
    // LMTP's EHLO. An SMTP server must not accept it (RFC 2033 §4.1) and answers 500 as to
    // any unknown word; a capture of an LMTP session still reads its extensions.
    CommandSpec{
        .verb = Verb::Lhlo,
        .name = "LHLO",
        .syntax = "LHLO <domain>",
        .description = "LMTP's greeting; an SMTP server refuses it.",
        .rfc = "RFC 2033 §4.1",
        .smtp = false,
        .pipelining = Pipelining::EndsGroup,
        .success = ReplyId::HeloOk,
        .explain_fr = "Salutation de LMTP (remise locale) à la place d'EHLO ; un serveur SMTP "
                      "la refuse.",
        .explain_en = "LMTP's greeting (local delivery) in place of EHLO; an SMTP server "
                      "refuses it.",
    },
};

// Postfix answers these and, for HTTP, hangs up: a browser or proxy pointed at port 25
// would otherwise collect a 500 per header line.
constexpr std::array kTraps{
    TrapSpec{"", ReplyId::HeaderAsCommand, false, "RFC 5321 §4.1.1.4",
             "Une ligne d'en-tête envoyée comme commande : le client a oublié DATA.",
             "A header line sent as a command: the client forgot DATA."},
    TrapSpec{"GET", ReplyId::HttpAsCommand, true, "RFC 5321 §3.1",
             "Une requête HTTP envoyée à un port SMTP : le serveur répond 500 et ferme.",
             "An HTTP request sent to an SMTP port: the server answers 500 and hangs up."},
    TrapSpec{"POST", ReplyId::HttpAsCommand, true, "RFC 5321 §3.1",
             "Une requête HTTP envoyée à un port SMTP : le serveur répond 500 et ferme.",
             "An HTTP request sent to an SMTP port: the server answers 500 and hangs up."},
    TrapSpec{"HEAD", ReplyId::HttpAsCommand, true, "RFC 5321 §3.1",
             "Une requête HTTP envoyée à un port SMTP : le serveur répond 500 et ferme.",
             "An HTTP request sent to an SMTP port: the server answers 500 and hangs up."},
    TrapSpec{"PUT", ReplyId::HttpAsCommand, true, "RFC 5321 §3.1",
             "Une requête HTTP envoyée à un port SMTP : le serveur répond 500 et ferme.",
             "An HTTP request sent to an SMTP port: the server answers 500 and hangs up."},
    TrapSpec{"CONNECT", ReplyId::HttpAsCommand, true, "RFC 5321 §3.1",
             "Un proxy HTTP qui veut traverser ce serveur (CONNECT) : le serveur répond 500 et "
             "ferme.",
             "An HTTP proxy request (CONNECT) sent to an SMTP port: the server answers 500 and "
             "hangs up."},
    TrapSpec{"OPTIONS", ReplyId::HttpAsCommand, true, "RFC 5321 §3.1",
             "Une requête HTTP envoyée à un port SMTP : le serveur répond 500 et ferme.",
             "An HTTP request sent to an SMTP port: the server answers 500 and hangs up."},
};

// "Subject:", "X-Mailer:": a field name (RFC 5322 §2.2 allows more, but a typed header is
// letters, digits and dashes) followed by its colon.
bool looks_like_header(std::string_view verb) {
  if (verb.size() < 2 || verb.back() != ':') return false;
  for (char c : verb.substr(0, verb.size() - 1)) {
    if (!is_letter_digit_hyphen(c)) return false;
  }
  return true;
}

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

std::optional<ReplyId> refusal_in(Verb verb, SessionState state) {
  const CommandSpec* spec = find_command_spec(verb);
  if (!spec) return std::nullopt;
  switch (state) {
    case SessionState::Greeted:
      return spec->refused.greeted;
    case SessionState::Ready:
      return spec->refused.ready;
    case SessionState::MailGiven:
      return spec->refused.mail_given;
    case SessionState::RcptGiven:
      return spec->refused.rcpt_given;
    default:
      return std::nullopt;
  }
}

std::vector<std::string_view> verbs_starting_with(std::string_view prefix) {
  std::vector<std::string_view> out;
  for (const auto& spec : kCommands) {
    if (spec.smtp && istarts_with(spec.name, prefix)) out.push_back(spec.name);
  }
  return out;
}

std::string complete_verb(std::string_view typed) {
  if (typed.find(' ') != std::string_view::npos) return std::string(typed);
  const auto candidates = verbs_starting_with(typed);
  if (candidates.empty()) return std::string(typed);
  if (candidates.size() == 1) {
    const CommandSpec& spec = *find_command_spec(*verb_from_name(candidates.front()));
    const bool takes_argument = spec.syntax.size() > spec.name.size();
    return std::string(spec.name) + (takes_argument ? " " : "");
  }
  std::string_view common = candidates.front();
  for (std::string_view name : candidates) common = common_prefix(common, name);
  // The candidates share at least what was typed; keep the user's text if it is longer.
  return common.size() > typed.size() ? std::string(common) : std::string(typed);
}

const TrapSpec* find_trap(std::string_view verb_text) {
  // HTTP methods are case-sensitive (RFC 9110 §9.1): "get" is not a browser.
  for (const auto& trap : kTraps) {
    if (!trap.name.empty() && trap.name == verb_text) return &trap;
  }
  return looks_like_header(verb_text) ? &kTraps.front() : nullptr;
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

std::string command_line(Verb verb, std::string_view argument) {
  std::string line(verb_name(verb));
  if (!argument.empty()) {
    line += ' ';
    line += argument;
  }
  return line;
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
