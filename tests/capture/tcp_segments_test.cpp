// The segment log (`smtplab analyze --frames`, chapter 13's grading) against tshark, segment by
// segment, on the lab's own captures: the same frames per connection, the same flags, Seq
// and Ack relative to each side's initial number, the same lengths; and the opening
// (SYN, SYN-ACK, ACK) and first FIN it picks are those tshark shows. Skipped without tshark.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "capture/tcp_layer.hpp"
#include "capture/tcp_segments.hpp"

namespace smtplab::capture {
namespace {

/// One frame as tshark decodes it.
struct SharkRow {
  std::uint64_t frame = 0;
  int stream = 0;
  std::uint16_t flags = 0;
  std::uint32_t seq = 0, ack = 0, length = 0;
  std::string source;
};

std::vector<SharkRow> tshark_rows(const std::string& file) {
  std::vector<SharkRow> rows;
  const std::string command = "tshark -r '" + file +
                              "' -T fields -e frame.number -e tcp.stream -e tcp.flags -e tcp.seq "
                              "-e tcp.ack -e tcp.len -e ip.src 2>/dev/null";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return rows;
  char line[512];
  while (std::fgets(line, sizeof line, pipe)) {
    std::istringstream in(line);
    SharkRow row;
    std::string flags;
    if (in >> row.frame >> row.stream >> flags >> row.seq >> row.ack >> row.length >> row.source) {
      row.flags = static_cast<std::uint16_t>(std::stoul(flags, nullptr, 16));
      rows.push_back(row);
    }
  }
  pclose(pipe);
  return rows;
}

bool have_tshark() {
  return std::system("tshark -v >/dev/null 2>&1") == 0;
}

class SegmentsVsTshark : public ::testing::TestWithParam<std::string> {};

TEST_P(SegmentsVsTshark, SameSegmentsOpeningAndFirstFin) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  const std::string file = GetParam();
  std::string error;
  const auto log = read_segment_log(file, error);
  ASSERT_TRUE(log) << error;
  const auto shark = tshark_rows(file);
  ASSERT_FALSE(shark.empty()) << "tshark read nothing from " << file;
  // tshark numbers connections in order of appearance, as the log keeps them.
  std::map<int, std::vector<SharkRow>> streams;
  for (const auto& row : shark) streams[row.stream].push_back(row);
  ASSERT_EQ(log->conversations().size(), streams.size());
  std::size_t index = 0;
  for (const auto& [stream, rows] : streams) {
    const TcpConversation& c = log->conversations()[index++];
    ASSERT_EQ(c.segments.size(), rows.size()) << "stream " << stream;
    std::uint64_t syn = 0, syn_ack = 0, ack = 0, fin = 0;
    std::string fin_from;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const SegmentRow& mine = c.segments[i];
      const SharkRow& theirs = rows[i];
      SCOPED_TRACE("frame " + std::to_string(theirs.frame));
      EXPECT_EQ(mine.frame, theirs.frame);
      EXPECT_EQ(mine.flags, theirs.flags);
      EXPECT_EQ(c.relative_seq(mine), theirs.seq);
      if (mine.flags & tcp_flag::kAck) {
        EXPECT_EQ(c.relative_ack(mine), theirs.ack);
      }
      EXPECT_EQ(mine.length, theirs.length);
      const bool is_syn = theirs.flags & tcp_flag::kSyn, is_ack = theirs.flags & tcp_flag::kAck;
      if (is_syn && !is_ack && !syn) syn = theirs.frame;
      if (is_syn && is_ack && syn && !syn_ack) syn_ack = theirs.frame;
      if (!is_syn && is_ack && syn_ack && !ack && mine.from_client) ack = theirs.frame;
      if ((theirs.flags & tcp_flag::kFin) && !fin) {
        fin = theirs.frame;
        fin_from = theirs.source;
      }
    }
    EXPECT_EQ(c.syn, syn);
    EXPECT_EQ(c.syn_ack, syn_ack);
    EXPECT_EQ(c.handshake_ack, ack);
    EXPECT_EQ(c.first_fin, fin);
    if (fin) {
      EXPECT_EQ(to_string(c.first_fin_from.address), fin_from);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(LabCaptures, SegmentsVsTshark,
                         ::testing::Values(SMTPLAB_LAB_CAPTURES_DIR "/lab-envelope.pcap",
                                           SMTPLAB_LAB_CAPTURES_DIR "/lab-default.pcap",
                                           SMTPLAB_SCENARIOS_DIR "/captures/13-wild.pcapng"),
                         [](const ::testing::TestParamInfo<std::string>& file) {
                           return std::to_string(file.index);
                         });

TEST(PayloadLine, FirstLineTextOrBinary) {
  const auto bytes = [](const std::string& s) {
    return std::vector<std::uint8_t>(s.begin(), s.end());
  };
  EXPECT_EQ(payload_line(bytes("QUIT\r\n")), "QUIT");
  EXPECT_EQ(payload_line(bytes("250-a\r\n250 b\r\n")), "250-a...");
  EXPECT_EQ(payload_line(bytes("MAIL FROM:<a@b>")), "MAIL FROM:<a@b>");
  EXPECT_EQ(payload_line(bytes("abcdef\r\n"), 3), "abc...");
  const std::vector<std::uint8_t> tls{0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00};
  EXPECT_EQ(payload_line(tls), "(10 octets of binary data)");
}

}  // namespace
}  // namespace smtplab::capture
