// TCP reassembly edge cases on synthetic segments: in order, out of order, overlaps (first
// copy wins), gaps (marked, never invented), retransmission with other boundaries, sequence
// wrap-around, and the byte → frame map.
#include "capture/tcp_reassembler.hpp"

#include <gtest/gtest.h>

namespace smtplab::capture {
namespace {

std::string joined(const std::vector<StreamChunk>& chunks) {
  std::string out;
  for (const auto& c : chunks) {
    if (c.gap) {
      out += "<gap " + std::to_string(c.length) + ">";
    } else {
      out += c.bytes;
    }
  }
  return out;
}

TEST(TcpReassembler, DeliversInOrderSegments) {
  TcpReassembler r;
  r.set_base(1000);
  std::vector<StreamChunk> out;
  r.add(1000, "EHLO ", 1, out);
  r.add(1005, "a\r\n", 2, out);
  EXPECT_EQ(joined(out), "EHLO a\r\n");
  EXPECT_EQ(r.next_offset(), 8u);
  EXPECT_EQ(r.frames().frame_at(0), 1u);
  EXPECT_EQ(r.frames().frame_at(5), 2u);
  EXPECT_EQ(r.frames().frames_in(3, 4), (std::vector<std::uint64_t>{1, 2}));
}

TEST(TcpReassembler, ReordersOutOfOrderSegments) {
  TcpReassembler r;
  r.set_base(0);
  std::vector<StreamChunk> out;
  const auto late = r.add(4, "5678", 2, out);
  EXPECT_TRUE(late.previous_lost);
  EXPECT_TRUE(out.empty());
  const auto early = r.add(0, "1234", 3, out);
  EXPECT_TRUE(early.out_of_order);
  EXPECT_EQ(joined(out), "12345678");
  EXPECT_EQ(r.frames().frame_at(0), 3u);
  EXPECT_EQ(r.frames().frame_at(4), 2u);
}

TEST(TcpReassembler, FirstCopyWinsOnOverlap) {
  TcpReassembler r;
  r.set_base(0);
  std::vector<StreamChunk> out;
  r.add(0, "AAAA", 1, out);
  const auto verdict = r.add(2, "bbbbCC", 2, out);  // overlaps two delivered bytes
  EXPECT_TRUE(verdict.retransmission);
  EXPECT_EQ(verdict.new_bytes, 4u);
  EXPECT_EQ(joined(out), "AAAAbbCC");
}

TEST(TcpReassembler, FirstCopyWinsAmongBufferedSegments) {
  TcpReassembler r;
  r.set_base(0);
  std::vector<StreamChunk> out;
  r.add(4, "XXXX", 1, out);      // [4, 8) first
  r.add(2, "yyyyyyyy", 2, out);  // [2, 10): bytes 4..7 already held
  r.add(0, "zz", 3, out);
  EXPECT_EQ(joined(out), "zzyyXXXXyy");
  EXPECT_EQ(r.frames().frame_at(5), 1u);
  EXPECT_EQ(r.frames().frame_at(8), 2u);
}

TEST(TcpReassembler, RetransmissionWithOtherBoundariesAddsNothing) {
  TcpReassembler r;
  r.set_base(500);
  std::vector<StreamChunk> out;
  r.add(500, "0123456789", 1, out);
  r.add(510, "abcdefghij", 2, out);
  out.clear();
  const auto verdict = r.add(505, "56789abc", 3, out);
  EXPECT_TRUE(verdict.retransmission);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(r.frames().frame_at(7), 1u);
}

TEST(TcpReassembler, GapsAreMarkedNeverInvented) {
  TcpReassembler r;
  r.set_base(0);
  std::vector<StreamChunk> out;
  r.add(0, "ab", 1, out);
  r.add(5, "fg", 2, out);
  r.flush(out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_TRUE(out[1].gap);
  EXPECT_EQ(out[1].offset, 2u);
  EXPECT_EQ(out[1].length, 3u);
  EXPECT_EQ(joined(out), "ab<gap 3>fg");
  EXPECT_EQ(r.frames().frame_at(3), 0u);
}

TEST(TcpReassembler, PeerAcknowledgmentTurnsAHoleIntoAGap) {
  TcpReassembler r;
  r.set_base(0);
  std::vector<StreamChunk> out;
  r.add(0, "ab", 1, out);
  r.add(4, "ef", 2, out);
  r.acknowledged(6, out);  // the peer got everything: bytes 2..3 were lost by the capture
  EXPECT_EQ(joined(out), "ab<gap 2>ef");
}

TEST(TcpReassembler, HandlesSequenceWrapAround) {
  TcpReassembler r;
  r.set_base(0xFFFFFFFEu);
  std::vector<StreamChunk> out;
  r.add(0xFFFFFFFEu, "ab", 1, out);
  r.add(0u, "cd", 2, out);
  EXPECT_EQ(joined(out), "abcd");
  EXPECT_EQ(r.next_offset(), 4u);
}

TEST(TcpReassembler, KeepAliveIsRecognised) {
  TcpReassembler r;
  r.set_base(0);
  std::vector<StreamChunk> out;
  r.add(0, "abc", 1, out);
  EXPECT_TRUE(r.add(2, "c", 2, out).keep_alive);
}

}  // namespace
}  // namespace smtplab::capture
