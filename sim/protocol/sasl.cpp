// SASL PLAIN and LOGIN encoding, on top of sim/message's base64.
#include "sim/protocol/sasl.hpp"

#include "sim/message/base64.hpp"

namespace smtplab::protocol {

std::optional<std::string> decode_sasl_text(std::string_view base64_response) {
  // "=" is the RFC 4954 spelling of an empty response.
  if (base64_response == "=") return std::string{};
  if (!message::base64_is_valid(base64_response)) return std::nullopt;
  return message::base64_decode(base64_response);
}

std::optional<SaslCredentials> decode_sasl_plain(std::string_view base64_response) {
  const auto decoded = decode_sasl_text(base64_response);
  if (!decoded) return std::nullopt;
  const auto first = decoded->find('\0');
  if (first == std::string::npos) return std::nullopt;
  const auto second = decoded->find('\0', first + 1);
  if (second == std::string::npos) return std::nullopt;
  SaslCredentials out;
  out.authzid = decoded->substr(0, first);
  out.username = decoded->substr(first + 1, second - first - 1);
  out.password = decoded->substr(second + 1);
  if (out.username.empty()) return std::nullopt;
  return out;
}

std::string encode_sasl_plain(std::string_view username, std::string_view password) {
  std::string raw;
  raw += '\0';
  raw += username;
  raw += '\0';
  raw += password;
  return message::base64_encode(raw, 0);
}

std::string encode_sasl_text(std::string_view text) {
  return message::base64_encode(text, 0);
}

}  // namespace smtplab::protocol
