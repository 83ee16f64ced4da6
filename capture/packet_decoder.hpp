// Decodes a frame down to TCP: link → IPv4/IPv6 → TCP, keeping each layer's header so the
// frame can be described as a field tree. Anything that is not TCP stops early (not an
// error); a broken header gives an expert note saying why.
#pragma once

#include <optional>
#include <string>

#include "capture/frame.hpp"
#include "capture/ip_layer.hpp"
#include "capture/link_layer.hpp"
#include "capture/notes.hpp"
#include "capture/tcp_layer.hpp"

namespace smtplab::capture {

/// A frame decoded as far as it goes.
struct DecodedPacket {
  std::optional<LinkHeader> link;
  std::optional<IpHeader> ip;
  std::optional<TcpHeader> tcp;
  std::size_t payload_offset = 0;  ///< TCP payload start in the frame
  std::size_t payload_length = 0;  ///< TCP payload bytes present (padding excluded)
  std::optional<Note> problem;     ///< why decoding stopped early on a broken header
};

/// Decodes one frame.
DecodedPacket decode_packet(const Frame& frame);

/// Describes every decoded layer of a frame as a tree (root: "Frame N").
FieldNode describe_packet(const Frame& frame, const DecodedPacket& packet);

}  // namespace smtplab::capture
