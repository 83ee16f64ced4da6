// Regression: SMTP smuggling (SEC Consult, December 2023). A lone "." ended by a bare LF or
// bare CR must never end DATA, and a smuggled second message must never be delivered.
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

class Smuggling : public ServerFixture, public ::testing::WithParamInterface<const char*> {};

constexpr const char* kSmuggleSequences[] = {
    "\n.\n",    // LF . LF
    "\r\n.\n",  // CRLF . LF
    "\n.\r\n",  // LF . CRLF
    "\r.\r\n",  // CR . CRLF
    "\r\n.\r",  // CRLF . CR (then the smuggled text)
    "\n.\r",    // LF . CR
};

TEST_P(Smuggling, RejectPolicyReadsToTheRealEndThenRefuses) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  const std::string payload = std::string("Subject: first\r\n\r\nhello") + GetParam() +
                              "MAIL FROM:<admin@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\n"
                              "DATA\r\nSubject: smuggled\r\n\r\nevil\r\n.\r\n";
  const auto c = codes(send(payload));
  ASSERT_EQ(c.size(), 1u) << "the smuggled commands must not be executed: " << last.bytes;
  EXPECT_EQ(c[0], 554);
  EXPECT_TRUE(delegate.delivered.empty());
  EXPECT_EQ(session->state(), SessionState::Ready);
}

TEST_P(Smuggling, NormalizePolicyKeepsOneMessage) {
  config.bare_line_ending = BareLineEndingPolicy::Normalize;
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  const std::string payload = std::string("Subject: first\r\n\r\nhello") + GetParam() +
                              "MAIL FROM:<admin@b.example>\r\n\r\nevil\r\n.\r\n";
  const auto c = codes(send(payload));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0], 250);
  ASSERT_EQ(delegate.delivered.size(), 1u);
  // The smuggled text stays inside the one message, where it is harmless text.
  EXPECT_NE(delegate.delivered[0].content.find("MAIL FROM:<admin@b.example>"), std::string::npos);
  // Every line ending stored is CRLF: a relay cannot see a different end of data.
  const std::string& content = delegate.delivered[0].content;
  for (std::size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '\n') {
      EXPECT_TRUE(i > 0 && content[i - 1] == '\r') << "bare LF at " << i;
    }
    if (content[i] == '\r') {
      EXPECT_TRUE(i + 1 < content.size() && content[i + 1] == '\n') << "bare CR at " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sequences, Smuggling, ::testing::ValuesIn(kSmuggleSequences));

TEST_F(ServerFixture, SmugglingAttemptIsNoted) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  send("x\n.\nMAIL FROM:<e@f>\r\n.\r\n");
  bool noted = false;
  for (const auto& e : events)
    noted |= e.kind == EventKind::Note && e.text.find("smuggling") != std::string::npos;
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace smtplab::protocol::testing
