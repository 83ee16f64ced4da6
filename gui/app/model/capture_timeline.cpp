// Capture sessions → timeline events (see capture_timeline.hpp).
#include "gui/app/model/capture_timeline.hpp"

#include <algorithm>
#include <string>

#include "capture/tcp_layer.hpp"

namespace smtplab::app {
namespace {

/// Where an event is in the capture: the frame that completed it.
lab::CaptureRefPayload at_frame(std::uint64_t frame) {
  lab::CaptureRefPayload where;
  where.frame = frame;
  return where;
}

double frame_time(const CaptureModel& model, std::uint64_t frame) {
  return frame >= 1 && frame <= model.rows.size() ? model.rows[frame - 1].time : 0.0;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

}  // namespace

bool is_dialogue_event(const lab::TimelineEvent& event) {
  return event.kind == lab::TimelineKind::Command || event.kind == lab::TimelineKind::Reply ||
         event.kind == lab::TimelineKind::MessageData;
}

std::vector<std::vector<std::size_t>> index_events_by_session(
    const std::vector<lab::TimelineEvent>& timeline) {
  std::vector<std::vector<std::size_t>> index;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const std::uint64_t session = timeline[i].session;
    if (session == 0) continue;
    if (index.size() < session) index.resize(session);
    index[session - 1].push_back(i);
  }
  return index;
}

std::vector<lab::TimelineEvent> timeline_from_capture(const CaptureModel& model) {
  std::vector<lab::TimelineEvent> out;
  std::uint64_t seq = 0;
  const auto push = [&](lab::TimelineEvent ev) {
    ev.seq = ++seq;
    ev.sim_time = ev.time;
    out.push_back(std::move(ev));
  };
  const auto& sessions = model.analysis.sessions;
  // The frame that closed each connection (its first FIN or RST); 0 when the capture
  // ends with the connection still open: no FIN is drawn that the wire did not carry.
  std::vector<std::uint64_t> closing(sessions.size(), 0);
  for (std::size_t i = 0; i < model.rows.size(); ++i) {
    const FrameRow& row = model.rows[i];
    if (row.session < 0 || !row.has_tcp) continue;
    auto& frame = closing[static_cast<std::size_t>(row.session)];
    if (frame == 0 && (row.tcp_flags & (capture::tcp_flag::kFin | capture::tcp_flag::kRst)))
      frame = i + 1;  // frames are numbered from 1
  }
  for (std::size_t s = 0; s < sessions.size(); ++s) {
    const auto& session = sessions[s];
    lab::TimelineEvent base;
    base.session = s + 1;
    base.client = capture::to_string(session.client);
    base.server = capture::to_string(session.server);
    base.node = base.server;
    base.peer = base.client;

    lab::TimelineEvent opened = base;
    opened.kind = lab::TimelineKind::SessionOpened;
    opened.time = frame_time(model, session.first_frame);
    opened.payload = at_frame(session.first_frame);
    push(opened);

    bool starttls_pending = false;
    unsigned epoch = 0;
    // Implicit TLS (port 465), or records with no STARTTLS seen: the band starts at the
    // first record, in frame order among the dialogue's lines.
    const bool saw_starttls =
        std::any_of(session.dialogue.begin(), session.dialogue.end(), [](const auto& entry) {
          return entry.kind == capture::DialogueEntry::Kind::Command &&
                 (entry.verb == "STARTTLS" || entry.verb == "starttls");
        });
    std::uint64_t implicit_tls_frame = session.tls && !saw_starttls && !session.tls_records.empty()
                                           ? session.tls_records.front().frame
                                           : 0;
    const auto push_implicit_tls = [&] {
      lab::TimelineEvent tls = base;
      tls.kind = lab::TimelineKind::TlsStarted;
      tls.time = frame_time(model, implicit_tls_frame);
      tls.tls_epoch = epoch = 1;
      lab::CaptureRefPayload where = at_frame(implicit_tls_frame);
      where.implicit_tls = true;
      tls.payload = where;
      push(tls);
      implicit_tls_frame = 0;
    };
    for (std::size_t e = 0; e < session.dialogue.size(); ++e) {
      const auto& entry = session.dialogue[e];
      if (implicit_tls_frame != 0 && entry.frame > implicit_tls_frame) push_implicit_tls();
      lab::TimelineEvent ev = base;
      ev.time = frame_time(model, entry.frame);
      ev.direction = entry.side == capture::Side::Client ? 'C' : 'S';
      ev.offset = entry.offset;
      ev.length = entry.length;
      ev.tls_epoch = epoch;
      lab::CaptureRefPayload where = at_frame(entry.frame);
      where.first_frame = entry.first_frame;
      where.entry = e;
      switch (entry.kind) {
        case capture::DialogueEntry::Kind::Command:
          ev.kind = lab::TimelineKind::Command;
          ev.verb = entry.verb;
          ev.text = entry.argument.empty() ? entry.verb : entry.verb + " " + entry.argument;
          starttls_pending = entry.verb == "STARTTLS" || entry.verb == "starttls";
          break;
        case capture::DialogueEntry::Kind::AuthLine:
          // SASL answers carry credentials: masked, as in `smtplab analyze`.
          ev.kind = lab::TimelineKind::Command;
          ev.text = "•••••• (AUTH)";
          where.auth = true;
          break;
        case capture::DialogueEntry::Kind::DataEnd:
          ev.kind = lab::TimelineKind::MessageData;
          ev.text = ".";
          where.data_bytes = entry.data_bytes;
          break;
        case capture::DialogueEntry::Kind::Reply:
          ev.kind = lab::TimelineKind::Reply;
          ev.code = entry.code;
          ev.enhanced = entry.enhanced;
          // Text lines without code and enhanced code, as the live lab records them.
          ev.text = join_lines(entry.lines);
          break;
      }
      ev.payload = where;
      const bool tls_now =
          ev.kind == lab::TimelineKind::Reply && starttls_pending && entry.code == 220;
      if (ev.kind == lab::TimelineKind::Reply) starttls_pending = false;
      push(ev);
      if (tls_now) {
        lab::TimelineEvent tls = base;
        tls.kind = lab::TimelineKind::TlsStarted;
        tls.time = ev.time;
        tls.tls_epoch = epoch = 1;
        push(tls);
      }
    }
    if (implicit_tls_frame != 0) push_implicit_tls();
    if (closing[s] != 0) {
      lab::TimelineEvent closed = base;
      closed.kind = lab::TimelineKind::SessionClosed;
      closed.time = frame_time(model, closing[s]);
      closed.payload = at_frame(closing[s]);
      push(closed);
    }
  }
  return out;
}

}  // namespace smtplab::app
