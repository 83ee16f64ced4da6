// IPv4 and IPv6 addresses and CIDR ranges: parsing, formatting, prefix matching and the
// reverse (in-addr.arpa / ip6.arpa) names. Used by the simulated resolver (PTR), SPF
// (ip4:, ip6:, a/cidr, mx/cidr) and relay control ("127.0.1.0/24"). Pure, never throws.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smtplab::agents {

/// One IPv4 or IPv6 address, stored in network byte order.
struct IpAddress {
  enum class Family { V4, V6 };
  Family family = Family::V4;
  std::array<std::uint8_t, 16> bytes{};  ///< V4 uses the first 4 octets

  /// Parses dotted-quad IPv4 ("127.0.1.20") or RFC 4291 §2.2 text IPv6 ("::1",
  /// "2001:db8::1", "::ffff:127.0.0.1"); nullopt on anything else (no leading zeros).
  static std::optional<IpAddress> parse(std::string_view text);

  /// Number of meaningful octets (4 or 16).
  std::size_t size() const { return family == Family::V4 ? 4 : 16; }
  /// Number of bits (32 or 128).
  int bits() const { return family == Family::V4 ? 32 : 128; }
  bool is_v4() const { return family == Family::V4; }
  /// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as IPv4 (RFC 7208 §5: SPF treats it so);
  /// any other address unchanged.
  IpAddress unmapped() const;
  /// Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6.
  std::string to_string() const;
  /// The PTR query name: "20.1.0.127.in-addr.arpa" or the 32 nibbles under "ip6.arpa".
  std::string reverse_name() const;
  /// SPF's %{i} form (RFC 7208 §7.3): dotted quad, or 32 dot-separated nibbles for IPv6.
  std::string spf_macro_form() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

/// A CIDR range: an address and a prefix length.
struct IpRange {
  IpAddress base;
  int prefix_length = 32;

  /// Parses "127.0.1.0/24", "2001:db8::/32" or a bare address (full-length prefix).
  static std::optional<IpRange> parse(std::string_view text);
  /// True when `address` (same family) shares the first prefix_length bits with base.
  bool contains(const IpAddress& address) const;
  /// "127.0.1.0/24".
  std::string to_string() const;
};

/// True when the first `bits` bits of a and b are equal (a and b of the same family;
/// bits clamped to the family size). Different families never match.
bool same_prefix(const IpAddress& a, const IpAddress& b, int bits);

/// Parses a prefix length without leading zeros ("0".."max"); nullopt otherwise.
std::optional<int> parse_prefix_length(std::string_view text, int max);

}  // namespace smtplab::agents
