// TLS record-header scanning.
#include "capture/tls_records.hpp"

#include <algorithm>

namespace smtplab::capture {
namespace {

bool plausible(std::uint8_t type, std::uint8_t major, std::uint8_t minor) {
  return type >= 20 && type <= 24 && major == 3 && minor <= 4;
}

}  // namespace

bool looks_like_tls_record(std::string_view bytes) {
  if (bytes.size() < 3) return false;
  return plausible(static_cast<std::uint8_t>(bytes[0]), static_cast<std::uint8_t>(bytes[1]),
                   static_cast<std::uint8_t>(bytes[2]));
}

std::string tls_content_type_name(std::uint8_t content_type) {
  switch (content_type) {
    case 20:
      return "ChangeCipherSpec";
    case 21:
      return "Alert";
    case 22:
      return "Handshake";
    case 23:
      return "Application data";
    case 24:
      return "Heartbeat";
    default:
      return "type " + std::to_string(content_type);
  }
}

std::string tls_version_name(std::uint16_t version) {
  switch (version) {
    case 0x0300:
      return "SSL 3.0";
    case 0x0301:
      return "TLS 1.0";
    case 0x0302:
      return "TLS 1.1";
    case 0x0303:
      return "TLS 1.2";
    case 0x0304:
      return "TLS 1.3";
    default:
      return "version " + std::to_string(version);
  }
}

std::string tls_handshake_name(int handshake_type) {
  switch (handshake_type) {
    case -2:
      return "encrypted";
    case 0:
      return "HelloRequest";
    case 1:
      return "ClientHello";
    case 2:
      return "ServerHello";
    case 4:
      return "NewSessionTicket";
    case 11:
      return "Certificate";
    case 12:
      return "ServerKeyExchange";
    case 13:
      return "CertificateRequest";
    case 14:
      return "ServerHelloDone";
    case 16:
      return "ClientKeyExchange";
    case 20:
      return "Finished";
    default:
      return handshake_type < 0 ? "" : "handshake " + std::to_string(handshake_type);
  }
}

void TlsRecordScanner::feed(std::uint64_t offset, std::string_view bytes,
                            std::vector<TlsRecord>& out) {
  while (!bytes.empty() && !broken_) {
    if (skip_ > 0) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, bytes.size()));
      skip_ -= n;
      offset += n;
      bytes.remove_prefix(n);
      if (skip_ == 0) record_end_ = offset;
      continue;
    }
    if (header_.empty()) header_offset_ = offset;
    const std::size_t need = 6 - header_.size();  // 5-byte header + first fragment byte
    const std::size_t n = std::min(need, bytes.size());
    header_.append(bytes.substr(0, n));
    offset += n;
    bytes.remove_prefix(n);
    if (header_.size() < 6) break;
    const auto type = static_cast<std::uint8_t>(header_[0]);
    if (!plausible(type, static_cast<std::uint8_t>(header_[1]),
                   static_cast<std::uint8_t>(header_[2]))) {
      broken_ = true;
      break;
    }
    TlsRecord record;
    record.offset = header_offset_;
    record.content_type = type;
    record.version = static_cast<std::uint16_t>((static_cast<std::uint8_t>(header_[1]) << 8) |
                                                static_cast<std::uint8_t>(header_[2]));
    record.length = static_cast<std::uint16_t>((static_cast<std::uint8_t>(header_[3]) << 8) |
                                               static_cast<std::uint8_t>(header_[4]));
    if (record.length == 0) {  // the sixth byte already belongs to the next record
      broken_ = true;
      break;
    }
    if (type == 22) record.handshake_type = encrypted_ ? -2 : static_cast<std::uint8_t>(header_[5]);
    if (type == 20) encrypted_ = true;
    out.push_back(record);
    skip_ = record.length - 1u;
    header_.clear();
    if (skip_ == 0) record_end_ = offset;
  }
}

}  // namespace smtplab::capture
