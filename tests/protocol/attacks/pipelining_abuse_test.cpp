// Regression: pipelining abuse. Replies to a batch come out in order, commands sent ahead
// without PIPELINING are noted, DATA content pipelined after DATA is data (not commands),
// and an error flood ends with 421.
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

TEST_F(ServerFixture, BatchRepliesInOrder) {
  hello();
  const auto c =
      codes(send("MAIL FROM:<a@b.example>\r\nRCPT TO:<nobody@gsimaroc.com>\r\n"
                 "RCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n"));
  EXPECT_EQ(c, (std::vector<int>{250, 550, 250, 354}));
}

TEST_F(ServerFixture, PipeliningBeforeEhloIsNoted) {
  start();
  const auto c =
      codes(send("HELO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\n"));
  EXPECT_EQ(c, (std::vector<int>{250, 250, 250}));
  bool noted = false;
  for (const auto& e : events)
    noted |= e.kind == EventKind::Note && e.text.find("without PIPELINING") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST_F(ServerFixture, CommandsAfterDataInTheSameSegmentAreMessageText) {
  hello();
  const auto c =
      codes(send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n"
                 "QUIT\r\n.\r\n"));
  EXPECT_EQ(c, (std::vector<int>{250, 250, 354, 250}));
  EXPECT_FALSE(session->closed());
  EXPECT_EQ(delegate.delivered.at(0).content, "QUIT\r\n");
}

TEST_F(ServerFixture, ErrorFloodEndsWith421) {
  start();
  std::string flood;
  for (int i = 0; i < 1000; ++i) flood += "RCPT TO:<x@y.example>\r\n";
  const auto c = codes(send(flood));
  ASSERT_EQ(c.size(), config.max_errors + 1);
  EXPECT_EQ(c.back(), 421);
  EXPECT_TRUE(session->closed());
}

}  // namespace
}  // namespace smtplab::protocol::testing
