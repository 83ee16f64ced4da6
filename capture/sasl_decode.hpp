// Decodes the SASL exchanges SMTP carries in clear (RFC 4954 AUTH PLAIN and LOGIN), so the
// analyst sees which credentials a capture exposes. (Base64 here is the strict RFC 4648
// alphabet; message bodies use sim/message's MIME decoders instead.)
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smtplab::capture {

/// Base64 text to bytes; nullopt when it is not valid base64.
std::optional<std::string> decode_base64(std::string_view text);

/// The parts of a PLAIN response: authzid NUL authcid NUL passwd.
struct PlainCredentials {
  std::string authzid;
  std::string user;
  std::string password;
};
/// Decodes an AUTH PLAIN response (base64); nullopt when malformed.
std::optional<PlainCredentials> decode_plain(std::string_view base64);

}  // namespace smtplab::capture
