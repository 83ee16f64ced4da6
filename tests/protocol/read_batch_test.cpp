// The read number on client events: commands that arrive in one transport read (a
// pipelined batch, RFC 2920 §3.1) share it; commands sent one by one do not. Scenario
// checks tell "MAIL, RCPT and DATA in one segment" from it.
#include <gtest/gtest.h>

#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

using ReadBatch = ServerFixture;

/// Read numbers of the Command events, in order.
std::vector<std::uint64_t> command_reads(const std::vector<ProtocolEvent>& events) {
  std::vector<std::uint64_t> out;
  for (const auto& e : events) {
    if (e.kind == EventKind::Command) out.push_back(e.read_batch);
  }
  return out;
}

TEST_F(ReadBatch, APipelinedBatchSharesOneRead) {
  hello();
  events.clear();
  send("MAIL FROM:<benharraf@gsimaroc.com>\r\nRCPT TO:<ali.belabbas@gsimaroc.com>\r\nDATA\r\n");
  const auto reads = command_reads(events);
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_NE(reads[0], 0u);
  EXPECT_EQ(reads[0], reads[1]);
  EXPECT_EQ(reads[1], reads[2]);
}

TEST_F(ReadBatch, CommandsSentOneByOneHaveTheirOwnRead) {
  hello();
  events.clear();
  send("MAIL FROM:<benharraf@gsimaroc.com>\r\n");
  send("RCPT TO:<ali.belabbas@gsimaroc.com>\r\n");
  const auto reads = command_reads(events);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_LT(reads[0], reads[1]);
}

TEST_F(ReadBatch, ALineSplitAcrossReadsBelongsToTheReadThatEndsIt) {
  hello();
  events.clear();
  send("MAIL FROM:<benharraf@");
  send("gsimaroc.com>\r\nRCPT TO:<ali.belabbas@gsimaroc.com>\r\n");
  const auto reads = command_reads(events);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0], reads[1]);
}

TEST_F(ReadBatch, ServerRepliesCarryNoReadNumber) {
  hello();
  for (const auto& e : events) {
    if (e.kind == EventKind::Reply) {
      EXPECT_EQ(e.read_batch, 0u);
    }
  }
}

}  // namespace
}  // namespace smtplab::protocol::testing
