// Address formatting through inet_ntop (RFC 5952 text for IPv6).
#include "capture/endpoint.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace smtplab::capture {

std::optional<Address> parse_address(std::string_view text, bool v6) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string copy(text);  // inet_pton wants a terminated string
  Address address;
  address.v6 = v6;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, copy.c_str(), address.bytes.data()) != 1)
    return std::nullopt;
  return address;
}

std::string to_string(const Address& address) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), text, sizeof text);
  return text;
}

std::size_t format_endpoint(const Endpoint& endpoint, char (&out)[kMaxEndpointText]) {
  std::size_t n = 0;
  if (endpoint.address.v6) out[n++] = '[';
  inet_ntop(endpoint.address.v6 ? AF_INET6 : AF_INET, endpoint.address.bytes.data(), out + n,
            static_cast<socklen_t>(INET6_ADDRSTRLEN));
  n += std::strlen(out + n);
  if (endpoint.address.v6) out[n++] = ']';
  out[n++] = ':';
  n = static_cast<std::size_t>(std::to_chars(out + n, out + kMaxEndpointText, endpoint.port).ptr -
                               out);
  return n;
}

std::string to_string(const Endpoint& endpoint) {
  char text[kMaxEndpointText];
  return std::string(text, format_endpoint(endpoint, text));
}

}  // namespace smtplab::capture
