// Address formatting through inet_ntop (RFC 5952 text for IPv6).
#include "capture/endpoint.hpp"

#include <arpa/inet.h>

namespace smtplab::capture {

std::string to_string(const Address& address) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), text, sizeof text);
  return text;
}

std::string to_string(const Endpoint& endpoint) {
  const std::string host = to_string(endpoint.address);
  const std::string port = std::to_string(endpoint.port);
  return endpoint.address.v6 ? "[" + host + "]:" + port : host + ":" + port;
}

}  // namespace smtplab::capture
