// Reassembles one direction of a TCP connection by sequence number. Bytes come out in
// stream order, each exactly once; the first copy of each byte wins (later retransmissions
// with other contents or other boundaries never replace it); holes that will not be filled
// come out as explicit gaps, never invented bytes. Stream offset 0 is the byte after the SYN
// (or the first byte seen when the capture starts mid-connection).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/stream_frame_map.hpp"

namespace smtplab::capture {

/// A piece of reassembled stream: bytes, or a gap of `length` missing bytes.
struct StreamChunk {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool gap = false;
  /// Empty for a gap. In-order bytes are borrowed from the payload given to
  /// TcpReassembler::add (no copy): valid only as long as that payload; call own() to keep
  /// them longer. Otherwise they point into `owned`.
  std::string_view bytes;
  std::unique_ptr<std::string> owned;  ///< the bytes' storage when not borrowed

  /// Makes the chunk hold its own copy of borrowed bytes.
  void own() {
    if (gap || owned) return;
    owned = std::make_unique<std::string>(bytes);
    bytes = *owned;
  }
};

/// What a segment turned out to be (for the TCP analysis notes).
struct SegmentVerdict {
  bool retransmission = false;  ///< all its bytes had been seen before
  bool keep_alive = false;      ///< one byte (or none) just before the next expected byte
  bool out_of_order = false;    ///< it fills a hole left by later segments
  bool previous_lost = false;   ///< it starts beyond anything seen: a segment is missing
  std::uint64_t new_bytes = 0;  ///< bytes it contributed for the first time
};

class TcpReassembler {
 public:
  /// Caps buffered out-of-order bytes: beyond this a hole is declared a gap.
  static constexpr std::uint64_t kMaxPending = 8u << 20;

  /// Sets the sequence number of stream offset 0 (ISN + 1 after a SYN).
  void set_base(std::uint32_t first_seq);
  bool has_base() const { return has_base_; }
  /// Stream offset of a sequence number near the current position (handles wrap-around).
  std::int64_t offset_of(std::uint32_t seq) const;

  /// Adds a segment's payload; newly contiguous bytes (and forced gaps) go to `out`.
  SegmentVerdict add(std::uint32_t seq, std::string_view payload, std::uint64_t frame,
                     std::vector<StreamChunk>& out);
  /// True when `ack` acknowledges bytes beyond everything this direction has shown, with
  /// no later segment buffered: bytes the capture has not seen (yet).
  bool acknowledges_unseen(std::uint32_t ack) const;
  /// The peer acknowledged everything before `ack`: bytes missing below it were sent but
  /// not captured, so they become a gap now.
  void acknowledged(std::uint32_t ack, std::vector<StreamChunk>& out);
  /// Records a FIN at `seq` (the sequence number right after the data).
  void fin(std::uint32_t seq);
  /// End of the capture or of the connection: every remaining hole becomes a gap and all
  /// buffered bytes are released.
  void flush(std::vector<StreamChunk>& out);

  /// Bytes delivered (or declared gaps) so far: the next expected stream offset.
  std::uint64_t next_offset() const { return next_; }
  /// Highest stream offset seen in any segment.
  std::uint64_t highest_end() const { return highest_end_; }
  /// Bytes buffered out of order.
  std::uint64_t pending_bytes() const { return pending_bytes_; }
  bool fin_seen() const { return fin_seen_; }
  /// Which frame carried each delivered byte.
  const StreamFrameMap& frames() const { return frames_; }

 private:
  struct Piece {
    std::string bytes;
    std::uint64_t frame = 0;
  };
  void insert_pending(std::uint64_t offset, std::string_view bytes, std::uint64_t frame,
                      SegmentVerdict& verdict);
  void drain(std::vector<StreamChunk>& out);
  void deliver(std::uint64_t offset, std::string_view bytes, std::uint64_t frame,
               std::vector<StreamChunk>& out, bool borrow);
  void emit_gap(std::uint64_t until, std::vector<StreamChunk>& out);

  bool has_base_ = false;
  std::uint32_t base_seq_ = 0;
  std::uint64_t next_ = 0;
  std::uint64_t highest_end_ = 0;
  bool fin_seen_ = false;
  std::uint64_t fin_offset_ = 0;
  std::map<std::uint64_t, Piece> pending_;  // non-overlapping, keyed by stream offset
  std::uint64_t pending_bytes_ = 0;
  StreamFrameMap frames_;
};

}  // namespace smtplab::capture
