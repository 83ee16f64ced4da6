// What a live capture needs to show its sessions before they end: for every connection the
// tracker has not retired yet, a copy of the frames it received, and that connection's
// session as a capture ending now would give it (analysed again from those frames, and
// cached until the connection receives another frame). The analyzer itself never copies
// or pauses a connection: a snapshot never disturbs the analysis that goes on.
//
// The cost of a snapshot is the frames of the connections that changed since the last one,
// not the whole capture: a lecture's long capture stays as cheap to show as its start.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "capture/frame.hpp"
#include "capture/frame_queue.hpp"
#include "capture/smtp_session.hpp"

namespace smtplab::capture {

class TcpConnection;

class OpenConnectionFrames {
 public:
  /// Keeps a copy of `frame`, which went to `connection` (a reassembled IP datagram is kept
  /// as the datagram the tracker saw).
  void keep(const TcpConnection& connection, const Frame& frame);
  /// The connection is retired (its session is final): its frames go.
  void forget(const TcpConnection& connection);
  /// Appends to `out` the session of every kept connection that has one (a connection no
  /// dissector took has none), as a capture ending after its last kept frame gives it.
  void snapshot_sessions(std::vector<SmtpSession>& out);
  /// Frames held (for tests and the feed's memory figures).
  std::size_t frames_kept() const { return frames_kept_; }

 private:
  struct Kept {
    std::vector<OwnedFrame> frames;
    std::vector<std::uint64_t> numbers;  // each kept frame's number in the capture
    std::size_t analysed = 0;            // frames.size() when `session` was computed
    std::optional<SmtpSession> session;  // nullopt: none (or not computed yet)
  };
  /// Analyses a connection's kept frames again with a fresh analyzer, as a capture
  /// holding only those frames.
  static std::optional<SmtpSession> analyse(const Kept& kept);

  std::unordered_map<const TcpConnection*, Kept> kept_;
  std::size_t frames_kept_ = 0;
};

}  // namespace smtplab::capture
