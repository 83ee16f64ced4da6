// Regression: over-long command and text lines. A huge line is never buffered whole, is
// answered with the right code, and the session continues.
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

TEST_F(ServerFixture, MegabyteCommandLineIs500AndSessionContinues) {
  hello();
  std::string huge = "MAIL FROM:<" + std::string(1 << 20, 'a') + "@b.example>\r\nNOOP\r\n";
  const auto c = codes(send(huge));
  EXPECT_EQ(c, (std::vector<int>{500, 250}));
}

TEST_F(ServerFixture, LineWithoutEndIsNotBufferedForever) {
  hello();
  for (int i = 0; i < 64; ++i) EXPECT_EQ(send(std::string(65536, 'x')), "");
  EXPECT_EQ(codes(send("\r\nNOOP\r\n")), (std::vector<int>{500, 250}));
}

TEST_F(ServerFixture, OverlongDataLineRefusesMessageNotSession) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(codes(send(std::string(100000, 'y') + "\r\n.\r\nNOOP\r\n")),
            (std::vector<int>{554, 250}));
  EXPECT_TRUE(delegate.delivered.empty());
}

}  // namespace
}  // namespace smtplab::protocol::testing
