// What the mail dissectors (SMTP, POP3, IMAP) rebuild from one TCP connection: the dialogue
// (each line tied to its stream offsets and to the frame that carried its last byte), the
// messages with their envelopes, exposed credentials, TLS records after STARTTLS/STLS, and
// expert notes. One shape for the three protocols, told apart by `protocol`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/endpoint.hpp"
#include "capture/notes.hpp"
#include "capture/stream_dissector.hpp"
#include "capture/tls_records.hpp"

namespace smtplab::capture {

/// The application protocol of a session.
enum class MailProtocol : std::uint8_t {
  Smtp,  ///< RFC 5321 (submission and relay)
  Pop3,  ///< RFC 1939 (reading, download)
  Imap,  ///< RFC 3501 / 9051 (reading, on the server)
};

/// "smtp", "pop3", "imap": the JSON value.
std::string_view mail_protocol_name(MailProtocol protocol);
/// "SMTP", "POP3", "IMAP": for text.
std::string_view mail_protocol_label(MailProtocol protocol);

/// What a POP3 or IMAP dialogue line adds to the SMTP shape (null on SMTP lines).
struct MailLineDetail {
  static constexpr std::size_t kNoSecret = static_cast<std::size_t>(-1);
  std::string tag;                      ///< IMAP: the command's or response's tag ("a1", "*", "+")
  std::string status;                   ///< "+OK", "-ERR", "+"; IMAP "OK", "NO", "BAD", "BYE"...
  std::string answers;                  ///< IMAP untagged/continuation: tag of the command it
                                        ///< belongs to (empty: none pending)
  std::vector<std::uint64_t> literals;  ///< IMAP: octets of each literal (a response's after
                                        ///< its lines[i]; a command's in its argument order)
  std::size_t secret_at = kNoSecret;    ///< command: argument octets from here are a secret
};

/// One line (or multi-line reply) of the dialogue.
struct DialogueEntry {
  enum class Kind {
    Command,   ///< a client command line (verb and argument)
    AuthLine,  ///< a client SASL continuation line (answer to a 334)
    DataEnd,   ///< the end of a DATA message (the line with the lone dot)
    Reply,     ///< a complete server reply
  };
  Kind kind = Kind::Command;
  Side side = Side::Client;
  std::uint64_t frame = 0;         ///< frame that carried the entry's last byte
  std::uint64_t first_frame = 0;   ///< frame that carried its first byte
  std::uint64_t offset = 0;        ///< stream offset of the first byte
  std::uint64_t length = 0;        ///< bytes on the wire, line endings included
  std::string verb;                ///< command verb as sent ("ehlo"), empty otherwise
  std::string argument;            ///< command argument, or the AuthLine text
  int code = 0;                    ///< reply code
  std::string enhanced;            ///< reply's RFC 3463 code, or empty
  std::vector<std::string> lines;  ///< reply text lines without the code and enhanced code
  std::uint64_t data_bytes = 0;    ///< DataEnd: message bytes on the wire before unstuffing;
                                   ///< POP3 RETR/TOP reply: body bytes on the wire
  /// POP3 and IMAP lines: status, tag, literals, secret span. Reply `lines` then hold the
  /// lines as sent (IMAP: after the tag), `code` stays 0.
  std::shared_ptr<const MailLineDetail> mail;

  /// How a reply line was written after "ddd-" / "ddd ", given its text in `lines`.
  enum class RawForm : std::uint8_t {
    Text,          ///< as in `lines`
    CodeAndSpace,  ///< the enhanced code, a space, then the text in `lines`
    CodeOnly,      ///< the enhanced code alone (`lines` holds "")
  };
  /// Reply line `i` as sent after "ddd-" / "ddd " (enhanced code included).
  std::string raw_line(std::size_t i) const;
  /// Records how reply line `i` was written.
  void set_raw_form(std::size_t i, RawForm form);

 private:
  // Each reply line is kept once, in `lines`; rebuilding it as sent needs only its RawForm
  // (the enhanced code it repeated is in `enhanced`): 2 bits each for the first 32 lines.
  static constexpr std::size_t kPackedForms = 32;
  std::uint64_t packed_forms_ = 0;
  std::vector<RawForm> more_forms_;  // lines 32 and after, in the rare longer replies
};

/// A command's argument as shown: a POP3 PASS or IMAP LOGIN password (MailLineDetail's
/// secret_at) replaced by "********" unless `show_secrets` (as credentials are masked).
std::string shown_argument(const DialogueEntry& entry, bool show_secrets);

/// An attachment found in a message (sim/message decodes the MIME tree).
struct Attachment {
  std::string filename;
  std::string content_type;
  std::uint64_t bytes = 0;  ///< decoded size
  std::string sha256;       ///< of the decoded bytes
  std::string content;      ///< decoded bytes (for --extract and the GUI)
};

/// One message transferred with DATA or BDAT, or retrieved with RETR/TOP (POP3) or FETCH
/// (IMAP; then the envelope fields stay empty).
struct SmtpMessage {
  std::string via;                   ///< "DATA", "BDAT", "RETR", "TOP" or "FETCH"
  std::string mail_from;             ///< MAIL argument as sent ("FROM:<a@b> SIZE=10")
  std::vector<std::string> rcpt_to;  ///< RCPT arguments the server accepted
  int final_code = 0;                ///< reply to the end of data (0: none seen)
  std::string content;               ///< bytes as the server received them, unstuffed
  std::string sha256;                ///< of `content`
  std::uint64_t first_frame = 0;     ///< frame of the DATA/first BDAT command
  std::uint64_t last_frame = 0;      ///< frame of the end of data
  bool complete = true;              ///< false when cut or when bytes were missing
  std::string subject;               ///< decoded Subject (needs sim/message)
  std::vector<Attachment> attachments;
};

/// Credentials a client sent in clear.
struct ExposedCredentials {
  std::string mechanism;  ///< "PLAIN", "LOGIN"; POP3 "USER/PASS", "APOP"
  std::string user;
  std::string password;
  std::uint64_t frame = 0;
};

/// A TLS record seen on one side.
struct TlsRecordSeen {
  Side side = Side::Client;
  std::uint64_t frame = 0;
  TlsRecord record;
};

/// One SMTP, POP3 or IMAP session rebuilt from a TCP connection.
struct SmtpSession {
  MailProtocol protocol = MailProtocol::Smtp;
  Endpoint client;
  Endpoint server;
  std::uint64_t first_frame = 0;
  std::uint64_t last_frame = 0;
  std::int64_t first_ts_sec = 0;
  std::uint32_t first_ts_nsec = 0;
  bool tls = false;                     ///< TLS records were seen (STARTTLS or implicit)
  std::vector<std::string> extensions;  ///< EHLO keywords the server announced
  std::vector<DialogueEntry> dialogue;  ///< in frame order
  std::vector<SmtpMessage> messages;
  std::vector<ExposedCredentials> credentials;
  std::vector<TlsRecordSeen> tls_records;
  std::vector<Note> notes;  ///< SMTP and TCP notes, in frame order
};

/// Extracts the address between angle brackets of "FROM:<a@b> SIZE=1" ("" for "<>").
std::string path_address(const std::string& argument);
/// The same, viewed in `argument`.
std::string_view path_address_view(std::string_view argument);

}  // namespace smtplab::capture
