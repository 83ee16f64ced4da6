// Indexing an opened capture (rows, per-session segments, SMTP/TLS marks) and the exact
// correlation between dialogue lines and frame bytes.
#include "gui/app/model/capture_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "capture/packet_decoder.hpp"
#include "capture/tcp_layer.hpp"
#include "gui/app/model/frame_fields.hpp"

namespace smtplab::app {
namespace {

capture::Frame make_frame(const CaptureModel& model, std::uint64_t number) {
  capture::Frame frame;
  frame.number = number;
  frame.link_type = model.link_type;
  const FrameRow& row = model.rows[number - 1];
  frame.original_length = row.original_length;
  frame.data = model.frame_bytes(number);
  return frame;
}

std::string printable_line(std::span<const std::uint8_t> payload, std::size_t max) {
  std::string out;
  for (std::uint8_t byte : payload) {
    if (byte == '\r' || byte == '\n' || out.size() >= max) break;
    out.push_back(byte >= 0x20 && byte < 0x7f ? static_cast<char>(byte) : '.');
  }
  return out;
}

}  // namespace

const char* protocol_name(FrameProtocol protocol) {
  switch (protocol) {
    case FrameProtocol::Other:
      return "—";
    case FrameProtocol::Ip:
      return "IP";
    case FrameProtocol::Tcp:
      return "TCP";
    case FrameProtocol::Smtp:
      return "SMTP";
    case FrameProtocol::Tls:
      return "TLS";
  }
  return "?";
}

std::span<const std::uint8_t> CaptureModel::frame_bytes(std::uint64_t number) const {
  if (number == 0 || number > rows.size()) return {};
  const FrameRow& row = rows[number - 1];
  return {bytes.data() + row.data_offset, row.captured};
}

capture::Frame CaptureModel::frame(std::uint64_t number) const {
  if (number == 0 || number > rows.size()) return {};
  capture::Frame out = make_frame(*this, number);
  // Rows keep seconds since frame 1 as a double: rounding to the nanosecond gives the
  // original stamp back exactly for any capture shorter than a few months.
  const auto since_start = static_cast<std::int64_t>(std::llround(rows[number - 1].time * 1e9)) +
                           static_cast<std::int64_t>(start_nsec);
  constexpr std::int64_t kNanos = 1'000'000'000;
  std::int64_t seconds = since_start / kNanos;
  std::int64_t nanos = since_start % kNanos;
  if (nanos < 0) {  // a stamp earlier than frame 1's (files are not always in time order)
    nanos += kNanos;
    --seconds;
  }
  out.ts_sec = start_sec + seconds;
  out.ts_nsec = static_cast<std::uint32_t>(nanos);
  return out;
}

capture::FieldNode CaptureModel::describe(std::uint64_t number) const {
  if (number == 0 || number > rows.size()) return {};
  const capture::Frame frame = make_frame(*this, number);
  return capture::describe_packet(frame, capture::decode_packet(frame));
}

std::string CaptureModel::info(std::uint64_t number) const {
  if (number == 0 || number > rows.size()) return {};
  const FrameRow& row = rows[number - 1];
  if (!row.has_tcp) return row.has_ip ? "IP" : "";
  const auto data = frame_bytes(number);
  if (row.protocol == FrameProtocol::Smtp && row.payload_length > 0) {
    std::string line = printable_line(data.subspan(row.payload_offset), 120);
    return std::string(row.from_client ? "C: " : "S: ") + line;
  }
  if (row.protocol == FrameProtocol::Tls) {
    return "TLS, " + std::to_string(row.payload_length) + " octets";
  }
  std::string out = std::to_string(row.source.port) + " → " + std::to_string(row.destination.port) +
                    " [" + capture::tcp_flags_text(row.tcp_flags) +
                    "] Seq=" + std::to_string(row.seq) +
                    " Len=" + std::to_string(row.payload_length);
  return out;
}

std::vector<ByteRange> CaptureModel::ranges_for(int session, bool client_side, std::uint64_t offset,
                                                std::uint64_t length) const {
  std::vector<ByteRange> out;
  if (session < 0 || static_cast<std::size_t>(session) >= segments[0].size() || length == 0) {
    return out;
  }
  const auto& list = segments[client_side ? 0 : 1][static_cast<std::size_t>(session)];
  const std::uint64_t end = offset + length;
  // Retransmissions carry the same offsets again: keep only the first copy of each byte,
  // as capture/'s StreamFrameMap does, so the answer is the frames the dissector used.
  std::uint64_t covered = offset;
  for (const Segment& seg : list) {
    const std::uint64_t seg_end = seg.stream_offset + seg.length;
    const std::uint64_t from = std::max(covered, seg.stream_offset);
    const std::uint64_t to = std::min(end, seg_end);
    if (from >= to) continue;
    if (seg.stream_offset > covered) continue;  // would leave a hole: a later copy fills it
    out.push_back({seg.frame,
                   seg.payload_offset + static_cast<std::size_t>(from - seg.stream_offset),
                   seg.payload_offset + static_cast<std::size_t>(to - seg.stream_offset)});
    covered = to;
    if (covered >= end) break;
  }
  return out;
}

std::vector<ByteRange> CaptureModel::ranges_for_event(const lab::TimelineEvent& event) const {
  if (event.session == 0 || event.direction == 0) return {};
  return ranges_for(static_cast<int>(event.session - 1), event.direction == 'C', event.offset,
                    event.length);
}

std::vector<std::size_t> CaptureModel::events_for_frame(std::uint64_t number) const {
  std::vector<std::size_t> out;
  if (number == 0 || number > rows.size()) return out;
  const FrameRow& row = rows[number - 1];
  if (row.session < 0 || row.payload_length == 0) return out;
  const std::uint64_t begin = row.stream_offset;
  const std::uint64_t end = begin + row.payload_length;
  const char direction = row.from_client ? 'C' : 'S';
  const auto session = static_cast<std::size_t>(row.session);
  if (session >= session_events.size()) return out;
  for (std::size_t i : session_events[session]) {
    const auto& ev = timeline[i];
    if (ev.direction != direction) continue;
    if (ev.length == 0 || ev.offset >= end || ev.offset + ev.length <= begin) continue;
    out.push_back(i);
  }
  return out;
}

void index_capture(CaptureModel& model) {
  const auto& sessions = model.analysis.sessions;
  for (auto& side : model.segments) side.assign(sessions.size(), {});
  std::map<std::pair<capture::Endpoint, capture::Endpoint>, std::vector<int>> by_endpoints;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    by_endpoints[{sessions[i].client, sessions[i].server}].push_back(static_cast<int>(i));
  }
  // Stream offsets count from the SYN's sequence number + 1, or from the first data byte
  // seen when the capture started mid-connection (what capture/'s reassembler does).
  std::vector<std::optional<std::uint32_t>> base[2];
  for (auto& b : base) b.assign(sessions.size(), std::nullopt);

  for (std::size_t i = 0; i < model.rows.size(); ++i) {
    FrameRow& row = model.rows[i];
    const std::uint64_t number = i + 1;
    const capture::Frame frame = make_frame(model, number);
    const capture::DecodedPacket packet = capture::decode_packet(frame);
    if (!packet.ip) continue;
    row.has_ip = true;
    row.protocol = FrameProtocol::Ip;
    row.source.address = packet.ip->source;
    row.destination.address = packet.ip->destination;
    if (!packet.tcp) continue;
    row.has_tcp = true;
    row.protocol = FrameProtocol::Tcp;
    row.source.port = packet.tcp->source_port;
    row.destination.port = packet.tcp->destination_port;
    row.tcp_flags = packet.tcp->flags;
    row.seq = packet.tcp->seq;
    row.ack = packet.tcp->ack;
    row.payload_offset = static_cast<std::uint32_t>(packet.payload_offset);
    row.payload_length = static_cast<std::uint32_t>(packet.payload_length);

    bool from_client = true;
    auto it = by_endpoints.find({row.source, row.destination});
    if (it == by_endpoints.end()) {
      it = by_endpoints.find({row.destination, row.source});
      from_client = false;
    }
    if (it == by_endpoints.end()) continue;
    int session = -1;
    for (int candidate : it->second) {
      const auto& s = sessions[static_cast<std::size_t>(candidate)];
      if (number >= s.first_frame && number <= s.last_frame) session = candidate;
    }
    if (session < 0) session = it->second.front();
    const auto index = static_cast<std::size_t>(session);
    row.session = session;
    row.from_client = from_client;
    auto& side_base = base[from_client ? 0 : 1][index];
    if (packet.tcp->has(capture::tcp_flag::kSyn)) {
      if (!side_base) side_base = row.seq + 1;
      continue;
    }
    if (row.payload_length == 0) continue;
    if (!side_base) side_base = row.seq;
    row.stream_offset = static_cast<std::uint32_t>(row.seq - *side_base);
    model.segments[from_client ? 0 : 1][index].push_back(
        {row.stream_offset, row.payload_length, number, row.payload_offset});
    row.protocol = FrameProtocol::Smtp;
  }

  for (std::size_t s = 0; s < sessions.size(); ++s) {
    for (const auto& record : sessions[s].tls_records) {
      if (record.frame >= 1 && record.frame <= model.rows.size()) {
        model.rows[record.frame - 1].protocol = FrameProtocol::Tls;
      }
    }
    // Every payload byte after the TLS switch is TLS, also the segments that continue a
    // record (no record header in them).
    std::uint64_t tls_from[2] = {UINT64_MAX, UINT64_MAX};
    if (sessions[s].tls) {
      const auto& d = sessions[s].dialogue;
      for (std::size_t e = 0; e + 1 < d.size(); ++e) {
        if (d[e].kind == capture::DialogueEntry::Kind::Command &&
            (d[e].verb == "STARTTLS" || d[e].verb == "starttls") &&
            d[e + 1].kind == capture::DialogueEntry::Kind::Reply && d[e + 1].code == 220) {
          tls_from[0] = d[e].offset + d[e].length;
          tls_from[1] = d[e + 1].offset + d[e + 1].length;
        }
      }
      if (tls_from[0] == UINT64_MAX && d.empty()) tls_from[0] = tls_from[1] = 0;  // implicit TLS
    }
    for (int side = 0; side < 2; ++side) {
      for (const Segment& seg : model.segments[side][s]) {
        if (seg.stream_offset >= tls_from[side])
          model.rows[seg.frame - 1].protocol = FrameProtocol::Tls;
      }
    }
    const auto& dialogue = sessions[s].dialogue;
    for (std::size_t e = 0; e < dialogue.size(); ++e) {
      const auto& entry = dialogue[e];
      for (const ByteRange& range :
           model.ranges_for(static_cast<int>(s), entry.side == capture::Side::Client, entry.offset,
                            entry.length)) {
        FrameRow& row = model.rows[range.frame - 1];
        if (row.entry < 0) row.entry = static_cast<std::int32_t>(e);
      }
    }
  }
  index_filter_fields(model);
}

}  // namespace smtplab::app
