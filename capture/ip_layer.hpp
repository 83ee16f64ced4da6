// IPv4 (with options; fragment fields kept for IpReassembler) and IPv6 (with its chain of
// extension headers) decoders.
//
//   IPv4: | ver/IHL | TOS | total length | id | flags/fragment offset | TTL | proto | csum |
//         | source (4) | destination (4) | options (IHL*4 - 20) | payload
//   IPv6: | ver/class/flow (4) | payload length | next header | hop limit | src (16) | dst (16) |
//         | extension headers (hop-by-hop, routing, fragment, destination, AH)* | payload
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "capture/byte_reader.hpp"
#include "capture/endpoint.hpp"
#include "capture/field_tree.hpp"
#include "capture/notes.hpp"

namespace smtplab::capture {

/// The decoded network header (either version).
struct IpHeader {
  int version = 0;  ///< 4 or 6
  Address source;
  Address destination;
  std::uint8_t protocol = 0;       ///< transport protocol after all extension headers (6 = TCP)
  std::size_t offset = 0;          ///< where the IP header starts in the frame
  std::size_t header_length = 0;   ///< IP header plus extension headers / options
  std::size_t payload_length = 0;  ///< transport bytes present in the frame (padding excluded)
  bool fragment = false;           ///< part of a fragmented datagram (not reassembled)
  bool first_fragment = false;     ///< fragment offset 0 (holds the transport header)
  bool truncated = false;          ///< the frame holds fewer bytes than the header announces
  // Fragment fields (meaningful when `fragment` is set), what IpReassembler needs:
  std::uint32_t fragment_id = 0;       ///< IPv4 identification / IPv6 fragment header id
  std::size_t fragment_offset = 0;     ///< where this fragment's data goes, in bytes
  bool more_fragments = false;         ///< MF: fragments follow this one
  std::size_t fragment_data = 0;       ///< frame offset of the fragment's data
  std::size_t fragment_length = 0;     ///< bytes of fragment data in the frame
  std::uint8_t fragment_protocol = 0;  ///< what the reassembled data starts with
  std::uint8_t ttl = 0;                ///< TTL / hop limit
};

/// Decodes an IPv4 header at `offset`. False (with `problem`, a note about frame 0) when it is
/// not valid.
bool decode_ipv4(Bytes frame, std::size_t offset, IpHeader& out, std::optional<Note>& problem);
/// Decodes an IPv6 header and its extension headers at `offset` (false and `problem` as IPv4).
bool decode_ipv6(Bytes frame, std::size_t offset, IpHeader& out, std::optional<Note>& problem);

/// Describes an IPv4 or IPv6 header (and its options / extension headers) as fields.
FieldNode describe_ip(Bytes frame, const IpHeader& header);

}  // namespace smtplab::capture
