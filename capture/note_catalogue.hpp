// The catalogue of every expert note the capture analyser gives: one row per kind of note
// (NoteId) with its stable snake_case name (JSON "id", tests), its default severity and its
// text in English and in French. Texts are templates with numbered placeholders ({1}, {2}…)
// for the values the site supplies (a mechanism, a byte count, an address, a reply). Sites
// name the note and pass its values; they never build prose (tests/layers/check_notes.py).
// The English rendering is the note's `text` (JSON, text reports); the window renders the
// same note in its own language.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/message/mime_note.hpp"

namespace smtplab::capture {

/// How much a note matters, in Wireshark's expert-info scale.
enum class Severity {
  Chat,     ///< normal protocol event worth pointing at (STARTTLS, greeting)
  Note,     ///< unusual but harmless (retransmission, pipelining)
  Warning,  ///< likely a problem or a risk (5xx reply, cleartext AUTH, bare LF)
  Error,    ///< broken data (gap, truncated frame, session cut mid-DATA)
};

/// Lower-case name of a severity ("chat", "note", "warning", "error").
std::string_view severity_name(Severity severity);

/// The languages a note is written in (capture/ knows nothing of the window's).
enum class NoteLanguage {
  En,  ///< English: the note's `text`, the JSON and the text reports
  Fr,  ///< French
};

/// A severity as the text report says it: severity_name() in English, "info", "remarque",
/// "avertissement", "erreur" in French.
std::string_view severity_label(Severity severity, NoteLanguage language);

/// Every kind of note; the values each one takes are listed as {n}.
enum class NoteId : std::uint16_t {
  // Frame decoding (link, IP, TCP headers)
  LinkTypeUnsupported,      ///< {1} the link type number
  LinkHeaderTruncated,      ///< {1} the link type's name (Ethernet, Linux cooked…)
  VlanTagTruncated,         ///< the frame ends inside an 802.1Q tag
  Ipv4HeaderTruncated,      ///< the frame ends inside the IPv4 header
  Ipv4HeaderInvalid,        ///< version or header length wrong
  Ipv4OptionsTruncated,     ///< the frame ends inside the IPv4 options
  Ipv4TotalLengthTooShort,  ///< total length smaller than the header
  Ipv6HeaderTruncated,      ///< the frame ends inside the IPv6 header
  Ipv6HeaderInvalid,        ///< version is not 6
  Ipv6ExtensionTruncated,   ///< the frame ends inside an extension header
  TcpHeaderTruncated,       ///< the frame ends inside the TCP header
  TcpDataOffsetInvalid,     ///< data offset below 5 words or beyond the segment
  // IP fragment reassembly ({1} IPv4/IPv6, {2} source, {3} destination, {4} identification)
  IpFragmentsExpired,         ///< {1} frames waited: a datagram never completed in time
  IpFragmentOutOfBounds,      ///< a fragment beyond 65535 bytes or beyond its frame
  IpTooManyPendingDatagrams,  ///< the oldest incomplete datagram was given up
  IpLastFragmentsDisagree,    ///< two last fragments give different lengths
  IpFragmentsOverlapDiffer,   ///< overlapping fragments carry different bytes
  IpDatagramNeverCompleted,   ///< {1} fragments left at the end of the capture
  TcpSegmentFromFragments,    ///< {1} fragments, frames {2} to {3}
  // TCP analysis
  TcpConnectionReset,        ///< RST
  TcpKeepAlive,              ///< a keep-alive probe
  TcpRetransmission,         ///< every byte seen before
  TcpRetransmissionOverlap,  ///< {1} new bytes kept beside bytes seen before
  TcpOutOfOrder,             ///< a segment filling a hole left by later ones
  TcpPreviousSegmentLost,    ///< a segment starting beyond anything seen
  TcpZeroWindow,             ///< window 0
  TcpDuplicateAck,           ///< the same ACK again with data outstanding
  ClientStreamGap,           ///< {1} bytes missing at stream offset {2} (client to server)
  ServerStreamGap,           ///< {1} bytes missing at stream offset {2} (server to client)
  // SMTP: session and replies
  ClientImplicitTls,          ///< the client's first bytes are a TLS record
  ServerImplicitTls,          ///< the server's first bytes are a TLS record
  ServerClearAfterClientTls,  ///< the client speaks TLS, the server SMTP
  GreetingRefusesService,     ///< {1} the greeting's code (not 220)
  ServerLineNotReply,         ///< {1} the line, made printable
  PermanentFailureReply,      ///< {1} the code, {2} the reply's first line
  ReplyWithoutCommand,        ///< a reply nobody asked for
  CommandsUnanswered,         ///< {1} commands without a reply at the end
  SessionEndedInMessage,      ///< {1} DATA or BDAT: the session ended mid-message
  MessageBytesMissing,        ///< {1} bytes of a message lost in a gap
  MessageReplyMissing,        ///< {1} DATA or BDAT: the message ended, its reply is missing
  MessageAbandoned,           ///< {1} the command that left a BDAT message without LAST
  // SMTP: commands
  CommandBeforeGreeting,   ///< {1} the verb sent before the 220
  PipeliningNotAnnounced,  ///< a command sent ahead of a reply without PIPELINING
  CommandLineTooLong,      ///< over 512 octets (RFC 5321 §4.5.3.1.4)
  CommandBareLf,           ///< a command line ended by LF alone
  RelayAttemptRefused,     ///< {1} code (and enhanced code), {2} the RCPT argument
  BdatInvalidSize,         ///< {1} the argument: a chunk only if the server accepts it
  EnvelopeResetByHelo,     ///< {1} HELO or EHLO inside a transaction (RFC 5321 §4.1.4)
  AuthenticationRefusal,   ///< {1} code (and enhanced code), {2} MAIL or RCPT, {3} argument
  // SMTP: AUTH and STARTTLS
  AuthCancelled,           ///< the client sent "*"
  AuthSucceeded,           ///< {1} the mechanism
  AuthFailed,              ///< {1} the mechanism
  CleartextCredentials,    ///< {1} the mechanism, {2} the user name
  StartTlsMasked,          ///< {1} the keyword standing where STARTTLS belongs (XXXXXXXA)
  StartTlsNotOffered,      ///< STARTTLS asked for without being offered
  StartTlsAccepted,        ///< 220 to STARTTLS: the rest is TLS
  StartTlsRefused,         ///< {1} the refusing code
  ClientTlsRecordsBroken,  ///< the client's bytes after TLS began are not TLS records
  ServerTlsRecordsBroken,  ///< the server's bytes after TLS began are not TLS records
  // SMTP: message content
  SmtpSmuggling,       ///< {1} the ambiguous end of data (<LF>.<LF>…)
  BareLfInData,        ///< LF alone in DATA (RFC 5321 §2.3.8)
  BareCrInData,        ///< CR alone in DATA (RFC 5321 §2.3.8)
  MessageLineTooLong,  ///< over 1000 octets (RFC 5322 §2.1.1)
  // MIME: a message's header and structure (sim/message's MimeAnomaly, one row each)
  MimeHeaderStartsWithContinuation,  ///< the header's first line is a continuation
  MimeMboxFromLine,                  ///< an mbox "From " line before the header
  MimeNoEmptyLineBeforeBody,         ///< {1} offset in the message of the first body line
  MimeMultipartWithoutBoundary,      ///< multipart/* without a usable boundary
  MimeBoundaryNeverFound,            ///< {1} the boundary
  MimeClosingBoundaryMissing,        ///< {1} the boundary
  MimeTooManyParts,                  ///< more parts than the parser takes
  MimeInvalidContentType,            ///< {1} the Content-Type value
  MimeUnknownTransferEncoding,       ///< {1} the Content-Transfer-Encoding value
  MimeNestingTooDeep,                ///< {1} the deepest nesting parsed
  MimeEncodedMessagePart,            ///< {1} the encoding a message/rfc822 part may not have
  // The capture as a whole
  CaptureFileTruncated,  ///< {1} the last frame read, {2} the reader's error
  NotesDropped,          ///< {1} notes beyond the analyser's limit
  SavingFramesStopped,   ///< {1} the writer's error, mid-capture
  SavingFramesFailed,    ///< {1} the writer's error, at the end
  CaptureStopped,        ///< {1} the capture thread's error
  FramesDropped,         ///< {1} by the kernel, {2} by the interface, {3} by the queue
  // POP3 and IMAP sessions ({1} is always POP3 or IMAP)
  MailCleartextCredentials,   ///< {2} USER/PASS, APOP, LOGIN, AUTH PLAIN…, {3} the user name
  MailLoginAccepted,          ///< {2} the command that logged in
  MailLoginRefused,           ///< {2} the command, {3} the server's text
  MailTlsUpgradeAccepted,     ///< {2} STLS or STARTTLS: the rest is TLS
  MailTlsUpgradeRefused,      ///< {2} STLS or STARTTLS, {3} the server's text
  MailMessageCut,             ///< {2} RETR, TOP or FETCH, {3} bytes seen
  MailServerLineNotResponse,  ///< {2} the line, made printable
  MailResponseUnmatched,      ///< {2} the response, made printable
  MailGreetingRefuses,        ///< {2} the greeting, made printable
  MailCommandBad,             ///< {2} the command, {3} the server's text (IMAP BAD)
};

/// One row of the catalogue.
struct NoteSpec {
  NoteId id;
  std::string_view name;  ///< stable snake_case name ("bare_lf_in_data"), the JSON "id"
  Severity severity;      ///< default severity
  std::string_view en;    ///< English template ({1}, {2}… stand for the values)
  std::string_view fr;    ///< French template, the same placeholders
};

/// Every row, in NoteId order.
std::span<const NoteSpec> note_specs();
/// The row of a note (every NoteId has one).
const NoteSpec& note_spec(NoteId id);
/// The stable name of a note ("tcp_retransmission").
std::string_view note_name(NoteId id);
/// The note of a stable name, nullopt when unknown.
std::optional<NoteId> note_id_from_name(std::string_view name);
/// The template of a note in `language`.
std::string_view note_template(NoteId id, NoteLanguage language);

/// The row of a header or MIME anomaly found by sim/message.
NoteId mime_note_id(message::MimeAnomaly anomaly);

/// A template with {n} replaced by args[n-1]; a placeholder without a value stays as it is.
std::string fill_note_template(std::string_view text, std::span<const std::string> args);

}  // namespace smtplab::capture
