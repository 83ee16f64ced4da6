// Byte-to-frame map with binary search.
#include "capture/stream_frame_map.hpp"

#include <algorithm>

namespace smtplab::capture {

void StreamFrameMap::add(std::uint64_t offset, std::uint64_t length, std::uint64_t frame) {
  if (length == 0) return;
  if (!spans_.empty()) {
    FrameSpan& last = spans_.back();
    if (last.frame == frame && last.offset + last.length == offset) {
      last.length += length;
      return;
    }
  }
  // A short SMTP session takes about a dozen runs per direction: one allocation for them.
  if (spans_.empty()) spans_.reserve(kFirstReserve);
  spans_.push_back(FrameSpan{offset, length, frame});
}

std::uint64_t StreamFrameMap::frame_at(std::uint64_t offset) const {
  auto it = std::upper_bound(
      spans_.begin(), spans_.end(), offset,
      [](std::uint64_t value, const FrameSpan& span) { return value < span.offset; });
  if (it == spans_.begin()) return 0;
  --it;
  return offset < it->offset + it->length ? it->frame : 0;
}

std::vector<std::uint64_t> StreamFrameMap::frames_in(std::uint64_t offset,
                                                     std::uint64_t length) const {
  std::vector<std::uint64_t> frames;
  const std::uint64_t end = offset + length;
  auto it = std::upper_bound(
      spans_.begin(), spans_.end(), offset,
      [](std::uint64_t value, const FrameSpan& span) { return value < span.offset; });
  if (it != spans_.begin()) --it;
  for (; it != spans_.end() && it->offset < end; ++it) {
    if (it->offset + it->length <= offset) continue;
    if (frames.empty() || frames.back() != it->frame) frames.push_back(it->frame);
  }
  return frames;
}

}  // namespace smtplab::capture
