// Sequence-number reassembly, first copy wins.
#include "capture/tcp_reassembler.hpp"

#include <algorithm>

namespace smtplab::capture {

void TcpReassembler::set_base(std::uint32_t first_seq) {
  has_base_ = true;
  base_seq_ = first_seq;
}

std::int64_t TcpReassembler::offset_of(std::uint32_t seq) const {
  // Sequence numbers wrap at 2^32: interpret the distance from the current position as a
  // signed 32-bit step, which is right as long as the window is below 2 GiB.
  const std::uint32_t here = base_seq_ + static_cast<std::uint32_t>(next_);
  const auto step = static_cast<std::int32_t>(seq - here);
  return static_cast<std::int64_t>(next_) + step;
}

SegmentVerdict TcpReassembler::add(std::uint32_t seq, std::string_view payload, std::uint64_t frame,
                                   std::vector<StreamChunk>& out) {
  SegmentVerdict verdict;
  if (payload.empty()) return verdict;
  if (!has_base_) set_base(seq);
  std::int64_t start = offset_of(seq);
  const std::int64_t end = start + static_cast<std::int64_t>(payload.size());
  const auto next = static_cast<std::int64_t>(next_);
  if (end <= next) {
    verdict.retransmission = true;
    verdict.keep_alive = payload.size() <= 1 && end == next;
    return verdict;
  }
  if (start < next) {  // partly seen already: keep the first copy, take only the new tail
    verdict.retransmission = true;
    payload.remove_prefix(static_cast<std::size_t>(next - start));
    start = next;
  }
  const auto offset = static_cast<std::uint64_t>(start);
  const std::uint64_t stop = static_cast<std::uint64_t>(end);
  if (offset > highest_end_ && offset > next_) verdict.previous_lost = true;
  if (offset < highest_end_ && offset >= next_ && !verdict.retransmission) {
    verdict.out_of_order = true;
  }
  highest_end_ = std::max(highest_end_, stop);
  if (offset == next_ && pending_.empty()) {
    // The common case: the next bytes in order, nothing buffered. Handed on without a copy.
    verdict.new_bytes = payload.size();
    deliver(offset, payload, frame, out, true);
    return verdict;
  }
  insert_pending(offset, payload, frame, verdict);
  if (verdict.new_bytes == 0 && !verdict.out_of_order) verdict.retransmission = true;
  if (verdict.new_bytes == 0) verdict.out_of_order = false;
  drain(out);
  if (pending_bytes_ > kMaxPending) {  // too much waiting behind a hole: give up on it
    emit_gap(pending_.begin()->first, out);
    drain(out);
  }
  return verdict;
}

void TcpReassembler::insert_pending(std::uint64_t offset, std::string_view bytes,
                                    std::uint64_t frame, SegmentVerdict& verdict) {
  // Split the segment around the pieces already buffered, keeping only uncovered bytes.
  std::uint64_t at = offset;
  const std::uint64_t end = offset + bytes.size();
  auto it = pending_.upper_bound(at);
  if (it != pending_.begin()) {
    auto before = std::prev(it);
    if (before->first + before->second.bytes.size() > at) {
      at = before->first + before->second.bytes.size();
    }
  }
  while (at < end) {
    while (it != pending_.end() && it->first + it->second.bytes.size() <= at) ++it;
    const std::uint64_t stop = (it == pending_.end()) ? end : std::min(end, it->first);
    if (stop > at) {
      pending_.emplace(at, Piece{std::string(bytes.substr(at - offset, stop - at)), frame});
      pending_bytes_ += stop - at;
      verdict.new_bytes += stop - at;
    }
    if (it == pending_.end()) break;
    at = std::max(at, it->first + it->second.bytes.size());
    ++it;
  }
}

void TcpReassembler::drain(std::vector<StreamChunk>& out) {
  while (!pending_.empty() && pending_.begin()->first <= next_) {
    auto node = pending_.extract(pending_.begin());
    pending_bytes_ -= node.mapped().bytes.size();
    const std::uint64_t offset = node.key();
    std::string_view bytes = node.mapped().bytes;
    const std::uint64_t end = offset + bytes.size();
    if (end <= next_) continue;
    bytes.remove_prefix(next_ - offset);
    deliver(next_, bytes, node.mapped().frame, out, false);
  }
}

void TcpReassembler::deliver(std::uint64_t offset, std::string_view bytes, std::uint64_t frame,
                             std::vector<StreamChunk>& out, bool borrow) {
  frames_.add(offset, bytes.size(), frame);
  next_ = offset + bytes.size();
  if (!out.empty() && !out.back().gap && out.back().offset + out.back().length == offset) {
    StreamChunk& last = out.back();
    last.own();
    last.owned->append(bytes);
    last.bytes = *last.owned;
    last.length += bytes.size();
    return;
  }
  StreamChunk chunk{offset, bytes.size(), false, bytes, nullptr};
  if (!borrow) chunk.own();
  out.push_back(std::move(chunk));
}

void TcpReassembler::emit_gap(std::uint64_t until, std::vector<StreamChunk>& out) {
  if (until <= next_) return;
  out.push_back(StreamChunk{next_, until - next_, true, {}, nullptr});
  next_ = until;
  highest_end_ = std::max(highest_end_, next_);
}

bool TcpReassembler::acknowledges_unseen(std::uint32_t ack) const {
  if (!has_base_ || !pending_.empty()) return false;
  std::int64_t acked = offset_of(ack);
  if (fin_seen_) acked = std::min<std::int64_t>(acked, static_cast<std::int64_t>(fin_offset_));
  // Beyond what was seen, but by less than a plausible window: not a wild number.
  return acked > static_cast<std::int64_t>(next_) &&
         acked - static_cast<std::int64_t>(next_) < (std::int64_t{1} << 30);
}

void TcpReassembler::acknowledged(std::uint32_t ack, std::vector<StreamChunk>& out) {
  if (!has_base_) return;
  std::int64_t acked = offset_of(ack);
  if (fin_seen_) acked = std::min<std::int64_t>(acked, static_cast<std::int64_t>(fin_offset_));
  // Only trust acknowledgments of bytes we know were sent (an ACK never jumps ahead of the
  // data the capture saw by more than the missing part).
  if (acked <= static_cast<std::int64_t>(next_)) return;
  std::uint64_t until = static_cast<std::uint64_t>(acked);
  if (!pending_.empty()) until = std::min(until, pending_.begin()->first);
  if (until > highest_end_ && pending_.empty() && !fin_seen_) {
    // The peer acknowledges bytes no segment of ours showed: they were never captured.
    highest_end_ = until;
  }
  emit_gap(until, out);
  drain(out);
}

void TcpReassembler::fin(std::uint32_t seq) {
  if (!has_base_) set_base(seq);
  const std::int64_t at = offset_of(seq);
  if (at < 0) return;
  fin_seen_ = true;
  fin_offset_ = static_cast<std::uint64_t>(at);
}

void TcpReassembler::flush(std::vector<StreamChunk>& out) {
  while (!pending_.empty()) {
    emit_gap(pending_.begin()->first, out);
    drain(out);
  }
  if (fin_seen_ && fin_offset_ > next_ && fin_offset_ - next_ < (1u << 30)) {
    emit_gap(fin_offset_, out);
  }
}

}  // namespace smtplab::capture
