// Layer-by-layer frame decoding.
#include "capture/packet_decoder.hpp"

namespace smtplab::capture {
namespace {

// The layers' decoders give their notes about frame 0: decode_packet() names the frame.
DecodedPacket decode_layers(const Frame& frame) {
  DecodedPacket packet;
  LinkHeader link;
  if (!decode_link(frame.link_type, frame.data, link, packet.problem)) return packet;
  packet.link = link;
  IpHeader ip;
  if (link.next == NetworkProtocol::IPv4) {
    if (!decode_ipv4(frame.data, link.length, ip, packet.problem)) return packet;
  } else if (link.next == NetworkProtocol::IPv6) {
    if (!decode_ipv6(frame.data, link.length, ip, packet.problem)) return packet;
  } else {
    return packet;
  }
  packet.ip = ip;
  // Fragments stop here: IpReassembler rebuilds the datagram, which is decoded again whole.
  if (ip.protocol != 6 || ip.fragment) return packet;
  TcpHeader tcp;
  const std::size_t at = ip.offset + ip.header_length;
  if (!decode_tcp(frame.data, at, ip.payload_length, tcp, packet.problem)) return packet;
  packet.tcp = tcp;
  packet.payload_offset = at + tcp.header_length;
  packet.payload_length = ip.payload_length - tcp.header_length;
  return packet;
}

}  // namespace

DecodedPacket decode_packet(const Frame& frame) {
  DecodedPacket packet = decode_layers(frame);
  if (packet.problem) packet.problem->frame = frame.number;
  return packet;
}

FieldNode describe_packet(const Frame& frame, const DecodedPacket& packet) {
  FieldNode root{"Frame " + std::to_string(frame.number),
                 std::to_string(frame.original_length) + " bytes on wire, " +
                     std::to_string(frame.data.size()) + " captured",
                 0,
                 frame.data.size(),
                 {}};
  if (packet.link)
    root.children.push_back(describe_link(frame.link_type, frame.data, *packet.link));
  if (packet.ip) root.children.push_back(describe_ip(frame.data, *packet.ip));
  if (packet.tcp) root.children.push_back(describe_tcp(frame.data, *packet.tcp));
  if (packet.payload_length > 0) {
    root.add("TCP payload", std::to_string(packet.payload_length) + " bytes", packet.payload_offset,
             packet.payload_length);
  }
  return root;
}

}  // namespace smtplab::capture
