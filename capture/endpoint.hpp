// IP addresses and TCP endpoints, printed as "ip:port" or "[ipv6]:port".
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtplab::capture {

/// An IPv4 or IPv6 address (IPv4 uses the first 4 bytes).
struct Address {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  auto operator<=>(const Address&) const = default;
};

/// An address and a port.
struct Endpoint {
  Address address;
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
};

/// Room for the longest endpoint text: "[" IPv6 "]:" port.
inline constexpr std::size_t kMaxEndpointText = 64;
/// Writes "192.0.2.1:25" or "[2001:db8::1]:25" into `out`, returns its length (no
/// allocation: the JSON writer prints two per session).
std::size_t format_endpoint(const Endpoint& endpoint, char (&out)[kMaxEndpointText]);

/// Reads "192.0.2.1" (v6 false) or "2001:db8::1" (v6 true) in the strict forms inet_pton
/// takes: the dotted quad only, as Wireshark does. Nothing when the text is not one.
std::optional<Address> parse_address(std::string_view text, bool v6);

/// "192.0.2.1" or "2001:db8::1".
std::string to_string(const Address& address);
/// "192.0.2.1:25" or "[2001:db8::1]:25".
std::string to_string(const Endpoint& endpoint);

}  // namespace smtplab::capture
