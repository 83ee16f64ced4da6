// Recognises TLS records in a byte stream (after STARTTLS, or on implicit-TLS ports): the
// 5-byte record header (content type, version, length) and, for handshake records sent in
// clear, the handshake message type. Record contents are skipped, never decrypted.
//
//   | content type (1) | version (2) | length (2) | fragment (length) |
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smtplab::capture {

/// One TLS record header seen in a stream.
struct TlsRecord {
  std::uint64_t offset = 0;       ///< stream offset of the header
  std::uint8_t content_type = 0;  ///< 20 ChangeCipherSpec, 21 Alert, 22 Handshake, 23 Data
  std::uint16_t version = 0;      ///< record-layer version (0x0301 = TLS 1.0, ...)
  std::uint16_t length = 0;       ///< fragment length
  int handshake_type = -1;        ///< first handshake message type when readable, else -1
};

/// True when `bytes` starts like a TLS record (plausible type and version).
bool looks_like_tls_record(std::string_view bytes);
/// "Handshake", "Application data", ...
std::string tls_content_type_name(std::uint8_t content_type);
/// "TLS 1.2", "SSL 3.0", ...
std::string tls_version_name(std::uint16_t version);
/// "ClientHello", "ServerHello", ... ("encrypted" for -2)
std::string tls_handshake_name(int handshake_type);

/// Incremental record scanner for one direction.
class TlsRecordScanner {
 public:
  /// Feeds in-order bytes starting at stream `offset`; complete headers go to `out`.
  void feed(std::uint64_t offset, std::string_view bytes, std::vector<TlsRecord>& out);
  /// The stream stopped looking like TLS (bad header); nothing more is scanned.
  bool broken() const { return broken_; }
  /// Stream offset just after the last complete record.
  std::uint64_t record_end() const { return record_end_; }

 private:
  std::string header_;  // partial record header (up to 6 bytes)
  std::uint64_t header_offset_ = 0;
  std::uint64_t skip_ = 0;  // fragment bytes still to skip
  std::uint64_t record_end_ = 0;
  bool encrypted_ = false;  // a ChangeCipherSpec was seen: handshakes are opaque
  bool broken_ = false;
};

}  // namespace smtplab::capture
