// Link layers: Ethernet (with 802.1Q/802.1ad VLAN tags), Linux cooked SLL and SLL2, BSD
// NULL/loopback, raw IPv4/IPv6. Each tells which network protocol follows and where.
//
//   Ethernet:  | dst (6) | src (6) | [0x8100 | TCI]* | EtherType (2) | payload
//   SLL:       | pkttype (2) | ARPHRD (2) | addrlen (2) | addr (8) | protocol (2) |
//   SLL2:      | protocol (2) | reserved (2) | ifindex (4) | ARPHRD (2) | pkttype | addrlen | addr
//   (8) | NULL/LOOP: | address family (4, host order / big-endian for LOOP) | payload
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "capture/byte_reader.hpp"
#include "capture/field_tree.hpp"
#include "capture/notes.hpp"

namespace smtplab::capture {

/// Network protocol carried by a link frame.
enum class NetworkProtocol {
  IPv4,   ///< EtherType 0x0800, AF_INET
  IPv6,   ///< EtherType 0x86DD, AF_INET6 (any BSD value)
  Other,  ///< ARP, LLDP, ... (not decoded further)
};

/// The decoded link header.
struct LinkHeader {
  std::size_t length = 0;                         ///< bytes before the network header
  NetworkProtocol next = NetworkProtocol::Other;  ///< what follows
  std::uint16_t ethertype = 0;                    ///< EtherType when there is one
  int vlan_tags = 0;                              ///< 802.1Q/802.1ad tags skipped
};

/// Decodes the link header of a frame of type `link_type` (DLT_*). Returns false (with
/// `problem` set: a note about frame 0, the caller names the frame) when the frame is too
/// short or the link type is not supported.
bool decode_link(int link_type, Bytes frame, LinkHeader& out, std::optional<Note>& problem);

/// Describes the link header as fields with byte ranges.
FieldNode describe_link(int link_type, Bytes frame, const LinkHeader& header);

/// A readable name for a link type ("Ethernet", "Linux cooked (SLL2)").
std::string link_type_name(int link_type);

}  // namespace smtplab::capture
