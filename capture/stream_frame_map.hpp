// Ties every reassembled byte of one TCP direction back to the frame that carried it: an
// ordered list of {stream offset, length, frame}. A dialogue line's frames are found from
// its stream offset range, exactly, never by time.
#pragma once

#include <cstdint>
#include <vector>

namespace smtplab::capture {

/// A run of stream bytes carried by one frame.
struct FrameSpan {
  std::uint64_t offset = 0;  ///< stream offset of the first byte
  std::uint64_t length = 0;  ///< bytes in the run
  std::uint64_t frame = 0;   ///< frame number that carried them (first copy kept)
};

class StreamFrameMap {
 public:
  /// Records that [offset, offset + length) came from `frame`. Offsets must grow.
  void add(std::uint64_t offset, std::uint64_t length, std::uint64_t frame);
  /// Frame that carried the byte at `offset`, or 0 when no frame did (a gap).
  std::uint64_t frame_at(std::uint64_t offset) const;
  /// Every frame that carried a byte of [offset, offset + length), in stream order.
  std::vector<std::uint64_t> frames_in(std::uint64_t offset, std::uint64_t length) const;
  /// All runs, in stream order.
  const std::vector<FrameSpan>& spans() const { return spans_; }

 private:
  static constexpr std::size_t kFirstReserve = 16;
  std::vector<FrameSpan> spans_;
};

}  // namespace smtplab::capture
