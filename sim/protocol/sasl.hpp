// SASL mechanisms used with SMTP AUTH (RFC 4954): PLAIN (RFC 4616) and LOGIN. Pure
// decoding of the client's base64 responses and encoding for the client side.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace smtplab::protocol {

/// Credentials carried by a SASL exchange.
struct SaslCredentials {
  std::string authzid;   ///< authorisation identity (PLAIN only, usually empty)
  std::string username;  ///< authentication identity
  std::string password;
};

/// Decodes a PLAIN response (base64 of authzid NUL authcid NUL passwd); nullopt when the
/// base64 or the structure is invalid.
std::optional<SaslCredentials> decode_sasl_plain(std::string_view base64_response);
/// Decodes one LOGIN step (base64 of the username or the password).
std::optional<std::string> decode_sasl_text(std::string_view base64_response);
/// Client side: the PLAIN initial response for these credentials.
std::string encode_sasl_plain(std::string_view username, std::string_view password);
/// Client side: base64 of one LOGIN step.
std::string encode_sasl_text(std::string_view text);

/// The LOGIN challenges as servers send them (base64 of "Username:" and "Password:").
inline constexpr std::string_view kLoginUsernameChallenge = "VXNlcm5hbWU6";
inline constexpr std::string_view kLoginPasswordChallenge = "UGFzc3dvcmQ6";

}  // namespace smtplab::protocol
