// Link-layer decoders.
#include "capture/link_layer.hpp"

#include <pcap/dlt.h>

#include <cstdio>

namespace smtplab::capture {
namespace {

constexpr std::uint16_t kEtherIPv4 = 0x0800;
constexpr std::uint16_t kEtherIPv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;

NetworkProtocol from_ethertype(std::uint16_t type) {
  if (type == kEtherIPv4) return NetworkProtocol::IPv4;
  if (type == kEtherIPv6) return NetworkProtocol::IPv6;
  return NetworkProtocol::Other;
}

// BSD address families differ by OS for IPv6 (24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS,
// 10 Linux); AF_INET is 2 everywhere.
NetworkProtocol from_family(std::uint32_t family) {
  if (family == 2) return NetworkProtocol::IPv4;
  if (family == 24 || family == 28 || family == 30 || family == 10) return NetworkProtocol::IPv6;
  return NetworkProtocol::Other;
}

std::string hex16(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04x", value);
  return text;
}

std::string mac(Bytes frame, std::size_t offset) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", frame[offset],
                frame[offset + 1], frame[offset + 2], frame[offset + 3], frame[offset + 4],
                frame[offset + 5]);
  return text;
}

bool decode_ethernet(Bytes frame, LinkHeader& out, std::optional<Note>& problem) {
  if (!has_bytes(frame, 0, 14)) {
    problem = make_note(NoteId::LinkHeaderTruncated, 0, {"Ethernet"});
    return false;
  }
  std::size_t offset = 12;
  std::uint16_t type = read_u16(frame, offset);
  while (type == kEtherVlan || type == kEtherQinQ) {
    if (!has_bytes(frame, offset, 6)) {
      problem = make_note(NoteId::VlanTagTruncated, 0);
      return false;
    }
    offset += 4;
    ++out.vlan_tags;
    type = read_u16(frame, offset);
  }
  out.ethertype = type;
  out.length = offset + 2;
  out.next = from_ethertype(type);
  return true;
}

}  // namespace

bool decode_link(int link_type, Bytes frame, LinkHeader& out, std::optional<Note>& problem) {
  out = LinkHeader{};
  switch (link_type) {
    case DLT_EN10MB:
      return decode_ethernet(frame, out, problem);
    case DLT_LINUX_SLL:
      if (!has_bytes(frame, 0, 16)) break;
      out.length = 16;
      out.ethertype = read_u16(frame, 14);
      out.next = from_ethertype(out.ethertype);
      return true;
    case DLT_LINUX_SLL2:
      if (!has_bytes(frame, 0, 20)) break;
      out.length = 20;
      out.ethertype = read_u16(frame, 0);
      out.next = from_ethertype(out.ethertype);
      return true;
    case DLT_NULL:
    case DLT_LOOP: {
      if (!has_bytes(frame, 0, 4)) break;
      out.length = 4;
      const std::uint32_t big = read_u32(frame, 0);
      // DLT_NULL is in the capturing host's byte order: try both.
      out.next = from_family(link_type == DLT_LOOP ? big : read_u32_le(frame, 0));
      if (out.next == NetworkProtocol::Other && link_type == DLT_NULL) out.next = from_family(big);
      return true;
    }
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6: {
      if (!has_bytes(frame, 0, 1)) break;
      const int version = frame[0] >> 4;
      out.length = 0;
      out.next = version == 4   ? NetworkProtocol::IPv4
                 : version == 6 ? NetworkProtocol::IPv6
                                : NetworkProtocol::Other;
      return true;
    }
    default:
      problem = make_note(NoteId::LinkTypeUnsupported, 0, {std::to_string(link_type)});
      return false;
  }
  problem = make_note(NoteId::LinkHeaderTruncated, 0, {link_type_name(link_type)});
  return false;
}

FieldNode describe_link(int link_type, Bytes frame, const LinkHeader& header) {
  FieldNode root{link_type_name(link_type), {}, 0, header.length, {}};
  if (link_type == DLT_EN10MB && has_bytes(frame, 0, 14)) {
    root.add("Destination", mac(frame, 0), 0, 6);
    root.add("Source", mac(frame, 6), 6, 6);
    for (int tag = 0; tag < header.vlan_tags; ++tag) {
      const std::size_t at = 12 + static_cast<std::size_t>(tag) * 4;
      auto& vlan = root.add("802.1Q tag", {}, at, 4);
      vlan.add("TPID", hex16(read_u16(frame, at)), at, 2);
      vlan.add("VLAN ID", std::to_string(read_u16(frame, at + 2) & 0x0FFF), at + 2, 2);
    }
    root.add("Type", hex16(header.ethertype), header.length - 2, 2);
  } else if (link_type == DLT_LINUX_SLL && header.length == 16) {
    root.add("Packet type", std::to_string(read_u16(frame, 0)), 0, 2);
    root.add("ARPHRD type", std::to_string(read_u16(frame, 2)), 2, 2);
    root.add("Address length", std::to_string(read_u16(frame, 4)), 4, 2);
    root.add("Address", {}, 6, 8);
    root.add("Protocol", hex16(header.ethertype), 14, 2);
  } else if (link_type == DLT_LINUX_SLL2 && header.length == 20) {
    root.add("Protocol", hex16(header.ethertype), 0, 2);
    root.add("Interface index", std::to_string(read_u32(frame, 4)), 4, 4);
    root.add("ARPHRD type", std::to_string(read_u16(frame, 8)), 8, 2);
    root.add("Packet type", std::to_string(frame[10]), 10, 1);
    root.add("Address length", std::to_string(frame[11]), 11, 1);
    root.add("Address", {}, 12, 8);
  } else if ((link_type == DLT_NULL || link_type == DLT_LOOP) && header.length == 4) {
    root.add("Address family",
             header.next == NetworkProtocol::IPv4   ? "IPv4"
             : header.next == NetworkProtocol::IPv6 ? "IPv6"
                                                    : "other",
             0, 4);
  }
  return root;
}

std::string link_type_name(int link_type) {
  switch (link_type) {
    case DLT_EN10MB:
      return "Ethernet";
    case DLT_LINUX_SLL:
      return "Linux cooked (SLL)";
    case DLT_LINUX_SLL2:
      return "Linux cooked (SLL2)";
    case DLT_NULL:
      return "BSD loopback (NULL)";
    case DLT_LOOP:
      return "OpenBSD loopback (LOOP)";
    case DLT_RAW:
      return "Raw IP";
    case DLT_IPV4:
      return "Raw IPv4";
    case DLT_IPV6:
      return "Raw IPv6";
    default:
      return "link type " + std::to_string(link_type);
  }
}

}  // namespace smtplab::capture
