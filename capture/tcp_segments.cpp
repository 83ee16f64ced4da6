// TCP segments per connection (see tcp_segments.hpp).
#include "capture/tcp_segments.hpp"

#include <algorithm>

#include "capture/packet_decoder.hpp"
#include "capture/pcap_reader.hpp"
#include "capture/tcp_layer.hpp"

namespace smtplab::capture {
namespace {

std::pair<Endpoint, Endpoint> key_of(const Endpoint& a, const Endpoint& b) {
  return a < b ? std::pair{a, b} : std::pair{b, a};
}

bool printable(std::uint8_t c) {
  return c >= 0x20 && c < 0x7f;
}

}  // namespace

std::uint32_t TcpConversation::relative_seq(const SegmentRow& row) const {
  const auto& isn = row.from_client ? client_isn : server_isn;
  return isn ? row.seq - *isn : row.seq;
}

std::uint32_t TcpConversation::relative_ack(const SegmentRow& row) const {
  const auto& isn = row.from_client ? server_isn : client_isn;
  return isn ? row.ack - *isn : row.ack;
}

void SegmentLog::add(const Frame& frame) {
  const DecodedPacket packet = decode_packet(frame);
  if (!packet.ip || !packet.tcp) return;
  const TcpHeader& tcp = *packet.tcp;
  const std::size_t available =
      packet.payload_offset <= frame.data.size() ? frame.data.size() - packet.payload_offset : 0;
  std::string text;
  if (keep_text_ && packet.payload_length > 0) {
    text = payload_line(
        frame.data.subspan(packet.payload_offset, std::min(available, packet.payload_length)));
  }
  add(frame.number, {packet.ip->source, tcp.source_port},
      {packet.ip->destination, tcp.destination_port}, tcp.flags, tcp.seq, tcp.ack,
      static_cast<std::uint32_t>(packet.payload_length), std::move(text));
}

void SegmentLog::add(std::uint64_t frame, const Endpoint& source, const Endpoint& destination,
                     std::uint16_t flags, std::uint32_t seq, std::uint32_t ack,
                     std::uint32_t length, std::string text) {
  const bool syn = (flags & tcp_flag::kSyn) != 0;
  const bool acks = (flags & tcp_flag::kAck) != 0;
  const auto key = key_of(source, destination);
  auto latest = latest_.find(key);
  // A SYN with another initial number on a pair already seen is a new connection that
  // reuses the ports; a repeated SYN (a retransmission) is the same one.
  const bool opens_again =
      latest != latest_.end() && syn && !acks && conversations_[latest->second].client_isn != seq;
  if (latest == latest_.end() || opens_again) {
    TcpConversation c;
    // Whoever sends the SYN is the client; without one, the first sender stands for it.
    const bool server_first = syn && acks;
    c.client = server_first ? destination : source;
    c.server = server_first ? source : destination;
    conversations_.push_back(std::move(c));
    latest = latest_.insert_or_assign(key, conversations_.size() - 1).first;
  }
  TcpConversation& c = conversations_[latest->second];
  SegmentRow row;
  row.frame = frame;
  row.from_client = source == c.client;
  row.flags = flags;
  row.seq = seq;
  row.ack = ack;
  row.length = length;
  auto& isn = row.from_client ? c.client_isn : c.server_isn;
  if (!isn) isn = syn ? seq : seq - 1;
  if (row.from_client && syn && !acks && c.syn == 0) {
    c.syn = frame;
  } else if (!row.from_client && syn && acks && c.syn != 0 && c.syn_ack == 0) {
    c.syn_ack = frame;
  } else if (row.from_client && acks && !syn && c.syn_ack != 0 && c.handshake_ack == 0) {
    c.handshake_ack = frame;
  }
  if ((flags & tcp_flag::kFin) != 0 && c.first_fin == 0) {
    c.first_fin = frame;
    c.first_fin_from = source;
  }
  if (keep_rows_) {
    row.text = std::move(text);
    c.segments.push_back(std::move(row));
  }
}

const TcpConversation* SegmentLog::find(const Endpoint& a, const Endpoint& b) const {
  const auto key = key_of(a, b);
  for (const auto& c : conversations_) {
    if (key_of(c.client, c.server) == key) return &c;
  }
  return nullptr;
}

std::string payload_line(std::span<const std::uint8_t> payload, std::size_t max) {
  std::size_t controls = 0;
  for (const std::uint8_t c : payload) {
    if (!printable(c) && c != '\r' && c != '\n' && c != '\t') ++controls;
  }
  // A TLS record or other binary payload: its bytes as text would say nothing.
  if (controls * 4 > payload.size()) {
    return "(" + std::to_string(payload.size()) + " octets of binary data)";
  }
  std::string line;
  std::size_t i = 0;
  for (; i < payload.size() && payload[i] != '\r' && payload[i] != '\n'; ++i) {
    if (line.size() == max) break;
    line += printable(payload[i]) ? static_cast<char>(payload[i]) : '.';
  }
  // Only the line ending left: the whole payload is this one line.
  std::size_t rest = i;
  if (rest < payload.size() && payload[rest] == '\r') ++rest;
  if (rest < payload.size() && payload[rest] == '\n') ++rest;
  if (rest < payload.size()) line += "...";
  return line;
}

std::optional<SegmentLog> read_segment_log(const std::string& path, std::string& error,
                                           bool keep_rows, bool keep_text) {
  PcapReader reader(path);
  if (!reader.ok()) {
    error = reader.error();
    return std::nullopt;
  }
  SegmentLog log(keep_rows, keep_text);
  while (const auto frame = reader.next()) log.add(*frame);
  return log;
}

}  // namespace smtplab::capture
