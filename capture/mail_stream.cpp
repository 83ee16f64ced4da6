// The shared half of the POP3 and IMAP dissectors: bytes in, TLS switch, messages and notes.
#include "capture/mail_stream.hpp"

#include <algorithm>

#include "capture/digest.hpp"
#include "capture/message_contents.hpp"
#include "capture/notes.hpp"
#include "sim/protocol/sasl.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::capture {
namespace {

/// TLS records kept per session (as for SMTP: beyond this only a count matters).
constexpr std::size_t kMaxTlsRecords = 10000;
/// MIME notes kept per retrieved message.
constexpr std::size_t kMaxMimeNotes = 16;

}  // namespace

void SaslReader::start(std::string_view mechanism) {
  mechanism_ = protocol::to_upper(mechanism);
  step_ = 0;
  user_.clear();
}

std::optional<ExposedCredentials> SaslReader::feed(std::string_view response, std::uint64_t frame) {
  if (response == "*") return std::nullopt;  // cancelled
  if (mechanism_ == "PLAIN") {
    if (auto plain = protocol::decode_sasl_plain(response)) {
      return ExposedCredentials{"PLAIN", plain->username, plain->password, frame};
    }
  } else if (mechanism_ == "LOGIN") {
    const auto decoded = protocol::decode_sasl_text(response);
    if (!decoded) return std::nullopt;
    const int step = step_++;
    if (step == 0) {
      user_ = *decoded;
    } else if (step == 1) {
      return ExposedCredentials{"LOGIN", user_, *decoded, frame};
    }
  }
  return std::nullopt;
}

MailStreamDissector::MailStreamDissector(const StreamContext& context, MailProtocol protocol)
    : context_(context) {
  session_.protocol = protocol;
  session_.client = context.client;
  session_.server = context.server;
  session_.first_frame = context.first_frame;
  session_.first_ts_sec = context.first_ts_sec;
  session_.first_ts_nsec = context.first_ts_nsec;
}

void MailStreamDissector::on_bytes(Side side, std::uint64_t offset, std::string_view bytes) {
  const int s = static_cast<int>(side);
  if (mode_[s] == Mode::Unknown) {
    // The first bytes tell an implicit-TLS side (995, 993) from clear text.
    framer_base_[s] = offset;
    if (looks_like_tls_record(bytes)) {
      mode_[s] = Mode::Tls;
      session_.tls = true;
      note(side == Side::Client ? NoteId::ClientImplicitTls : NoteId::ServerImplicitTls,
           frame_at(side, offset));
    } else {
      mode_[s] = Mode::Text;
    }
  }
  if (mode_[s] == Mode::Tls) {
    feed_tls(side, offset, bytes);
    return;
  }
  framer(side).borrow(bytes);
  if (side == Side::Server) process_server();
  process_client();
  framer(side).keep_rest();
}

void MailStreamDissector::on_gap(Side side, std::uint64_t offset, std::uint64_t length,
                                 std::uint64_t frame) {
  const int s = static_cast<int>(side);
  if (mode_[s] == Mode::Tls) {
    tls_[s] = TlsRecordScanner{};  // record boundaries are lost with the bytes
    return;
  }
  mode_[s] = Mode::Text;
  framers_[s] = protocol::LineFramer(kMaxLine);
  framer_base_[s] = offset + length;
  on_text_gap(side, length, frame);
}

void MailStreamDissector::switch_to_tls(Side side) {
  const int s = static_cast<int>(side);
  if (mode_[s] == Mode::Tls) return;
  mode_[s] = Mode::Tls;
  session_.tls = true;
  // Bytes already framed but not read belong to TLS (the ClientHello, typically).
  protocol::LineFramer& lines = framers_[s];
  const std::uint64_t offset = framer_base_[s] + lines.offset();
  const std::string rest = lines.take_raw(lines.buffered());
  if (!rest.empty()) feed_tls(side, offset, rest);
}

void MailStreamDissector::feed_tls(Side side, std::uint64_t offset, std::string_view bytes) {
  TlsRecordScanner& scanner = tls_[static_cast<int>(side)];
  if (scanner.broken()) return;
  std::vector<TlsRecord> records;
  scanner.feed(offset, bytes, records);
  for (const auto& record : records) {
    if (session_.tls_records.size() >= kMaxTlsRecords) break;
    session_.tls_records.push_back(TlsRecordSeen{side, frame_at(side, record.offset), record});
  }
  if (scanner.broken()) {
    note(side == Side::Client ? NoteId::ClientTlsRecordsBroken : NoteId::ServerTlsRecordsBroken,
         frame_at(side, offset));
  }
}

DialogueEntry MailStreamDissector::make_entry(DialogueEntry::Kind kind, Side side,
                                              std::uint64_t offset, std::uint64_t length) const {
  DialogueEntry entry;
  entry.kind = kind;
  entry.side = side;
  entry.offset = offset;
  entry.length = length;
  entry.first_frame = frame_at(side, offset);
  entry.frame = length ? frame_at(side, offset + length - 1) : entry.first_frame;
  return entry;
}

std::size_t MailStreamDissector::add_entry(DialogueEntry entry, MailLineDetail detail) {
  entry.mail = std::make_shared<const MailLineDetail>(std::move(detail));
  session_.dialogue.push_back(std::move(entry));
  return session_.dialogue.size() - 1;
}

void MailStreamDissector::keep_message(SmtpMessage message) {
  message.sha256 = sha256_hex(message.content);
  const auto anomalies = describe_message_contents(message);
  for (std::size_t i = 0; i < anomalies.size() && i < kMaxMimeNotes; ++i) {
    session_.notes.push_back(make_mime_note(anomalies[i], message.last_frame));
  }
  if (anomalies.size() > kMaxMimeNotes) {
    note(NoteId::NotesDropped, message.last_frame,
         {std::to_string(anomalies.size() - kMaxMimeNotes)});
  }
  session_.messages.push_back(std::move(message));
}

void MailStreamDissector::keep_credentials(ExposedCredentials credentials) {
  note(NoteId::MailCleartextCredentials, credentials.frame,
       {label(), credentials.mechanism, printable_note_value(credentials.user)});
  session_.credentials.push_back(std::move(credentials));
}

void MailStreamDissector::note(NoteId id, std::uint64_t frame, std::vector<std::string> args) {
  session_.notes.push_back(make_note(id, frame, std::move(args)));
}

void MailStreamDissector::sort_dialogue() {
  const auto by_frame = [](const DialogueEntry& a, const DialogueEntry& b) {
    return a.frame < b.frame;
  };
  if (!std::is_sorted(session_.dialogue.begin(), session_.dialogue.end(), by_frame)) {
    std::stable_sort(session_.dialogue.begin(), session_.dialogue.end(), by_frame);
  }
}

}  // namespace smtplab::capture
