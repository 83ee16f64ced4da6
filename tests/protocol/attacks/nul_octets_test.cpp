// Regression: NUL octets, in commands (truncation tricks in C servers) and in DATA.
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

TEST_F(ServerFixture, NulInCommandIsRefused) {
  hello();
  EXPECT_EQ(code_of(std::string("MAIL FROM:<a@b.example>\0evil\r\n", 30)), 500);
  EXPECT_EQ(session->state(), SessionState::Ready);
}

TEST_F(ServerFixture, NulInDataFollowsPolicy) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of(std::string("a\0b\r\n.\r\n", 8)), 554);
  config.reject_nul = false;
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of(std::string("a\0b\r\n.\r\n", 8)), 250);
  EXPECT_EQ(delegate.delivered.at(0).content, std::string("a\0b\r\n", 5));
}

}  // namespace
}  // namespace smtplab::protocol::testing
