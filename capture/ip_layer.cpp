// IPv4 and IPv6 decoders.
#include "capture/ip_layer.hpp"

#include <algorithm>

namespace smtplab::capture {
namespace {

constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kDestinationOptions = 60;
constexpr std::uint8_t kAuthentication = 51;

Address read_address(Bytes frame, std::size_t offset, bool v6) {
  Address address;
  address.v6 = v6;
  std::copy_n(frame.begin() + static_cast<std::ptrdiff_t>(offset), v6 ? 16 : 4,
              address.bytes.begin());
  return address;
}

std::string protocol_name(std::uint8_t protocol) {
  switch (protocol) {
    case 6:
      return "6 (TCP)";
    case 17:
      return "17 (UDP)";
    case 1:
      return "1 (ICMP)";
    case 58:
      return "58 (ICMPv6)";
    default:
      return std::to_string(protocol);
  }
}

}  // namespace

bool decode_ipv4(Bytes frame, std::size_t offset, IpHeader& out, std::optional<Note>& problem) {
  out = IpHeader{};
  if (!has_bytes(frame, offset, 20)) {
    problem = make_note(NoteId::Ipv4HeaderTruncated, 0);
    return false;
  }
  const std::uint8_t version_ihl = frame[offset];
  const std::size_t ihl = static_cast<std::size_t>(version_ihl & 0x0F) * 4;
  if ((version_ihl >> 4) != 4 || ihl < 20) {
    problem = make_note(NoteId::Ipv4HeaderInvalid, 0);
    return false;
  }
  if (!has_bytes(frame, offset, ihl)) {
    problem = make_note(NoteId::Ipv4OptionsTruncated, 0);
    return false;
  }
  const std::size_t total = read_u16(frame, offset + 2);
  const std::uint16_t flags_fragment = read_u16(frame, offset + 6);
  out.version = 4;
  out.offset = offset;
  out.header_length = ihl;
  out.ttl = frame[offset + 8];
  out.protocol = frame[offset + 9];
  out.source = read_address(frame, offset + 12, false);
  out.destination = read_address(frame, offset + 16, false);
  const std::size_t fragment_offset = flags_fragment & 0x1FFF;
  out.fragment = (flags_fragment & 0x2000) != 0 || fragment_offset != 0;
  out.first_fragment = fragment_offset == 0;
  const std::size_t available = frame.size() - offset;
  // A total length of 0 happens with TSO on the capturing host: trust the frame then.
  std::size_t datagram = total == 0 ? available : total;
  if (datagram < ihl) {
    problem = make_note(NoteId::Ipv4TotalLengthTooShort, 0);
    return false;
  }
  if (datagram > available) {
    out.truncated = true;
    datagram = available;
  }
  out.payload_length = datagram - ihl;  // Ethernet padding after `total` is not payload
  out.fragment_id = read_u16(frame, offset + 4);
  out.fragment_offset = fragment_offset * 8;
  out.more_fragments = (flags_fragment & 0x2000) != 0;
  out.fragment_data = offset + ihl;
  out.fragment_length = out.payload_length;
  out.fragment_protocol = out.protocol;
  return true;
}

bool decode_ipv6(Bytes frame, std::size_t offset, IpHeader& out, std::optional<Note>& problem) {
  out = IpHeader{};
  if (!has_bytes(frame, offset, 40)) {
    problem = make_note(NoteId::Ipv6HeaderTruncated, 0);
    return false;
  }
  if ((frame[offset] >> 4) != 6) {
    problem = make_note(NoteId::Ipv6HeaderInvalid, 0);
    return false;
  }
  out.version = 6;
  out.offset = offset;
  out.ttl = frame[offset + 7];
  out.source = read_address(frame, offset + 8, true);
  out.destination = read_address(frame, offset + 24, true);
  const std::size_t available = frame.size() - offset - 40;
  std::size_t payload = read_u16(frame, offset + 4);
  if (payload == 0) payload = available;  // jumbogram or TSO: take what is there
  if (payload > available) {
    out.truncated = true;
    payload = available;
  }
  std::uint8_t next = frame[offset + 6];
  std::size_t at = offset + 40;
  const std::size_t end = offset + 40 + payload;
  out.first_fragment = true;
  for (int guard = 0; guard < 16; ++guard) {
    if (next != kHopByHop && next != kRouting && next != kFragment && next != kDestinationOptions &&
        next != kAuthentication) {
      break;
    }
    if (at + 8 > end) {
      problem = make_note(NoteId::Ipv6ExtensionTruncated, 0);
      return false;
    }
    std::size_t length = 8;
    if (next == kFragment) {
      const std::uint16_t offset_flags = read_u16(frame, at + 2);
      out.fragment = true;
      out.first_fragment = (offset_flags & 0xFFF8) == 0;
      out.fragment_offset = offset_flags & 0xFFF8;  // 8-byte units in the top 13 bits
      out.more_fragments = (offset_flags & 1) != 0;
      out.fragment_id = read_u32(frame, at + 4);
      out.fragment_data = at + 8;
      out.fragment_length = end - (at + 8);
      out.fragment_protocol = frame[at];
      if (!out.first_fragment) {
        // Past a later fragment's header come data bytes, not more extension headers.
        next = frame[at];
        at += 8;
        break;
      }
    } else if (next == kAuthentication) {
      length = (static_cast<std::size_t>(frame[at + 1]) + 2) * 4;
    } else {
      length = (static_cast<std::size_t>(frame[at + 1]) + 1) * 8;
    }
    if (at + length > end) {
      problem = make_note(NoteId::Ipv6ExtensionTruncated, 0);
      return false;
    }
    next = frame[at];
    at += length;
  }
  out.protocol = next;
  out.header_length = at - offset;
  out.payload_length = end - at;
  return true;
}

FieldNode describe_ip(Bytes frame, const IpHeader& header) {
  const std::size_t o = header.offset;
  if (header.version == 4) {
    FieldNode root{"Internet Protocol version 4",
                   to_string(header.source) + " → " + to_string(header.destination),
                   o,
                   header.header_length,
                   {}};
    root.add("Version", "4", o, 1);
    root.add("Header length", std::to_string(header.header_length) + " bytes", o, 1);
    root.add("Total length", std::to_string(read_u16(frame, o + 2)), o + 2, 2);
    root.add("Identification", std::to_string(read_u16(frame, o + 4)), o + 4, 2);
    const std::uint16_t flags = read_u16(frame, o + 6);
    root.add("Flags", std::string((flags & 0x4000) ? "DF " : "") + ((flags & 0x2000) ? "MF" : ""),
             o + 6, 1);
    root.add("Fragment offset", std::to_string((flags & 0x1FFF) * 8), o + 6, 2);
    root.add("Time to live", std::to_string(header.ttl), o + 8, 1);
    root.add("Protocol", protocol_name(frame[o + 9]), o + 9, 1);
    root.add("Header checksum", std::to_string(read_u16(frame, o + 10)), o + 10, 2);
    root.add("Source", to_string(header.source), o + 12, 4);
    root.add("Destination", to_string(header.destination), o + 16, 4);
    if (header.header_length > 20) root.add("Options", {}, o + 20, header.header_length - 20);
    return root;
  }
  FieldNode root{"Internet Protocol version 6",
                 to_string(header.source) + " → " + to_string(header.destination),
                 o,
                 header.header_length,
                 {}};
  root.add("Version", "6", o, 1);
  root.add("Payload length", std::to_string(read_u16(frame, o + 4)), o + 4, 2);
  root.add("Next header", protocol_name(frame[o + 6]), o + 6, 1);
  root.add("Hop limit", std::to_string(header.ttl), o + 7, 1);
  root.add("Source", to_string(header.source), o + 8, 16);
  root.add("Destination", to_string(header.destination), o + 24, 16);
  if (header.header_length > 40) {
    root.add("Extension headers", {}, o + 40, header.header_length - 40);
  }
  return root;
}

}  // namespace smtplab::capture
