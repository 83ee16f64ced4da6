// The note catalogue: one row per kind of note, its name, severity and texts (EN, FR).
#include "capture/note_catalogue.hpp"

#include <array>

namespace smtplab::capture {
namespace {

using S = Severity;

// Keep the rows in NoteId order: note_spec() indexes this array by the enum value, and a
// static_assert below checks that every row sits at its own index. The English texts are
// what `smtplab analyze` has always printed: tools and graders read them, so change them
// only on purpose.
constexpr std::array kNotes{
    // Frame decoding
    NoteSpec{NoteId::LinkTypeUnsupported, "link_type_unsupported", S::Error,
             "unsupported link type {1}", "type de liaison {1} non pris en charge"},
    NoteSpec{NoteId::LinkHeaderTruncated, "link_header_truncated", S::Error, "{1} header truncated",
             "en-tête {1} tronqué"},
    NoteSpec{NoteId::VlanTagTruncated, "vlan_tag_truncated", S::Error, "VLAN tag truncated",
             "étiquette VLAN tronquée"},
    NoteSpec{NoteId::Ipv4HeaderTruncated, "ipv4_header_truncated", S::Error,
             "IPv4 header truncated", "en-tête IPv4 tronqué"},
    NoteSpec{NoteId::Ipv4HeaderInvalid, "ipv4_header_invalid", S::Error, "not a valid IPv4 header",
             "en-tête IPv4 non valide"},
    NoteSpec{NoteId::Ipv4OptionsTruncated, "ipv4_options_truncated", S::Error,
             "IPv4 options truncated", "options IPv4 tronquées"},
    NoteSpec{NoteId::Ipv4TotalLengthTooShort, "ipv4_total_length_too_short", S::Error,
             "IPv4 total length shorter than its header",
             "longueur totale IPv4 plus courte que son en-tête"},
    NoteSpec{NoteId::Ipv6HeaderTruncated, "ipv6_header_truncated", S::Error,
             "IPv6 header truncated", "en-tête IPv6 tronqué"},
    NoteSpec{NoteId::Ipv6HeaderInvalid, "ipv6_header_invalid", S::Error, "not a valid IPv6 header",
             "en-tête IPv6 non valide"},
    NoteSpec{NoteId::Ipv6ExtensionTruncated, "ipv6_extension_truncated", S::Error,
             "IPv6 extension header truncated", "en-tête d’extension IPv6 tronqué"},
    NoteSpec{NoteId::TcpHeaderTruncated, "tcp_header_truncated", S::Error, "TCP header truncated",
             "en-tête TCP tronqué"},
    NoteSpec{NoteId::TcpDataOffsetInvalid, "tcp_data_offset_invalid", S::Error,
             "TCP data offset invalid", "champ « décalage des données » TCP non valide"},
    // IP fragment reassembly
    NoteSpec{NoteId::IpFragmentsExpired, "ip_fragments_expired", S::Warning,
             "IP fragments never completed their datagram within {1} frames: dropped",
             "des fragments IP n’ont pas complété leur datagramme en {1} trames : abandonnés"},
    NoteSpec{NoteId::IpFragmentOutOfBounds, "ip_fragment_out_of_bounds", S::Error,
             "{1} datagram {2} → {3} id {4}: fragment beyond 65535 bytes or the frame: ignored",
             "datagramme {1} {2} → {3}, identifiant {4} : fragment au-delà de 65535 octets ou "
             "de la trame : ignoré"},
    NoteSpec{NoteId::IpTooManyPendingDatagrams, "ip_too_many_pending_datagrams", S::Warning,
             "too many incomplete IP datagrams: the oldest was given up",
             "trop de datagrammes IP incomplets : le plus ancien est abandonné"},
    NoteSpec{NoteId::IpLastFragmentsDisagree, "ip_last_fragments_disagree", S::Warning,
             "{1} datagram {2} → {3} id {4}: two last fragments disagree on its length",
             "datagramme {1} {2} → {3}, identifiant {4} : deux derniers fragments donnent des "
             "longueurs différentes"},
    NoteSpec{NoteId::IpFragmentsOverlapDiffer, "ip_fragments_overlap_differ", S::Warning,
             "{1} datagram {2} → {3} id {4}: overlapping fragments with different bytes (the "
             "first copy is kept)",
             "datagramme {1} {2} → {3}, identifiant {4} : des fragments se chevauchent avec des "
             "octets différents (la première copie est gardée)"},
    NoteSpec{NoteId::IpDatagramNeverCompleted, "ip_datagram_never_completed", S::Warning,
             "{1} IP fragment(s) of a datagram that never completed",
             "{1} fragment(s) IP d’un datagramme jamais complété"},
    NoteSpec{NoteId::TcpSegmentFromFragments, "tcp_segment_from_fragments", S::Note,
             "TCP segment reassembled from {1} IP fragments (frames {2}-{3})",
             "segment TCP reconstitué à partir de {1} fragments IP (trames {2} à {3})"},
    // TCP analysis
    NoteSpec{NoteId::TcpConnectionReset, "tcp_connection_reset", S::Warning,
             "connection reset (RST)", "connexion réinitialisée (RST)"},
    NoteSpec{NoteId::TcpKeepAlive, "tcp_keep_alive", S::Note, "TCP keep-alive",
             "TCP : sonde de maintien de connexion"},
    NoteSpec{NoteId::TcpRetransmission, "tcp_retransmission", S::Note, "TCP retransmission",
             "TCP : retransmission"},
    NoteSpec{NoteId::TcpRetransmissionOverlap, "tcp_retransmission_overlap", S::Note,
             "TCP retransmission overlapping data already seen ({1} new bytes kept, overlap: "
             "first copy wins)",
             "TCP : retransmission chevauchant des données déjà vues ({1} nouveaux octets "
             "gardés ; sur le chevauchement, la première copie l’emporte)"},
    NoteSpec{NoteId::TcpOutOfOrder, "tcp_out_of_order", S::Note, "TCP out-of-order segment",
             "TCP : segment hors séquence"},
    NoteSpec{NoteId::TcpPreviousSegmentLost, "tcp_previous_segment_lost", S::Warning,
             "TCP previous segment not captured", "TCP : segment précédent absent de la capture"},
    NoteSpec{NoteId::TcpZeroWindow, "tcp_zero_window", S::Warning, "TCP zero window",
             "TCP : fenêtre nulle"},
    NoteSpec{NoteId::TcpDuplicateAck, "tcp_duplicate_ack", S::Note, "TCP duplicate ACK",
             "TCP : acquittement (ACK) dupliqué"},
    NoteSpec{NoteId::ClientStreamGap, "client_stream_gap", S::Error,
             "client stream: {1} bytes missing from the capture at offset {2}",
             "flux du client : {1} octets absents de la capture à la position {2}"},
    NoteSpec{NoteId::ServerStreamGap, "server_stream_gap", S::Error,
             "server stream: {1} bytes missing from the capture at offset {2}",
             "flux du serveur : {1} octets absents de la capture à la position {2}"},
    // SMTP: session and replies
    NoteSpec{NoteId::ClientImplicitTls, "client_implicit_tls", S::Chat,
             "client speaks TLS from its first byte (implicit TLS)",
             "le client parle TLS dès son premier octet (TLS implicite)"},
    NoteSpec{NoteId::ServerImplicitTls, "server_implicit_tls", S::Chat,
             "server speaks TLS from its first byte (implicit TLS)",
             "le serveur parle TLS dès son premier octet (TLS implicite)"},
    NoteSpec{NoteId::ServerClearAfterClientTls, "server_clear_after_client_tls", S::Warning,
             "the client speaks TLS but the server answers in clear text (no implicit TLS here)",
             "le client parle TLS mais le serveur répond en clair (pas de TLS implicite ici)"},
    NoteSpec{NoteId::GreetingRefusesService, "greeting_refuses_service", S::Warning,
             "greeting is {1}, not 220: the server refuses service",
             "la bannière d’accueil est {1} et non 220 : le serveur refuse le service"},
    NoteSpec{NoteId::ServerLineNotReply, "server_line_not_reply", S::Warning,
             "server line is not an SMTP reply: \"{1}\"",
             "ligne du serveur qui n’est pas une réponse SMTP : « {1} »"},
    NoteSpec{NoteId::PermanentFailureReply, "permanent_failure_reply", S::Warning,
             "{1} reply (permanent failure): {2}", "réponse {1} (échec permanent) : « {2} »"},
    NoteSpec{NoteId::ReplyWithoutCommand, "reply_without_command", S::Note,
             "reply with no command waiting for it", "réponse sans commande qui l’attende"},
    NoteSpec{NoteId::CommandsUnanswered, "commands_unanswered", S::Note,
             "{1} command(s) got no reply before the end",
             "{1} commande(s) restée(s) sans réponse à la fin"},
    NoteSpec{NoteId::SessionEndedInMessage, "session_ended_in_message", S::Error,
             "session ended during {1}: the message is incomplete",
             "session terminée pendant {1} : le message est incomplet"},
    NoteSpec{NoteId::MessageBytesMissing, "message_bytes_missing", S::Error,
             "{1} bytes of the message are missing from the capture: the message is incomplete",
             "{1} octets du message sont absents de la capture : le message est incomplet"},
    NoteSpec{NoteId::MessageReplyMissing, "message_reply_missing", S::Warning,
             "the message sent with {1} is whole (its end was seen) but the server's reply "
             "to it is missing",
             "le message envoyé par {1} est entier (sa fin a été vue) mais la réponse du "
             "serveur manque"},
    NoteSpec{NoteId::MessageAbandoned, "message_abandoned", S::Warning,
             "{1} before the BDAT LAST chunk: the message is left incomplete",
             "{1} avant le dernier bloc BDAT (LAST) : le message reste incomplet"},
    // SMTP: commands
    NoteSpec{NoteId::CommandBeforeGreeting, "command_before_greeting", S::Warning,
             "command sent before the server's greeting: {1}",
             "commande envoyée avant la bannière d’accueil du serveur : {1}"},
    NoteSpec{NoteId::PipeliningNotAnnounced, "pipelining_not_announced", S::Warning,
             "command sent before the previous reply, but the server did not announce "
             "PIPELINING",
             "commande envoyée avant la réponse précédente, alors que le serveur n’a pas "
             "annoncé PIPELINING"},
    NoteSpec{NoteId::CommandLineTooLong, "command_line_too_long", S::Warning,
             "command line longer than 512 octets (RFC 5321 §4.5.3.1.4)",
             "ligne de commande de plus de 512 octets (RFC 5321 §4.5.3.1.4)"},
    NoteSpec{NoteId::CommandBareLf, "command_bare_lf", S::Warning,
             "command line ended by a bare LF instead of CRLF",
             "ligne de commande terminée par un LF seul au lieu de CRLF"},
    NoteSpec{NoteId::RelayAttemptRefused, "relay_attempt_refused", S::Warning,
             "relay attempt refused ({1}) for RCPT {2}: the client asked this server to relay "
             "to a domain it does not serve",
             "tentative de relais refusée ({1}) pour RCPT {2} : le client a demandé à ce serveur "
             "de relayer vers un domaine qu’il ne dessert pas"},
    NoteSpec{NoteId::BdatInvalidSize, "bdat_invalid_size", S::Error,
             "BDAT with invalid arguments \"{1}\" (RFC 3030: a size, then LAST or nothing): "
             "its bytes are a chunk only if the server accepts the command",
             "BDAT aux arguments invalides « {1} » (RFC 3030 : une taille, puis LAST ou rien) : "
             "ses octets ne forment un bloc que si le serveur accepte la commande"},
    NoteSpec{NoteId::EnvelopeResetByHelo, "envelope_reset_by_helo", S::Note,
             "{1} inside a transaction resets the envelope, as RSET does (RFC 5321 §4.1.4)",
             "{1} au milieu d’une transaction remet l’enveloppe à zéro, comme RSET "
             "(RFC 5321 §4.1.4)"},
    NoteSpec{NoteId::AuthenticationRefusal, "authentication_refusal", S::Warning,
             "{2} {3} refused ({1}): the server wants the client to log in (AUTH) first",
             "{2} {3} refusé ({1}) : le serveur veut que le client s’authentifie (AUTH) "
             "d’abord"},
    // SMTP: AUTH and STARTTLS
    NoteSpec{NoteId::AuthCancelled, "auth_cancelled", S::Chat, "client cancelled AUTH",
             "le client a annulé AUTH"},
    NoteSpec{NoteId::AuthSucceeded, "auth_succeeded", S::Chat, "authentication succeeded ({1})",
             "authentification réussie ({1})"},
    NoteSpec{NoteId::AuthFailed, "auth_failed", S::Warning, "authentication failed ({1})",
             "échec de l’authentification ({1})"},
    NoteSpec{NoteId::CleartextCredentials, "cleartext_credentials", S::Warning,
             "credentials sent in clear text (AUTH {1}): user '{2}'",
             "identifiants envoyés en clair (AUTH {1}) : utilisateur « {2} »"},
    NoteSpec{NoteId::StartTlsMasked, "starttls_masked", S::Warning,
             "EHLO reply lists {1} where STARTTLS belongs: a middlebox rewrote the offer "
             "(STARTTLS stripping), so the client stays in clear text",
             "la réponse à EHLO annonce {1} à la place de STARTTLS : un équipement intermédiaire "
             "a réécrit l’offre (suppression de STARTTLS), le client reste donc en clair"},
    NoteSpec{NoteId::StartTlsNotOffered, "starttls_not_offered", S::Warning,
             "the client asked for STARTTLS but the server's EHLO reply did not offer it: "
             "STARTTLS may have been stripped on the way",
             "le client a demandé STARTTLS mais la réponse du serveur à EHLO ne le proposait "
             "pas : STARTTLS a peut-être été supprimé en chemin"},
    NoteSpec{NoteId::StartTlsAccepted, "starttls_accepted", S::Chat,
             "STARTTLS accepted: the rest of the connection is TLS",
             "STARTTLS accepté : la suite de la connexion passe en TLS"},
    NoteSpec{NoteId::StartTlsRefused, "starttls_refused", S::Warning,
             "STARTTLS refused ({1}): the session goes on in clear text",
             "STARTTLS refusé ({1}) : la session continue en clair"},
    NoteSpec{NoteId::ClientTlsRecordsBroken, "client_tls_records_broken", S::Warning,
             "client bytes in the TLS part do not look like TLS records",
             "les octets du client dans la partie TLS ne ressemblent pas à des enregistrements "
             "TLS"},
    NoteSpec{NoteId::ServerTlsRecordsBroken, "server_tls_records_broken", S::Warning,
             "server bytes in the TLS part do not look like TLS records",
             "les octets du serveur dans la partie TLS ne ressemblent pas à des "
             "enregistrements TLS"},
    // SMTP: message content
    NoteSpec{NoteId::SmtpSmuggling, "smtp_smuggling", S::Warning,
             "possible SMTP smuggling: {1} inside DATA (a lenient server would end the message "
             "here and read the rest as commands)",
             "contrebande SMTP possible : {1} dans DATA (un serveur permissif terminerait le "
             "message ici et lirait la suite comme des commandes)"},
    NoteSpec{NoteId::BareLfInData, "bare_lf_in_data", S::Warning,
             "bare LF in DATA (RFC 5321 §2.3.8 allows only CRLF)",
             "LF seul dans DATA (RFC 5321 §2.3.8 n’autorise que CRLF)"},
    NoteSpec{NoteId::BareCrInData, "bare_cr_in_data", S::Warning,
             "bare CR in DATA (RFC 5321 §2.3.8 allows only CRLF)",
             "CR seul dans DATA (RFC 5321 §2.3.8 n’autorise que CRLF)"},
    NoteSpec{NoteId::MessageLineTooLong, "message_line_too_long", S::Warning,
             "message line longer than 1000 octets (RFC 5322 §2.1.1)",
             "ligne de message de plus de 1000 octets (RFC 5322 §2.1.1)"},
    // MIME: the English texts are what sim/message's notes said when they were prose.
    NoteSpec{NoteId::MimeHeaderStartsWithContinuation, "mime_header_starts_with_continuation",
             S::Note, "header section starts with a continuation line (ignored)",
             "la section d’en-tête commence par une ligne de continuation (ignorée)"},
    NoteSpec{NoteId::MimeMboxFromLine, "mime_mbox_from_line", S::Note,
             "mbox \"From \" envelope line before the header (skipped)",
             "ligne d’enveloppe mbox « From » avant l’en-tête (sautée)"},
    NoteSpec{NoteId::MimeNoEmptyLineBeforeBody, "mime_no_empty_line_before_body", S::Note,
             "no empty line between header and body: line at offset {1} starts the body",
             "pas de ligne vide entre l’en-tête et le corps : la ligne à la position {1} "
             "commence le corps"},
    NoteSpec{NoteId::MimeMultipartWithoutBoundary, "mime_multipart_without_boundary", S::Warning,
             "multipart without a usable boundary parameter: body kept as a leaf",
             "multipart sans paramètre boundary utilisable : le corps est gardé d’un seul "
             "tenant"},
    NoteSpec{NoteId::MimeBoundaryNeverFound, "mime_boundary_never_found", S::Warning,
             "multipart boundary \"{1}\" never found: body kept as a leaf",
             "délimiteur multipart « {1} » jamais trouvé : le corps est gardé d’un seul tenant"},
    NoteSpec{NoteId::MimeClosingBoundaryMissing, "mime_closing_boundary_missing", S::Note,
             "closing boundary \"--{1}--\" missing", "délimiteur de fin « --{1}-- » absent"},
    NoteSpec{NoteId::MimeTooManyParts, "mime_too_many_parts", S::Warning,
             "too many parts: the rest is not parsed",
             "trop de parties : la suite n’est pas analysée"},
    NoteSpec{NoteId::MimeInvalidContentType, "mime_invalid_content_type", S::Warning,
             "invalid Content-Type \"{1}\": text/plain assumed",
             "Content-Type « {1} » non valide : text/plain supposé"},
    NoteSpec{NoteId::MimeUnknownTransferEncoding, "mime_unknown_transfer_encoding", S::Warning,
             "unknown Content-Transfer-Encoding \"{1}\": body not decoded",
             "Content-Transfer-Encoding « {1} » inconnu : corps non décodé"},
    NoteSpec{NoteId::MimeNestingTooDeep, "mime_nesting_too_deep", S::Warning,
             "nesting deeper than {1}: not parsed further",
             "imbrication au-delà de {1} niveaux : pas d’analyse plus profonde"},
    NoteSpec{NoteId::MimeEncodedMessagePart, "mime_encoded_message_part", S::Warning,
             "message/rfc822 part encoded in {1}, which RFC 2046 §5.2.1 forbids (only 7bit, "
             "8bit or binary): decoded and read anyway, as filters that skip it would not",
             "partie message/rfc822 encodée en {1}, ce que la RFC 2046 §5.2.1 interdit "
             "(seulement 7bit, 8bit ou binary) : décodée et lue quand même, là où un filtre "
             "l’aurait sautée"},
    // The capture as a whole
    NoteSpec{NoteId::CaptureFileTruncated, "capture_file_truncated", S::Error,
             "capture file ends early after frame {1}: {2}",
             "le fichier de capture s’arrête prématurément après la trame {1} : {2}"},
    NoteSpec{NoteId::NotesDropped, "notes_dropped", S::Note, "{1} more notes not kept",
             "{1} notes de plus non conservées"},
    NoteSpec{NoteId::SavingFramesStopped, "saving_frames_stopped", S::Error,
             "saving frames stopped: {1}", "enregistrement des trames interrompu : {1}"},
    NoteSpec{NoteId::SavingFramesFailed, "saving_frames_failed", S::Error,
             "saving frames failed: {1}", "échec de l’enregistrement des trames : {1}"},
    NoteSpec{NoteId::CaptureStopped, "capture_stopped", S::Error, "capture stopped: {1}",
             "capture interrompue : {1}"},
    NoteSpec{NoteId::FramesDropped, "frames_dropped", S::Warning,
             "frames dropped during capture: {1} by the kernel, {2} by the interface, {3} by a "
             "lagging consumer: sessions may show gaps",
             "trames perdues pendant la capture : {1} par le noyau, {2} par l’interface, {3} "
             "par un lecteur en retard : les sessions peuvent présenter des trous"},
    // POP3 and IMAP sessions
    NoteSpec{NoteId::MailCleartextCredentials, "mail_cleartext_credentials", S::Warning,
             "{1} credentials sent in clear text ({2}): user '{3}'",
             "identifiants {1} envoyés en clair ({2}) : utilisateur « {3} »"},
    NoteSpec{NoteId::MailLoginAccepted, "mail_login_accepted", S::Chat, "{1} login accepted ({2})",
             "connexion {1} acceptée ({2})"},
    NoteSpec{NoteId::MailLoginRefused, "mail_login_refused", S::Warning,
             "{1} login refused ({2}): {3}", "connexion {1} refusée ({2}) : {3}"},
    NoteSpec{NoteId::MailTlsUpgradeAccepted, "mail_tls_upgrade_accepted", S::Chat,
             "{1} {2} accepted: the rest of the connection is TLS",
             "{1} {2} accepté : la suite de la connexion passe en TLS"},
    NoteSpec{NoteId::MailTlsUpgradeRefused, "mail_tls_upgrade_refused", S::Warning,
             "{1} {2} refused ({3}): the session goes on in clear text",
             "{1} {2} refusé ({3}) : la session continue en clair"},
    NoteSpec{NoteId::MailMessageCut, "mail_message_cut", S::Error,
             "{1} message retrieved with {2} is cut by the end of the capture ({3} bytes seen): "
             "it is incomplete",
             "le message {1} relevé par {2} est coupé par la fin de la capture ({3} octets vus) : "
             "il est incomplet"},
    NoteSpec{NoteId::MailServerLineNotResponse, "mail_server_line_not_response", S::Warning,
             "{1} server line is not a response: {2}",
             "ligne du serveur {1} qui n’est pas une réponse : {2}"},
    NoteSpec{NoteId::MailResponseUnmatched, "mail_response_unmatched", S::Warning,
             "{1} response matches no command sent: {2}",
             "réponse {1} qui ne correspond à aucune commande envoyée : {2}"},
    NoteSpec{NoteId::MailGreetingRefuses, "mail_greeting_refuses", S::Warning,
             "{1} greeting refuses service: {2}", "l’accueil {1} refuse le service : {2}"},
    NoteSpec{NoteId::MailCommandBad, "mail_command_bad", S::Warning,
             "{1} server answered BAD to {2}: {3}", "le serveur {1} a répondu BAD à {2} : {3}"},
};

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kNotes.size(); ++i) {
    if (static_cast<std::size_t>(kNotes[i].id) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kNotes rows must follow NoteId order");
static_assert(kNotes.size() == static_cast<std::size_t>(NoteId::MailCommandBad) + 1,
              "every NoteId needs a row");

}  // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Chat:
      return "chat";
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "note";
}

std::string_view severity_label(Severity severity, NoteLanguage language) {
  if (language == NoteLanguage::En) return severity_name(severity);
  switch (severity) {
    case Severity::Chat:
      return "info";
    case Severity::Note:
      return "remarque";
    case Severity::Warning:
      return "avertissement";
    case Severity::Error:
      return "erreur";
  }
  return "remarque";
}

std::span<const NoteSpec> note_specs() {
  return kNotes;
}

const NoteSpec& note_spec(NoteId id) {
  return kNotes[static_cast<std::size_t>(id)];
}

std::string_view note_name(NoteId id) {
  return note_spec(id).name;
}

std::optional<NoteId> note_id_from_name(std::string_view name) {
  for (const NoteSpec& spec : kNotes) {
    if (spec.name == name) return spec.id;
  }
  return std::nullopt;
}

std::string_view note_template(NoteId id, NoteLanguage language) {
  const NoteSpec& spec = note_spec(id);
  return language == NoteLanguage::Fr ? spec.fr : spec.en;
}

NoteId mime_note_id(message::MimeAnomaly anomaly) {
  using A = message::MimeAnomaly;
  switch (anomaly) {
    case A::HeaderStartsWithContinuation:
      return NoteId::MimeHeaderStartsWithContinuation;
    case A::MboxFromLine:
      return NoteId::MimeMboxFromLine;
    case A::NoEmptyLineBeforeBody:
      return NoteId::MimeNoEmptyLineBeforeBody;
    case A::MultipartWithoutBoundary:
      return NoteId::MimeMultipartWithoutBoundary;
    case A::BoundaryNeverFound:
      return NoteId::MimeBoundaryNeverFound;
    case A::ClosingBoundaryMissing:
      return NoteId::MimeClosingBoundaryMissing;
    case A::TooManyParts:
      return NoteId::MimeTooManyParts;
    case A::InvalidContentType:
      return NoteId::MimeInvalidContentType;
    case A::UnknownTransferEncoding:
      return NoteId::MimeUnknownTransferEncoding;
    case A::NestingTooDeep:
      return NoteId::MimeNestingTooDeep;
    case A::EncodedMessagePart:
      return NoteId::MimeEncodedMessagePart;
  }
  return NoteId::MimeInvalidContentType;
}

std::string fill_note_template(std::string_view text, std::span<const std::string> args) {
  std::string out;
  out.reserve(text.size() + 32);
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    if (open == std::string_view::npos) break;
    // {n} with n from 1 to 9: one digit is enough for any row.
    const bool placeholder = open + 2 < text.size() && text[open + 1] >= '1' &&
                             text[open + 1] <= '9' && text[open + 2] == '}';
    const std::size_t n = placeholder ? static_cast<std::size_t>(text[open + 1] - '1') : 0;
    out.append(text.substr(at, open - at));
    if (placeholder && n < args.size()) {
      out.append(args[n]);
    } else {
      out.append(text.substr(open, placeholder ? 3 : 1));
    }
    at = open + (placeholder ? 3 : 1);
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace smtplab::capture
