// IPv4/IPv6 parsing, formatting and CIDR matching.
#include "sim/agents/ip_range.hpp"
#include "sim/message/ascii.hpp"

#include <vector>

namespace smtplab::agents {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Dotted quad, each part 0..255 without leading zeros (some stacks read "010" as octal,
// so the lab refuses it rather than guess).
bool parse_v4(std::string_view text, std::uint8_t* out) {
  int part = 0;
  std::size_t i = 0;
  while (part < 4) {
    if (i >= text.size() || !is_digit(text[i])) return false;
    const std::size_t start = i;
    int value = 0;
    while (i < text.size() && is_digit(text[i]) && i - start < 4) {
      value = value * 10 + (text[i] - '0');
      ++i;
    }
    if (i - start > 3 || value > 255) return false;
    if (i - start > 1 && text[start] == '0') return false;
    out[part] = static_cast<std::uint8_t>(value);
    ++part;
    if (part < 4) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
  }
  return i == text.size();
}

bool parse_v6(std::string_view text, std::array<std::uint8_t, 16>& out) {
  if (text.empty() || text.size() > 45) return false;
  std::vector<std::uint16_t> head;
  std::vector<std::uint16_t> tail;
  bool seen_gap = false;
  std::size_t i = 0;
  if (text.substr(0, 2) == "::") {
    seen_gap = true;
    i = 2;
  } else if (text[0] == ':') {
    return false;
  }
  bool embedded_v4 = false;
  std::uint8_t v4[4] = {};
  while (i < text.size()) {
    // A group, or a trailing dotted quad.
    std::size_t end = i;
    while (end < text.size() && text[end] != ':') ++end;
    const std::string_view group = text.substr(i, end - i);
    if (group.find('.') != std::string_view::npos) {
      if (end != text.size() || !parse_v4(group, v4)) return false;
      embedded_v4 = true;
      i = end;
      break;
    }
    if (group.empty() || group.size() > 4) return false;
    std::uint16_t value = 0;
    for (char c : group) {
      const int h = message::hex_value(c);
      if (h < 0) return false;
      value = static_cast<std::uint16_t>(value * 16 + h);
    }
    (seen_gap ? tail : head).push_back(value);
    i = end;
    if (i == text.size()) break;
    // i is at ':'.
    if (i + 1 < text.size() && text[i + 1] == ':') {
      if (seen_gap) return false;  // a second "::"
      seen_gap = true;
      i += 2;
    } else {
      ++i;
      if (i == text.size()) return false;  // trailing single ':'
    }
  }
  const std::size_t groups = head.size() + tail.size() + (embedded_v4 ? 2 : 0);
  if (seen_gap ? groups > 7 : groups != 8) return false;
  std::vector<std::uint16_t> all = head;
  if (seen_gap) all.resize(all.size() + (8 - groups), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  for (std::size_t g = 0; g < all.size(); ++g) {
    out[2 * g] = static_cast<std::uint8_t>(all[g] >> 8);
    out[2 * g + 1] = static_cast<std::uint8_t>(all[g] & 0xff);
  }
  if (embedded_v4) {
    for (int k = 0; k < 4; ++k) out[12 + k] = v4[k];
  }
  return true;
}

const char* const kHexDigits = "0123456789abcdef";

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  IpAddress address;
  if (text.find(':') == std::string_view::npos) {
    address.family = Family::V4;
    if (!parse_v4(text, address.bytes.data())) return std::nullopt;
    return address;
  }
  address.family = Family::V6;
  if (!parse_v6(text, address.bytes)) return std::nullopt;
  return address;
}

IpAddress IpAddress::unmapped() const {
  if (family != Family::V6) return *this;
  for (int i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return *this;
  }
  if (bytes[10] != 0xff || bytes[11] != 0xff) return *this;
  IpAddress v4;
  v4.family = Family::V4;
  for (int i = 0; i < 4; ++i) v4.bytes[i] = bytes[12 + i];
  return v4;
}

std::string IpAddress::to_string() const {
  if (family == Family::V4) {
    return std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." +
           std::to_string(bytes[2]) + "." + std::to_string(bytes[3]);
  }
  std::array<std::uint16_t, 8> groups{};
  for (int g = 0; g < 8; ++g) {
    groups[g] = static_cast<std::uint16_t>((bytes[2 * g] << 8) | bytes[2 * g + 1]);
  }
  // RFC 5952 §4.2: compress the longest run (of at least two) zero groups, the first
  // one on a tie.
  int best_start = -1;
  int best_length = 1;
  for (int g = 0; g < 8;) {
    if (groups[g] != 0) {
      ++g;
      continue;
    }
    int end = g;
    while (end < 8 && groups[end] == 0) ++end;
    if (end - g > best_length) {
      best_start = g;
      best_length = end - g;
    }
    g = end;
  }
  std::string out;
  for (int g = 0; g < 8; ++g) {
    if (g == best_start) {
      out += "::";
      g += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    char buffer[5];
    int n = 0;
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const int nibble = (groups[g] >> shift) & 0xf;
      if (nibble != 0 || started || shift == 0) {
        buffer[n++] = kHexDigits[nibble];
        started = true;
      }
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

std::string IpAddress::reverse_name() const {
  std::string out;
  if (family == Family::V4) {
    for (int i = 3; i >= 0; --i) out += std::to_string(bytes[i]) + ".";
    return out + "in-addr.arpa";
  }
  for (int i = 15; i >= 0; --i) {
    out += kHexDigits[bytes[i] & 0xf];
    out += '.';
    out += kHexDigits[bytes[i] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

std::string IpAddress::spf_macro_form() const {
  if (family == Family::V4) return to_string();
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i != 0) out += '.';
    out += kHexDigits[bytes[i] >> 4];
    out += '.';
    out += kHexDigits[bytes[i] & 0xf];
  }
  return out;
}

bool same_prefix(const IpAddress& a, const IpAddress& b, int bits) {
  if (a.family != b.family) return false;
  if (bits > a.bits()) bits = a.bits();
  if (bits < 0) bits = 0;
  const int whole = bits / 8;
  for (int i = 0; i < whole; ++i) {
    if (a.bytes[i] != b.bytes[i]) return false;
  }
  const int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a.bytes[whole] & mask) == (b.bytes[whole] & mask);
}

std::optional<int> parse_prefix_length(std::string_view text, int max) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > max) return std::nullopt;
  return value;
}

std::optional<IpRange> IpRange::parse(std::string_view text) {
  const std::size_t slash = text.find('/');
  const auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  IpRange range{*address, address->bits()};
  if (slash != std::string_view::npos) {
    const auto length = parse_prefix_length(text.substr(slash + 1), address->bits());
    if (!length) return std::nullopt;
    range.prefix_length = *length;
  }
  return range;
}

bool IpRange::contains(const IpAddress& address) const {
  return same_prefix(base, address, prefix_length);
}

std::string IpRange::to_string() const {
  return base.to_string() + "/" + std::to_string(prefix_length);
}

}  // namespace smtplab::agents
