// Frames in, SMTP sessions out: decodes each frame (IP fragments reassembled first), tracks
// TCP connections, lets the registry pick the SMTP dissector (by port, then by the 220
// greeting) and gathers the sessions with their notes. The same analyzer serves files and live
// capture.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capture/frame.hpp"
#include "capture/ip_reassembler.hpp"
#include "capture/notes.hpp"
#include "capture/open_connection_frames.hpp"
#include "capture/packet_decoder.hpp"
#include "capture/smtp_dissector.hpp"
#include "capture/smtp_session.hpp"
#include "capture/stream_dissector.hpp"
#include "capture/tcp_connection.hpp"

namespace smtplab::capture {

/// Everything `smtplab analyze` reports about one capture.
struct CaptureAnalysis {
  std::string file;                   ///< path as given
  std::uint64_t packets = 0;          ///< frames read
  int link_type = 0;                  ///< DLT_* of the first interface
  std::vector<SmtpSession> sessions;  ///< in order of first frame
  std::vector<Note> notes;            ///< capture-wide notes (undecodable frames, truncation)
};

/// The dissector registry used for captures: SMTP by port (25, 465, 587, 2525), then by
/// content; `on_smtp` is told of every SMTP dissector created.
DissectorRegistry make_capture_registry(std::function<void(SmtpDissector&)> on_smtp);

/// Told of each finished session, in order of first frame (see CaptureAnalyzer).
using SessionSink = std::function<void(SmtpSession&& session)>;

class CaptureAnalyzer {
 public:
  /// Capture-wide notes kept at most (a corrupt file could produce one per frame).
  static constexpr std::size_t kMaxNotes = 1000;

  /// Without a sink, finish() returns every session. With one, each session goes to the sink
  /// as soon as it and every session with an earlier first frame are finished (so output can
  /// be written while the capture is read, and memory follows the open connections), and
  /// finish() returns none.
  explicit CaptureAnalyzer(SessionSink sink = {});
  CaptureAnalyzer(const CaptureAnalyzer&) = delete;
  CaptureAnalyzer& operator=(const CaptureAnalyzer&) = delete;

  /// Feeds one frame (in capture order).
  void add(const Frame& frame);
  /// Adds a capture-wide note of kind `id` with the values of its placeholders.
  void note(NoteId id, std::uint64_t frame, std::vector<std::string> args = {});
  /// Adds the note of a reader that stopped early (`error`) after `frames_read` frames.
  void note_read_error(std::uint64_t frames_read, const std::string& error);
  /// Ends the capture: flushes every connection and returns the sessions.
  CaptureAnalysis finish(std::string file, int link_type);

  /// From now on, keeps a copy of each open connection's frames so that snapshot() can
  /// show sessions still going on (a live capture). Call before the first frame.
  void keep_open_frames() { snapshots_ = true; }
  /// The capture as finish() would give it if it ended after the last frame added, while
  /// the analysis goes on: the released sessions (without a sink), those waiting for an
  /// older connection, and the open ones as they are now, in order of first frame. With a
  /// sink, the sessions it already received are not repeated. Needs keep_open_frames().
  /// Costs the frames of the connections that changed since the last snapshot.
  CaptureAnalysis snapshot(std::string file, int link_type);
  /// Frames copied for snapshots (the open connections' frames).
  std::size_t frames_kept() const { return open_frames_.frames_kept(); }

 private:
  /// Moves a finished connection's SMTP session (with its TCP notes) into ready_.
  void take_session(TcpConnection& connection);
  /// Hands over, in order, the ready sessions whose first frame is below `limit`.
  void release(std::uint64_t limit);
  /// Keeps a capture-wide note (up to kMaxNotes).
  void keep(Note note);
  /// Hands a TCP segment to the tracker (and keeps a copy for snapshots).
  void track(const Frame& frame, const DecodedPacket& packet);
  /// Collects an IP fragment; a completed datagram is decoded and tracked like a frame.
  void add_fragment(const Frame& frame, const IpHeader& ip);

  DissectorRegistry registry_;
  ConnectionTracker tracker_;
  IpReassembler fragments_;
  SessionSink sink_;
  // Finished sessions waiting for an older connection to finish, by (first frame, arrival).
  std::map<std::pair<std::uint64_t, std::uint64_t>, SmtpSession> ready_;
  std::uint64_t taken_ = 0;
  bool retired_ = false;               // a connection was retired since the last release
  std::vector<SmtpSession> sessions_;  // released, when there is no sink
  std::uint64_t packets_ = 0;
  std::vector<Note> notes_;
  std::size_t dropped_notes_ = 0;
  bool snapshots_ = false;            // keep_open_frames() was called
  OpenConnectionFrames open_frames_;  // with snapshots_: the open connections' frames
};

/// Reads a whole .pcap/.pcapng file. Returns nullopt with `error` set when the file cannot be
/// opened as a capture; read errors later in the file become notes.
/// With a sink, sessions stream to it (in order of first frame) and the result has none.
std::optional<CaptureAnalysis> analyze_capture_file(const std::string& path, std::string& error,
                                                    SessionSink sink = {});

}  // namespace smtplab::capture
