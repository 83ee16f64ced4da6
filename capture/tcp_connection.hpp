// One TCP connection: both halves reassembled, TCP analysis notes (retransmission,
// duplicate ACK, zero window, lost segment, keep-alive, gaps), and the stream dissector the
// registry picked (by port, else by the server's first bytes). Also the tracker that finds
// the connection of each segment by its 4-tuple.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture/connection_table.hpp"
#include "capture/frame.hpp"
#include "capture/notes.hpp"
#include "capture/packet_decoder.hpp"
#include "capture/stream_dissector.hpp"
#include "capture/tcp_reassembler.hpp"

namespace smtplab::capture {

class TcpConnection {
 public:
  /// Bytes kept per connection while no dissector has been chosen yet.
  static constexpr std::size_t kMaxUndecided = 64 * 1024;

  TcpConnection(Endpoint client, Endpoint server, const Frame& first,
                const DissectorRegistry& registry);
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  /// Feeds one segment sent by `side`.
  void add_segment(Side side, const TcpHeader& tcp, std::string_view payload, const Frame& frame);
  /// Releases everything buffered (holes become gaps) and tells the dissector it is over.
  void finish();

  /// Which side sent from `endpoint`.
  Side side_of(const Endpoint& source) const {
    return source == context_.client ? Side::Client : Side::Server;
  }
  /// Both FINs seen, or a RST.
  bool closed() const;
  /// True when the client's SYN with this ISN started the connection.
  bool started_by(std::uint32_t isn) const { return syn_seen_ && client_isn_ == isn; }
  const StreamContext& context() const { return context_; }
  /// The dissector in use (nullptr when none matched).
  StreamDissector* dissector() const { return dissector_.get(); }
  /// True once no dissector matched: its payload is ignored from then on.
  bool ignored() const { return choice_ == Choice::None; }
  /// Name of the chosen protocol ("" when none).
  const std::string& protocol() const { return protocol_; }
  /// TCP analysis notes.
  const std::vector<Note>& notes() const { return notes_; }
  std::uint64_t last_frame() const { return last_frame_; }
  /// One direction's reassembler (for tests and the GUI's stream view).
  const TcpReassembler& half(Side side) const { return halves_[static_cast<int>(side)]; }

 private:
  enum class Choice {
    Undecided,  ///< buffering until the server speaks
    Chosen,     ///< a dissector receives the streams
    None,       ///< no protocol matched: payload ignored
  };
  void dispatch(Side side, std::vector<StreamChunk>& chunks, std::uint64_t frame);
  /// `side` acknowledged the other side's bytes up to `ack`: what is missing below it is a
  /// gap, and the bytes after it are released.
  void acknowledge(Side side, std::uint32_t ack, std::uint64_t frame);
  /// Ends a wait for unseen acknowledged bytes: a gap for what never came, then the
  /// segments that waited.
  void release_held(std::uint64_t frame);
  void choose(const DissectorEntry* entry);
  void analyse(Side side, const TcpHeader& tcp, std::size_t payload_length,
               const SegmentVerdict& verdict, std::uint64_t frame);
  void note(NoteId id, std::uint64_t frame, std::vector<std::string> args = {});

  const DissectorRegistry& registry_;
  StreamContext context_;
  TcpReassembler halves_[2];
  std::unique_ptr<StreamDissector> dissector_;
  std::string protocol_;
  Choice choice_ = Choice::Undecided;
  std::vector<std::pair<Side, StreamChunk>> undecided_;
  std::size_t undecided_bytes_ = 0;
  std::vector<Note> notes_;
  // Chunks of the segment being added and of the peer's bytes it acknowledges: members, so
  // their storage is reused from one segment to the next.
  std::vector<StreamChunk> segment_chunks_;
  std::vector<StreamChunk> acked_chunks_;
  // A side's segments waiting because it acknowledged bytes of the other side that the
  // capture has not shown yet (an ACK captured before the data it acknowledges).
  struct HeldSegments {
    std::vector<StreamChunk> chunks;  // owned
    std::uint32_t ack = 0;            // the highest unseen acknowledgment
    std::size_t segments = 0;         // segments seen since the wait began
  };
  static constexpr std::size_t kMaxHeldSegments = 4;
  std::optional<HeldSegments> held_;
  Side held_side_ = Side::Client;
  bool syn_seen_ = false;
  std::uint32_t client_isn_ = 0;
  bool fin_[2] = {false, false};
  bool reset_ = false;
  bool finished_ = false;
  std::uint64_t last_frame_ = 0;
  // Duplicate-ACK detection: the last pure ACK each side sent.
  std::uint32_t last_ack_[2] = {0, 0};
  std::uint16_t last_window_[2] = {0, 0};
  bool have_last_ack_[2] = {false, false};
};

/// Finds (or creates) the connection of each TCP segment. A connection closed (both FINs or
/// a RST) and silent for kRetireAfterFrames frames is retired: finished, handed to the
/// retire handler, and freed, so memory follows the open connections, not the capture's
/// length. Its 4-tuple stays known: late frames for it are ignored, a new SYN reopens it.
class ConnectionTracker {
 public:
  /// Frames a closed connection is kept for late retransmissions (~ TIME_WAIT).
  static constexpr std::uint64_t kRetireAfterFrames = 50000;
  /// Told of each connection just before it is freed (already finished).
  using RetireHandler = std::function<void(TcpConnection&)>;

  explicit ConnectionTracker(const DissectorRegistry& registry, RetireHandler on_retire = {})
      : registry_(registry), on_retire_(std::move(on_retire)) {}
  /// Feeds one decoded TCP frame. Returns the connection it went to, or nullptr when it
  /// went to none (not TCP, or a late straggler of a retired connection).
  TcpConnection* add(const Frame& frame, const DecodedPacket& packet);
  /// Finishes every connection (end of capture).
  void finish();
  /// First frame of the oldest connection not yet retired (UINT64_MAX when none).
  std::uint64_t oldest_open_frame();
  /// Every connection not yet retired, in order of first frame (retired ones are null).
  const std::vector<std::unique_ptr<TcpConnection>>& connections() const { return connections_; }

 private:
  struct Closing {
    std::size_t index = 0;    // in connections_
    std::uint64_t since = 0;  // last frame seen when it was queued
    // The heap's order: the earliest `since` on top.
    bool operator>(const Closing& other) const { return since > other.since; }
  };
  void retire_idle(std::uint64_t now);

  const DissectorRegistry& registry_;
  RetireHandler on_retire_;
  std::vector<std::unique_ptr<TcpConnection>> connections_;
  // Index in connections_ of every 4-tuple seen (retired ones included).
  ConnectionTable live_;
  // Closed connections by the frame they went quiet at, earliest on top. A heap, not a
  // queue: one that saw frames after it closed (its last ACK) waits again from its last
  // frame, which is earlier than the connections that closed after it.
  std::priority_queue<Closing, std::vector<Closing>, std::greater<>> closing_;
  std::size_t oldest_ = 0;  // connections_ before this index are all retired
};

}  // namespace smtplab::capture
