// IP fragment reassembly (IPv4 and IPv6) through the whole analyzer: an SMTP session whose
// client segments travel as fragments (in order, reversed, overlapping) still yields its
// commands and message; fragments that never complete become a note.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "capture/capture_analyzer.hpp"
#include "capture/digest.hpp"

namespace smtplab::capture {
namespace {

using Packet = std::vector<std::uint8_t>;

void put16(Packet& p, std::size_t at, std::uint32_t v) {
  p[at] = static_cast<std::uint8_t>(v >> 8);
  p[at + 1] = static_cast<std::uint8_t>(v);
}

// Builds raw IP packets (DLT_RAW) of one TCP connection, client 10.0.0.1 / 2001:db8::1.
class Flow {
 public:
  explicit Flow(bool v6) : v6_(v6) {}

  // A TCP segment's transport bytes (header + payload).
  Packet tcp(bool from_client, std::uint8_t flags, const std::string& payload) {
    Packet t(20 + payload.size(), 0);
    put16(t, 0, from_client ? 40000 : 25);
    put16(t, 2, from_client ? 25 : 40000);
    std::uint32_t& seq = seq_[from_client ? 0 : 1];
    put16(t, 4, seq >> 16);
    put16(t, 6, seq & 0xffff);
    const std::uint32_t ack = seq_[from_client ? 1 : 0];
    put16(t, 8, ack >> 16);
    put16(t, 10, ack & 0xffff);
    t[12] = 5 << 4;
    t[13] = flags;
    put16(t, 14, 65535);
    std::copy(payload.begin(), payload.end(), t.begin() + 20);
    seq += static_cast<std::uint32_t>(payload.size()) + ((flags & 0x03) ? 1 : 0);
    return t;
  }
  // Whole packet, not fragmented.
  Packet packet(bool from_client, const Packet& transport) {
    return fragment(from_client, transport, 0, transport.size(), false, false);
  }
  // One fragment holding transport[offset, offset + length).
  Packet fragment(bool from_client, const Packet& transport, std::size_t offset, std::size_t length,
                  bool more, bool fragmented = true) {
    Packet p;
    if (v6_) {
      const std::size_t ext = fragmented ? 8 : 0;
      p.assign(40 + ext + length, 0);
      p[0] = 0x60;
      put16(p, 4, static_cast<std::uint32_t>(ext + length));
      p[6] = fragmented ? 44 : 6;
      p[7] = 64;
      p[8] = 0x20, p[9] = 0x01, p[10] = 0x0d, p[11] = 0xb8;
      p[24] = 0x20, p[25] = 0x01, p[26] = 0x0d, p[27] = 0xb8;
      p[from_client ? 23 : 39] = 1;
      p[from_client ? 39 : 23] = 2;
      if (fragmented) {
        p[40] = 6;
        put16(p, 42, static_cast<std::uint32_t>(offset) | (more ? 1 : 0));
        put16(p, 46, id_);
      }
      std::copy_n(transport.begin() + static_cast<std::ptrdiff_t>(offset), length,
                  p.begin() + 40 + static_cast<std::ptrdiff_t>(ext));
    } else {
      p.assign(20 + length, 0);
      p[0] = 0x45;
      put16(p, 2, static_cast<std::uint32_t>(20 + length));
      put16(p, 4, id_);
      put16(p, 6, static_cast<std::uint32_t>(offset / 8) | (more ? 0x2000 : 0));
      p[8] = 64;
      p[9] = 6;
      p[12] = 10, p[15] = from_client ? 1 : 2;
      p[16] = 10, p[19] = from_client ? 2 : 1;
      std::copy_n(transport.begin() + static_cast<std::ptrdiff_t>(offset), length, p.begin() + 20);
    }
    return p;
  }
  void next_id() { ++id_; }

 private:
  bool v6_;
  std::uint32_t seq_[2] = {1000, 5000};
  std::uint16_t id_ = 7;
};

class Feeder {
 public:
  void add(const Packet& packet) {
    packets_.push_back(packet);
    Frame frame;
    frame.number = packets_.size();
    frame.link_type = DLT_RAW;
    frame.original_length = static_cast<std::uint32_t>(packet.size());
    frame.data = std::span<const std::uint8_t>(packets_.back().data(), packets_.back().size());
    analyzer_.add(frame);
  }
  CaptureAnalysis finish() { return analyzer_.finish("fragments", DLT_RAW); }

 private:
  std::vector<Packet> packets_;  // a deque would do; the frame only lives during add()
  CaptureAnalyzer analyzer_;
};

bool has_note(const std::vector<Note>& notes, const std::string& text) {
  return std::any_of(notes.begin(), notes.end(),
                     [&](const Note& n) { return n.text.find(text) != std::string::npos; });
}

// A session where the message segment is cut into 3 fragments fed in `order`.
CaptureAnalysis fragmented_session(bool v6, const std::vector<int>& order, bool corrupt_overlap) {
  Flow flow(v6);
  Feeder feed;
  const std::uint8_t kSyn = 0x02, kAck = 0x10, kPsh = 0x08, kFin = 0x01;
  feed.add(flow.packet(true, flow.tcp(true, kSyn, "")));
  feed.add(flow.packet(false, flow.tcp(false, kSyn | kAck, "")));
  auto say = [&](bool client, const std::string& text) {
    feed.add(flow.packet(client, flow.tcp(client, kPsh | kAck, text)));
  };
  say(false, "220 mx ESMTP\r\n");
  say(true, "HELO me\r\n");
  say(false, "250 mx\r\n");
  say(true, "MAIL FROM:<a@x>\r\n");
  say(false, "250 ok\r\n");
  say(true, "RCPT TO:<b@y>\r\n");
  say(false, "250 ok\r\n");
  say(true, "DATA\r\n");
  say(false, "354 go\r\n");
  const Packet segment = flow.tcp(
      true, kPsh | kAck, "Subject: fragments\r\n\r\n" + std::string(40, 'x') + "\r\n.\r\n");
  // Fragment boundaries must be multiples of 8 (except the end).
  const std::size_t cuts[4] = {0, 24, 48, segment.size()};
  std::vector<Packet> pieces;
  for (int i = 0; i < 3; ++i) {
    pieces.push_back(flow.fragment(true, segment, cuts[i], cuts[i + 1] - cuts[i], i < 2));
  }
  if (corrupt_overlap) {
    // A copy of the middle fragment with other bytes, sent after the real one.
    Packet evil = pieces[1];
    evil[evil.size() - 3] ^= 0x20;
    pieces.push_back(evil);  // index 3: the caller places it in `order`
  }
  for (int i : order) feed.add(pieces[static_cast<std::size_t>(i)]);
  flow.next_id();
  say(false, "250 queued\r\n");
  say(true, "QUIT\r\n");
  say(false, "221 bye\r\n");
  feed.add(flow.packet(true, flow.tcp(true, kFin | kAck, "")));
  feed.add(flow.packet(false, flow.tcp(false, kFin | kAck, "")));
  return feed.finish();
}

void expect_message(const CaptureAnalysis& analysis, int fragments = 3) {
  ASSERT_EQ(analysis.sessions.size(), 1u);
  const SmtpSession& session = analysis.sessions[0];
  ASSERT_EQ(session.messages.size(), 1u);
  EXPECT_EQ(session.messages[0].final_code, 250);
  EXPECT_EQ(session.messages[0].subject, "fragments");
  EXPECT_EQ(session.messages[0].sha256,
            sha256_hex("Subject: fragments\r\n\r\n" + std::string(40, 'x') + "\r\n"));
  EXPECT_TRUE(
      has_note(analysis.notes, "reassembled from " + std::to_string(fragments) + " IP fragments"));
}

TEST(IpReassembly, Ipv4FragmentsInOrder) {
  expect_message(fragmented_session(false, {0, 1, 2}, false));
}
TEST(IpReassembly, Ipv4FragmentsReversed) {
  expect_message(fragmented_session(false, {2, 1, 0}, false));
}
TEST(IpReassembly, Ipv6FragmentsInOrder) {
  expect_message(fragmented_session(true, {0, 1, 2}, false));
}
TEST(IpReassembly, Ipv6FragmentsShuffled) {
  expect_message(fragmented_session(true, {1, 2, 0}, false));
}

TEST(IpReassembly, OverlapWithOtherBytesIsNotedAndFirstCopyKept) {
  // The evil copy arrives after the datagram completed: it starts a new, never-completed one.
  const CaptureAnalysis late = fragmented_session(false, {0, 1, 2, 3}, true);
  expect_message(late);
  EXPECT_TRUE(has_note(late.notes, "never completed"));
  // Sent before the last fragment, the evil copy overlaps and loses to the first copy.
  const CaptureAnalysis early = fragmented_session(false, {0, 1, 3, 2}, true);
  expect_message(early, 4);
  EXPECT_TRUE(has_note(early.notes, "overlapping fragments with different bytes"));
}

TEST(IpReassembly, OverlapBeforeCompletionIsNoted) {
  Flow flow(false);
  Feeder feed;
  const Packet segment = flow.tcp(true, 0x18, std::string(40, 'a'));
  Packet copy = flow.fragment(true, segment, 16, 24, true);
  copy.back() ^= 1;
  feed.add(flow.fragment(true, segment, 0, 24, true));
  feed.add(copy);
  feed.add(flow.fragment(true, segment, 24, segment.size() - 24, false));
  const CaptureAnalysis analysis = feed.finish();
  EXPECT_TRUE(has_note(analysis.notes, "overlapping fragments with different bytes"));
  EXPECT_TRUE(has_note(analysis.notes, "reassembled from 3 IP fragments"));
}

TEST(IpReassembly, IncompleteDatagramIsNoted) {
  Flow flow(true);
  Feeder feed;
  const Packet segment = flow.tcp(true, 0x18, std::string(40, 'a'));
  feed.add(flow.fragment(true, segment, 0, 24, true));
  const CaptureAnalysis analysis = feed.finish();
  EXPECT_TRUE(has_note(analysis.notes, "1 IP fragment(s) of a datagram that never completed"));
  EXPECT_TRUE(analysis.sessions.empty());
}

}  // namespace
}  // namespace smtplab::capture
