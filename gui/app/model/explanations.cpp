// The explanations of reply codes in plain French and English, each with its RFC section
// (RFC 5321 unless said otherwise). Verbs are explained by their row of the command table
// (sim/protocol/command.cpp), which holds the same text for every reader.
#include "gui/app/model/explanations.hpp"

#include <array>

#include "sim/protocol/command.hpp"

namespace smtplab::app {
namespace {

struct ReplyRow {
  int code;
  const char* fr;
  const char* en;
  const char* rfc;
};

constexpr std::array kReplies = {
    ReplyRow{211, "État du système.", "System status.", "5321 §4.2.3"},
    ReplyRow{214, "Message d'aide.", "Help message.", "5321 §4.2.3"},
    ReplyRow{220, "Le serveur est prêt (bannière d'accueil, ou prêt pour TLS après STARTTLS).",
             "The server is ready (greeting banner, or ready for TLS after STARTTLS).",
             "5321 §4.2.3"},
    ReplyRow{221, "Le serveur ferme la connexion (réponse à QUIT).",
             "The server is closing the connection (answer to QUIT).", "5321 §4.2.3"},
    ReplyRow{235, "Authentification réussie.", "Authentication succeeded.", "4954 §6"},
    ReplyRow{250, "Demande acceptée et terminée.", "Requested action okay, completed.",
             "5321 §4.2.3"},
    ReplyRow{251, "Destinataire non local ; le serveur fera suivre.",
             "User not local; the server will forward.", "5321 §4.2.3"},
    ReplyRow{252, "Impossible de vérifier l'utilisateur, mais le message sera tenté.",
             "Cannot verify the user, but will attempt delivery.", "5321 §4.2.3"},
    ReplyRow{334, "Défi d'authentification : le client doit répondre (en base64).",
             "Authentication challenge: the client must answer (base64).", "4954 §4"},
    ReplyRow{354, "Envoyez le message ; terminez par une ligne contenant un seul point.",
             "Start mail input; end with a line holding a single dot.", "5321 §4.2.3"},
    ReplyRow{421, "Service indisponible, le serveur ferme la connexion (réessayer plus tard).",
             "Service not available, closing the connection (try again later).", "5321 §4.2.3"},
    ReplyRow{450, "Boîte indisponible pour l'instant (occupée, greylisting) : réessayer plus tard.",
             "Mailbox unavailable for now (busy, greylisting): try again later.", "5321 §4.2.3"},
    ReplyRow{451, "Erreur locale du serveur : réessayer plus tard.",
             "Local error in processing: try again later.", "5321 §4.2.3"},
    ReplyRow{452, "Espace insuffisant (ou trop de destinataires) : réessayer plus tard.",
             "Insufficient storage (or too many recipients): try again later.", "5321 §4.2.3"},
    ReplyRow{454, "TLS ou authentification temporairement impossible.",
             "TLS or authentication temporarily unavailable.", "3207 §4, 4954 §6"},
    ReplyRow{500, "Commande non reconnue (erreur de syntaxe, ligne trop longue).",
             "Command not recognised (syntax error, line too long).", "5321 §4.2.3"},
    ReplyRow{501, "Erreur de syntaxe dans les paramètres de la commande.",
             "Syntax error in the command's parameters.", "5321 §4.2.3"},
    ReplyRow{502, "Commande non implémentée par ce serveur.",
             "Command not implemented by this server.", "5321 §4.2.3"},
    ReplyRow{503,
             "Mauvaise séquence de commandes (par ex. RCPT avant MAIL, DATA sans destinataire).",
             "Bad sequence of commands (e.g. RCPT before MAIL, DATA without a recipient).",
             "5321 §4.2.3"},
    ReplyRow{504, "Paramètre de commande non implémenté.", "Command parameter not implemented.",
             "5321 §4.2.3"},
    ReplyRow{530, "Authentification requise avant cette commande.",
             "Authentication required first.", "4954 §6"},
    ReplyRow{535, "Identifiants refusés.", "Authentication credentials invalid.", "4954 §6"},
    ReplyRow{550, "Refus définitif : boîte inexistante, ou relais interdit.",
             "Permanent refusal: no such mailbox, or relaying denied.", "5321 §4.2.3"},
    ReplyRow{551, "Utilisateur non local ; essayez l'adresse indiquée.",
             "User not local; try the given path.", "5321 §4.2.3"},
    ReplyRow{552, "Message trop gros ou quota dépassé.", "Message too big or quota exceeded.",
             "5321 §4.2.3"},
    ReplyRow{553, "Adresse de boîte mal formée ou refusée.",
             "Mailbox name not allowed or malformed.", "5321 §4.2.3"},
    ReplyRow{554, "Transaction refusée (politique, spam, pas de service SMTP ici).",
             "Transaction failed (policy, spam, no SMTP service here).", "5321 §4.2.3"},
    ReplyRow{555, "Paramètre de MAIL ou RCPT non reconnu.",
             "MAIL or RCPT parameter not recognised.", "5321 §4.2.3"},
};

constexpr std::array kClasses = {
    ReplyRow{2, "2xx : succès, la demande est faite.", "2xx: success, the request is done.",
             "5321 §4.2.1"},
    ReplyRow{3, "3xx : le serveur attend la suite (données, réponse d'authentification).",
             "3xx: the server waits for more (data, authentication answer).", "5321 §4.2.1"},
    ReplyRow{4, "4xx : échec temporaire ; le client réessaiera plus tard (file d'attente).",
             "4xx: transient failure; the client will retry later (queue).", "5321 §4.2.1"},
    ReplyRow{5, "5xx : échec définitif ; ne pas réessayer tel quel (message de non-remise).",
             "5xx: permanent failure; do not retry as is (bounce).", "5321 §4.2.1"},
};

// The table says "RFC 5321 §4.1.1.2"; the window's reference line adds "RFC " itself.
const char* section_only(std::string_view rfc) {
  constexpr std::string_view kPrefix = "RFC ";
  // A suffix of a string literal: still NUL-terminated.
  return (rfc.starts_with(kPrefix) ? rfc.substr(kPrefix.size()) : rfc).data();
}

}  // namespace

Explanation explain_command(Language language, std::string_view verb) {
  const bool fr = language == Language::Fr;
  if (const auto v = protocol::verb_from_name(verb)) {
    const protocol::CommandSpec& spec = *protocol::find_command_spec(*v);
    return {(fr ? spec.explain_fr : spec.explain_en).data(), section_only(spec.rfc)};
  }
  // A line that shows the wrong protocol (a header, an HTTP request): say which.
  if (const protocol::TrapSpec* trap = protocol::find_trap(verb)) {
    return {(fr ? trap->explain_fr : trap->explain_en).data(), section_only(trap->rfc)};
  }
  return {};
}

int reply_class(int code) {
  const int c = code / 100;
  return c >= 2 && c <= 5 ? c : 0;
}

Explanation explain_reply(Language language, int code) {
  for (const auto& row : kReplies) {
    if (row.code == code) return {language == Language::Fr ? row.fr : row.en, row.rfc};
  }
  const int c = reply_class(code);
  for (const auto& row : kClasses) {
    if (row.code == c) return {language == Language::Fr ? row.fr : row.en, row.rfc};
  }
  return {};
}

}  // namespace smtplab::app
