// The capture pipeline: reader → packet decoder → connection tracker → SMTP, POP3 or IMAP
// dissector.
#include "capture/capture_analyzer.hpp"

#include <algorithm>

#include <pcap/dlt.h>

#include "capture/imap_dissector.hpp"
#include "capture/packet_decoder.hpp"
#include "capture/pcap_reader.hpp"
#include "capture/pop3_dissector.hpp"

namespace smtplab::capture {

DissectorRegistry make_capture_registry(std::function<void(SmtpDissector&)> on_smtp) {
  DissectorRegistry registry;
  DissectorEntry smtp;
  smtp.name = "smtp";
  smtp.ports.assign(std::begin(kSmtpPorts), std::end(kSmtpPorts));
  smtp.probe = [](Side side, std::string_view bytes) {
    return side == Side::Server && looks_like_smtp_greeting(bytes);
  };
  smtp.create = [on_smtp = std::move(on_smtp)](const StreamContext& context) {
    auto dissector = std::make_unique<SmtpDissector>(context);
    if (on_smtp) on_smtp(*dissector);
    return std::unique_ptr<StreamDissector>(std::move(dissector));
  };
  registry.add(std::move(smtp));
  // POP3 and IMAP after SMTP: a "220" greeting is probed first, as it always was.
  DissectorEntry pop3;
  pop3.name = "pop3";
  pop3.ports.assign(std::begin(kPop3Ports), std::end(kPop3Ports));
  pop3.probe = [](Side side, std::string_view bytes) {
    return side == Side::Server && looks_like_pop3_greeting(bytes);
  };
  pop3.create = [](const StreamContext& context) -> std::unique_ptr<StreamDissector> {
    return std::make_unique<Pop3Dissector>(context);
  };
  registry.add(std::move(pop3));
  DissectorEntry imap;
  imap.name = "imap";
  imap.ports.assign(std::begin(kImapPorts), std::end(kImapPorts));
  imap.probe = [](Side side, std::string_view bytes) {
    return side == Side::Server && looks_like_imap_greeting(bytes);
  };
  imap.create = [](const StreamContext& context) -> std::unique_ptr<StreamDissector> {
    return std::make_unique<ImapDissector>(context);
  };
  registry.add(std::move(imap));
  return registry;
}

CaptureAnalyzer::CaptureAnalyzer(SessionSink sink)
    : registry_(make_capture_registry({})),
      tracker_(registry_,
               [this](TcpConnection& connection) {
                 take_session(connection);
                 retired_ = true;
               }),
      sink_(std::move(sink)) {}

void CaptureAnalyzer::release(std::uint64_t limit) {
  while (!ready_.empty() && ready_.begin()->first.first < limit) {
    auto node = ready_.extract(ready_.begin());
    if (sink_) {
      sink_(std::move(node.mapped()));
    } else {
      sessions_.push_back(std::move(node.mapped()));
    }
  }
}

void CaptureAnalyzer::take_session(TcpConnection& connection) {
  if (snapshots_) open_frames_.forget(connection);
  auto* dissector = dynamic_cast<MailDissector*>(connection.dissector());
  if (!dissector) return;
  // The connection is finished and about to go: move, never copy, the session.
  SmtpSession session = std::move(dissector->session());
  session.last_frame = connection.last_frame();
  const auto& tcp_notes = connection.notes();
  session.notes.insert(session.notes.end(), tcp_notes.begin(), tcp_notes.end());
  std::stable_sort(session.notes.begin(), session.notes.end(),
                   [](const Note& a, const Note& b) { return a.frame < b.frame; });
  const std::uint64_t first_frame = session.first_frame;
  ready_.emplace(std::make_pair(first_frame, taken_++), std::move(session));
}

void CaptureAnalyzer::keep(Note note) {
  if (notes_.size() >= kMaxNotes) {
    ++dropped_notes_;
    return;
  }
  notes_.push_back(std::move(note));
}

void CaptureAnalyzer::note(NoteId id, std::uint64_t frame, std::vector<std::string> args) {
  keep(make_note(id, frame, std::move(args)));
}

void CaptureAnalyzer::note_read_error(std::uint64_t frames_read, const std::string& error) {
  note(NoteId::CaptureFileTruncated, frames_read, {std::to_string(frames_read), error});
}

void CaptureAnalyzer::add(const Frame& frame) {
  ++packets_;
  const DecodedPacket packet = decode_packet(frame);
  if (packet.problem) keep(*packet.problem);
  if (packet.ip && packet.ip->fragment) {
    add_fragment(frame, *packet.ip);
  } else if (packet.tcp) {
    track(frame, packet);
  }
  if (retired_) {
    // Every connection still open started at or after the oldest one's first frame, and so
    // does every connection yet to come: older finished sessions can go.
    retired_ = false;
    release(tracker_.oldest_open_frame());
  }
}

void CaptureAnalyzer::add_fragment(const Frame& frame, const IpHeader& ip) {
  std::vector<Note> notes;
  auto datagram = fragments_.add(frame, ip, notes);
  for (auto& n : notes) keep(std::move(n));
  if (!datagram) return;
  // The whole datagram is decoded as if it had arrived in the frame that completed it, so
  // its TCP bytes map to that frame.
  Frame whole = frame;
  whole.link_type = DLT_RAW;
  whole.data = std::span<const std::uint8_t>(datagram->packet.data(), datagram->packet.size());
  whole.original_length = static_cast<std::uint32_t>(datagram->packet.size());
  const DecodedPacket packet = decode_packet(whole);
  if (!packet.tcp) return;
  note(NoteId::TcpSegmentFromFragments, frame.number,
       {std::to_string(datagram->fragments), std::to_string(datagram->first_frame),
        std::to_string(frame.number)});
  track(whole, packet);
}

void CaptureAnalyzer::track(const Frame& frame, const DecodedPacket& packet) {
  TcpConnection* connection = tracker_.add(frame, packet);
  if (!snapshots_ || !connection) return;
  if (connection->ignored()) {
    open_frames_.forget(*connection);  // no session will come of it: nothing to show
  } else {
    open_frames_.keep(*connection, frame);
  }
}

CaptureAnalysis CaptureAnalyzer::finish(std::string file, int link_type) {
  std::vector<Note> fragment_notes;
  fragments_.finish(fragment_notes);
  for (auto& n : fragment_notes) keep(std::move(n));
  tracker_.finish();
  CaptureAnalysis analysis;
  analysis.file = std::move(file);
  analysis.packets = packets_;
  analysis.link_type = link_type;
  for (const auto& connection : tracker_.connections()) {
    if (connection) take_session(*connection);
  }
  release(UINT64_MAX);
  analysis.sessions = std::move(sessions_);  // in order of first frame (ready_ is sorted)
  analysis.notes = notes_;
  if (dropped_notes_ > 0) {
    analysis.notes.push_back(make_note(NoteId::NotesDropped, 0, {std::to_string(dropped_notes_)}));
  }
  return analysis;
}

CaptureAnalysis CaptureAnalyzer::snapshot(std::string file, int link_type) {
  CaptureAnalysis analysis;
  analysis.file = std::move(file);
  analysis.packets = packets_;
  analysis.link_type = link_type;
  analysis.sessions = sessions_;
  const std::size_t released = analysis.sessions.size();
  for (const auto& [order, session] : ready_) analysis.sessions.push_back(session);
  open_frames_.snapshot_sessions(analysis.sessions);
  // Released sessions all started before every waiting or open one (release()'s rule).
  std::stable_sort(
      analysis.sessions.begin() + static_cast<std::ptrdiff_t>(released), analysis.sessions.end(),
      [](const SmtpSession& a, const SmtpSession& b) { return a.first_frame < b.first_frame; });
  analysis.notes = notes_;
  if (dropped_notes_ > 0) {
    analysis.notes.push_back(make_note(NoteId::NotesDropped, 0, {std::to_string(dropped_notes_)}));
  }
  return analysis;
}

std::optional<CaptureAnalysis> analyze_capture_file(const std::string& path, std::string& error,
                                                    SessionSink sink) {
  PcapReader reader(path);
  if (!reader.ok()) {
    error = reader.error();
    return std::nullopt;
  }
  CaptureAnalyzer analyzer(std::move(sink));
  while (auto frame = reader.next()) analyzer.add(*frame);
  if (!reader.error().empty()) {
    analyzer.note_read_error(reader.frames_read(), reader.error());
  }
  return analyzer.finish(path, reader.link_type());
}

}  // namespace smtplab::capture
