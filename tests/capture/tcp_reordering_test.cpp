// Issue 14 item 6: an ACK captured before the data segment it acknowledges (the two
// directions of loopback or a mirror port are not always captured in order) is
// reordering, not loss: the late bytes are read where they belong, no gap is declared, and
// the commands after them stay commands. Bytes acknowledged but never captured are still a
// gap once a few more segments have passed.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "capture/capture_analyzer.hpp"

namespace smtplab::capture {
namespace {

using Packet = std::vector<std::uint8_t>;
constexpr std::uint8_t kSyn = 0x02, kAck = 0x10, kPsh = 0x08, kFin = 0x01;

void put16(Packet& p, std::size_t at, std::uint32_t v) {
  p[at] = static_cast<std::uint8_t>(v >> 8);
  p[at + 1] = static_cast<std::uint8_t>(v);
}

// IPv4 packets (DLT_RAW) of one connection 10.0.0.1:40000 -> 10.0.0.2:25, each segment
// acknowledging everything the other side sent before it.
class Connection {
 public:
  Packet segment(bool from_client, std::uint8_t flags, const std::string& payload) {
    Packet p(40 + payload.size(), 0);
    p[0] = 0x45;
    put16(p, 2, static_cast<std::uint32_t>(p.size()));
    p[8] = 64;
    p[9] = 6;
    p[12] = 10, p[15] = from_client ? 1 : 2;
    p[16] = 10, p[19] = from_client ? 2 : 1;
    put16(p, 20, from_client ? 40000 : 25);
    put16(p, 22, from_client ? 25 : 40000);
    std::uint32_t& seq = seq_[from_client ? 0 : 1];
    put16(p, 24, seq >> 16);
    put16(p, 26, seq & 0xffff);
    const std::uint32_t ack = seq_[from_client ? 1 : 0];
    put16(p, 28, ack >> 16);
    put16(p, 30, ack & 0xffff);
    p[32] = 5 << 4;
    p[33] = flags;
    put16(p, 34, 65535);
    std::copy(payload.begin(), payload.end(), p.begin() + 40);
    seq += static_cast<std::uint32_t>(payload.size()) + ((flags & (kSyn | kFin)) ? 1 : 0);
    return p;
  }

 private:
  std::uint32_t seq_[2] = {1000, 5000};
};

CaptureAnalysis analyse(const std::vector<Packet>& packets) {
  CaptureAnalyzer analyzer;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    Frame frame;
    frame.number = i + 1;
    frame.link_type = DLT_RAW;
    frame.original_length = static_cast<std::uint32_t>(packets[i].size());
    frame.data = std::span<const std::uint8_t>(packets[i].data(), packets[i].size());
    analyzer.add(frame);
  }
  return analyzer.finish("reordered", DLT_RAW);
}

bool has_gap_note(const SmtpSession& session) {
  return std::any_of(session.notes.begin(), session.notes.end(), [](const Note& n) {
    return n.id == NoteId::ClientStreamGap || n.id == NoteId::ServerStreamGap;
  });
}

// A session whose message goes in two segments; `second` is the index of the second one.
std::vector<Packet> session(std::size_t& second, bool drop_second) {
  Connection c;
  std::vector<Packet> p;
  p.push_back(c.segment(true, kSyn, ""));
  p.push_back(c.segment(false, kSyn | kAck, ""));
  p.push_back(c.segment(true, kAck, ""));
  p.push_back(c.segment(false, kPsh | kAck, "220 mx ESMTP\r\n"));
  for (const auto& [client, server] :
       std::vector<std::pair<std::string, std::string>>{{"EHLO me\r\n", "250 mx\r\n"},
                                                        {"MAIL FROM:<a@x>\r\n", "250 ok\r\n"},
                                                        {"RCPT TO:<b@y>\r\n", "250 ok\r\n"},
                                                        {"DATA\r\n", "354 go\r\n"}}) {
    p.push_back(c.segment(true, kPsh | kAck, client));
    p.push_back(c.segment(false, kPsh | kAck, server));
  }
  p.push_back(c.segment(true, kPsh | kAck, "Subject: late\r\n\r\nfirst half\r\n"));
  second = p.size();
  p.push_back(c.segment(true, kPsh | kAck, "second half\r\n.\r\n"));
  p.push_back(c.segment(false, kPsh | kAck, "250 queued\r\n"));
  p.push_back(c.segment(true, kPsh | kAck, "QUIT\r\n"));
  p.push_back(c.segment(false, kPsh | kAck, "221 bye\r\n"));
  p.push_back(c.segment(false, kFin | kAck, ""));
  p.push_back(c.segment(true, kFin | kAck, ""));
  p.push_back(c.segment(false, kAck, ""));
  if (drop_second) p.erase(p.begin() + static_cast<std::ptrdiff_t>(second));
  return p;
}

TEST(TcpReordering, AReplyCapturedBeforeTheDataItAcknowledgesIsReordering) {
  std::size_t second = 0;
  auto packets = session(second, false);
  // The server's 250 (acknowledging the end of the message) is captured first.
  std::swap(packets[second], packets[second + 1]);
  const CaptureAnalysis analysis = analyse(packets);
  ASSERT_EQ(analysis.sessions.size(), 1u);
  const SmtpSession& s = analysis.sessions[0];
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].content, "Subject: late\r\n\r\nfirst half\r\nsecond half\r\n");
  EXPECT_TRUE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].final_code, 250);
  EXPECT_FALSE(has_gap_note(s));
  const bool quit_is_a_command =
      std::any_of(s.dialogue.begin(), s.dialogue.end(), [](const DialogueEntry& e) {
        return e.kind == DialogueEntry::Kind::Command && e.verb == "QUIT";
      });
  EXPECT_TRUE(quit_is_a_command);
}

TEST(TcpReordering, BytesAcknowledgedButNeverCapturedAreStillAGap) {
  std::size_t second = 0;
  const CaptureAnalysis analysis = analyse(session(second, true));
  ASSERT_EQ(analysis.sessions.size(), 1u);
  const SmtpSession& s = analysis.sessions[0];
  EXPECT_TRUE(has_gap_note(s));
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_FALSE(s.messages[0].complete);
}

}  // namespace
}  // namespace smtplab::capture
