// The display filter's per-frame index (see frame_fields.hpp).
#include "gui/app/model/frame_fields.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "capture/tcp_layer.hpp"
#include "capture/tls_records.hpp"

namespace smtplab::app {
namespace {

using EndpointPair = std::pair<capture::Endpoint, capture::Endpoint>;

// Connections in order of first appearance, as Wireshark numbers them.
void number_streams(CaptureModel& model) {
  struct Connection {
    std::int32_t index = 0;
    bool fin[2] = {false, false};  // per direction: [0] from the lower endpoint
    bool reset = false;
  };
  std::map<EndpointPair, Connection> connections;
  std::int32_t next = 0;
  for (FrameRow& row : model.rows) {
    if (!row.has_tcp) continue;
    const bool lower_first = row.source < row.destination;
    const EndpointPair key = lower_first ? EndpointPair{row.source, row.destination}
                                         : EndpointPair{row.destination, row.source};
    const bool syn_only = (row.tcp_flags & capture::tcp_flag::kSyn) != 0 &&
                          (row.tcp_flags & capture::tcp_flag::kAck) == 0;
    auto it = connections.find(key);
    if (it == connections.end()) {
      it = connections.emplace(key, Connection{next++, {false, false}, false}).first;
    } else if (syn_only && (it->second.reset || (it->second.fin[0] && it->second.fin[1]))) {
      it->second = Connection{next++, {false, false}, false};  // the same ports, a new connection
    }
    Connection& connection = it->second;
    if (row.tcp_flags & capture::tcp_flag::kFin) connection.fin[lower_first ? 0 : 1] = true;
    if (row.tcp_flags & capture::tcp_flag::kRst) connection.reset = true;
    row.tcp_stream = connection.index;
  }
}

// SMTP frames: clear-text payload of a session that brings bytes never seen before.
void mark_smtp(CaptureModel& model) {
  const std::size_t sessions = model.analysis.sessions.size();
  std::vector<std::uint64_t> seen_up_to[2];
  for (auto& side : seen_up_to) side.assign(sessions, 0);
  std::vector<bool> started[2];
  for (auto& side : started) side.assign(sessions, false);
  for (FrameRow& row : model.rows) {
    if (row.session < 0 || row.payload_length == 0) continue;
    if (row.tcp_flags & capture::tcp_flag::kSyn) continue;
    const auto s = static_cast<std::size_t>(row.session);
    if (s >= sessions) continue;
    const int side = row.from_client ? 0 : 1;
    // Wireshark calls a segment a retransmission when it starts before the highest byte
    // already seen, even when it carries new bytes after the old ones; SMTP never sees it.
    const bool retransmission = started[side][s] && row.stream_offset < seen_up_to[side][s];
    started[side][s] = true;
    seen_up_to[side][s] =
        std::max(seen_up_to[side][s], row.stream_offset + std::uint64_t{row.payload_length});
    if (!retransmission && row.protocol == FrameProtocol::Smtp) row.dissected |= frame_mark::kSmtp;
  }
}

void add_entry(CaptureModel& model, std::uint64_t frame, std::size_t session, std::size_t entry,
               std::uint8_t mark) {
  if (frame == 0 || frame > model.rows.size()) return;
  model.rows[frame - 1].dissected |= mark;
  model.frame_entries.push_back(
      {frame, static_cast<std::int32_t>(session), static_cast<std::int32_t>(entry)});
}

// True when the frame carries nothing but a piece of one line that ends in a later frame:
// Wireshark's SMTP asks TCP for the rest of the line and the frame shows no SMTP at all.
bool only_part_of_a_line(const CaptureModel& model, const ByteRange& range,
                         std::uint64_t last_frame) {
  if (range.frame == last_frame) return false;
  const FrameRow& row = model.rows[range.frame - 1];
  if (range.begin != row.payload_offset || range.end != row.payload_offset + row.payload_length) {
    return false;
  }
  const auto bytes = model.frame_bytes(range.frame);
  const auto end = std::min<std::size_t>(range.end, bytes.size());
  for (std::size_t i = range.begin; i < end; ++i) {
    if (bytes[i] == '\n') return false;
  }
  return true;
}

// Commands on the frame of their last byte, replies on every frame that carries their lines.
void mark_dialogue(CaptureModel& model) {
  const auto& sessions = model.analysis.sessions;
  for (std::size_t s = 0; s < sessions.size(); ++s) {
    const auto& dialogue = sessions[s].dialogue;
    for (std::size_t e = 0; e < dialogue.size(); ++e) {
      const auto& entry = dialogue[e];
      using Kind = capture::DialogueEntry::Kind;
      const bool client = entry.side == capture::Side::Client;
      if (entry.kind == Kind::Command || entry.kind == Kind::AuthLine) {
        add_entry(model, entry.frame, s, e, frame_mark::kSmtpRequest);
      }
      if (entry.kind == Kind::DataEnd) continue;  // message data: every fragment is SMTP
      for (const ByteRange& range :
           model.ranges_for(static_cast<int>(s), client, entry.offset, entry.length)) {
        if (only_part_of_a_line(model, range, entry.frame)) {
          model.rows[range.frame - 1].dissected &= static_cast<std::uint8_t>(~frame_mark::kSmtp);
        } else if (entry.kind == Kind::Reply) {
          add_entry(model, range.frame, s, e, frame_mark::kSmtpResponse);
        }
      }
    }
  }
  std::stable_sort(model.frame_entries.begin(), model.frame_entries.end(),
                   [](const FrameEntry& a, const FrameEntry& b) { return a.frame < b.frame; });
  // A reply spread over several ranges of one frame is listed once per frame.
  model.frame_entries.erase(std::unique(model.frame_entries.begin(), model.frame_entries.end(),
                                        [](const FrameEntry& a, const FrameEntry& b) {
                                          return a.frame == b.frame && a.session == b.session &&
                                                 a.entry == b.entry;
                                        }),
                            model.frame_entries.end());
}

void mark_tls_at(CaptureModel& model, int session, bool client, std::uint64_t offset) {
  for (const ByteRange& range : model.ranges_for(session, client, offset, 1)) {
    model.rows[range.frame - 1].dissected |= frame_mark::kTls;
  }
}

// TLS records of the SMTP sessions, as capture/ found them.
void mark_session_tls(CaptureModel& model) {
  const auto& sessions = model.analysis.sessions;
  for (std::size_t s = 0; s < sessions.size(); ++s) {
    for (const auto& seen : sessions[s].tls_records) {
      const bool client = seen.side == capture::Side::Client;
      const std::uint64_t end = seen.record.offset + 5 + seen.record.length;
      mark_tls_at(model, static_cast<int>(s), client, seen.record.offset);
      mark_tls_at(model, static_cast<int>(s), client, end - 1);
    }
  }
}

// TLS on the other connections (HTTPS, XMPP... beside the mail): each direction whose first
// payload looks like a TLS record is walked in order; a gap or a bad header stops it.
void mark_other_tls(CaptureModel& model) {
  struct Direction {
    bool tls = false;
    bool stopped = false;
    std::uint32_t base = 0;
    std::uint64_t next = 0;  // stream offset expected next
    capture::TlsRecordScanner scanner;
    std::vector<std::uint64_t> pending_ends;  // record ends not reached yet
  };
  std::map<EndpointPair, Direction> directions;
  std::vector<capture::TlsRecord> records;
  for (std::size_t i = 0; i < model.rows.size(); ++i) {
    FrameRow& row = model.rows[i];
    if (!row.has_tcp || row.session >= 0 || row.payload_length == 0) continue;
    if (row.tcp_flags & capture::tcp_flag::kSyn) continue;
    const auto bytes = model.frame_bytes(i + 1);
    if (row.payload_offset >= bytes.size()) continue;
    const std::size_t available =
        std::min<std::size_t>(row.payload_length, bytes.size() - row.payload_offset);
    const std::string_view payload(reinterpret_cast<const char*>(bytes.data()) + row.payload_offset,
                                   available);
    auto [it, first] = directions.try_emplace({row.source, row.destination});
    Direction& d = it->second;
    if (first) {
      d.tls = capture::looks_like_tls_record(payload);
      d.base = row.seq;
    }
    if (!d.tls || d.stopped) continue;
    const std::uint64_t offset = static_cast<std::uint32_t>(row.seq - d.base);
    if (offset < d.next) continue;  // a retransmission
    if (offset > d.next || available < row.payload_length) {
      d.stopped = true;  // a hole: the records after it cannot be followed
      continue;
    }
    records.clear();
    d.scanner.feed(offset, payload, records);
    d.next = offset + row.payload_length;
    if (d.scanner.broken()) d.stopped = true;
    bool mark = !records.empty();  // a record starts here
    for (const auto& record : records) d.pending_ends.push_back(record.offset + 5 + record.length);
    std::erase_if(d.pending_ends, [&](std::uint64_t end) {
      if (end > d.next) return false;
      mark = true;  // a record ends here
      return true;
    });
    if (mark) row.dissected |= frame_mark::kTls;
  }
}

}  // namespace

void index_filter_fields(CaptureModel& model) {
  model.frame_entries.clear();
  for (FrameRow& row : model.rows) row.dissected = 0;
  number_streams(model);
  mark_smtp(model);
  mark_dialogue(model);
  mark_session_tls(model);
  mark_other_tls(model);
}

std::span<const FrameEntry> entries_of_frame(const CaptureModel& model, std::uint64_t frame) {
  const auto& all = model.frame_entries;
  const auto begin =
      std::lower_bound(all.begin(), all.end(), frame,
                       [](const FrameEntry& e, std::uint64_t f) { return e.frame < f; });
  auto end = begin;
  while (end != all.end() && end->frame == frame) ++end;
  return {begin, end};
}

}  // namespace smtplab::app
