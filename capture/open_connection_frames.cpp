// Frames of the open connections, and their sessions as of now (see open_connection_frames.hpp).
#include "capture/open_connection_frames.hpp"

#include "capture/capture_analyzer.hpp"
#include "capture/tcp_connection.hpp"

namespace smtplab::capture {

void OpenConnectionFrames::keep(const TcpConnection& connection, const Frame& frame) {
  Kept& kept = kept_[&connection];
  OwnedFrame owned;
  owned.ts_sec = frame.ts_sec;
  owned.ts_nsec = frame.ts_nsec;
  owned.link_type = frame.link_type;
  owned.original_length = frame.original_length;
  owned.bytes.assign(frame.data.begin(), frame.data.end());
  kept.frames.push_back(std::move(owned));
  kept.numbers.push_back(frame.number);
  ++frames_kept_;
}

void OpenConnectionFrames::forget(const TcpConnection& connection) {
  const auto it = kept_.find(&connection);
  if (it == kept_.end()) return;
  frames_kept_ -= it->second.frames.size();
  kept_.erase(it);
}

std::optional<SmtpSession> OpenConnectionFrames::analyse(const Kept& kept) {
  // One connection's frames alone give the same session as the whole capture does: the
  // tracker keys connections by their 4-tuple and each dissector sees only its own streams.
  CaptureAnalyzer replay;
  for (std::size_t i = 0; i < kept.frames.size(); ++i) {
    replay.add(kept.frames[i].view(kept.numbers[i]));
  }
  CaptureAnalysis analysis = replay.finish({}, 0);
  if (analysis.sessions.empty()) return std::nullopt;
  return std::move(analysis.sessions.front());
}

void OpenConnectionFrames::snapshot_sessions(std::vector<SmtpSession>& out) {
  for (auto& [connection, kept] : kept_) {
    if (connection->ignored()) continue;  // no dissector took it: no session to show
    if (kept.analysed != kept.frames.size()) {
      kept.session = analyse(kept);
      kept.analysed = kept.frames.size();
    }
    if (kept.session) out.push_back(*kept.session);
  }
}

}  // namespace smtplab::capture
