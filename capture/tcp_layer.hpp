// TCP header decoder: ports, sequence numbers, all flags and the options the analysis needs
// (MSS, window scale, SACK permitted, SACK blocks, timestamps). Checksums are not checked:
// loopback and offloading NICs leave them wrong in captures.
//
//   | src port | dst port | sequence (4) | acknowledgment (4) | offset/flags | window |
//   | checksum | urgent | options (offset*4 - 20) | payload
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capture/byte_reader.hpp"
#include "capture/field_tree.hpp"
#include "capture/notes.hpp"

namespace smtplab::capture {

/// TCP flag bits, as in the header's low 9 bits.
namespace tcp_flag {
inline constexpr std::uint16_t kFin = 0x001;
inline constexpr std::uint16_t kSyn = 0x002;
inline constexpr std::uint16_t kRst = 0x004;
inline constexpr std::uint16_t kPsh = 0x008;
inline constexpr std::uint16_t kAck = 0x010;
inline constexpr std::uint16_t kUrg = 0x020;
inline constexpr std::uint16_t kEce = 0x040;
inline constexpr std::uint16_t kCwr = 0x080;
inline constexpr std::uint16_t kNs = 0x100;
}  // namespace tcp_flag

/// The decoded TCP header.
struct TcpHeader {
  std::size_t offset = 0;         ///< where the header starts in the frame
  std::size_t header_length = 0;  ///< 20 + options
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t flags = 0;                                            ///< tcp_flag bits
  std::uint16_t window = 0;                                           ///< raw window (not scaled)
  std::optional<std::uint16_t> mss;                                   ///< option 2
  std::optional<std::uint8_t> window_scale;                           ///< option 3
  bool sack_permitted = false;                                        ///< option 4
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sack_blocks;   ///< option 5
  std::optional<std::pair<std::uint32_t, std::uint32_t>> timestamps;  ///< option 8 (val, ecr)
  bool bad_options = false;  ///< an option ran past the header (rest ignored)

  bool has(std::uint16_t flag) const { return (flags & flag) != 0; }
};

/// Decodes a TCP header at `offset` within `length` transport bytes. False (with `problem`, a
/// note about frame 0) when it is not valid.
bool decode_tcp(Bytes frame, std::size_t offset, std::size_t length, TcpHeader& out,
                std::optional<Note>& problem);

/// "SYN, ACK"-style list of the set flags.
std::string tcp_flags_text(std::uint16_t flags);

/// Describes the TCP header and its options as fields.
FieldNode describe_tcp(Bytes frame, const TcpHeader& header);

}  // namespace smtplab::capture
