// Regression: STARTTLS command injection (CVE-2011-0411 and its 2021 variants). Commands
// pipelined in cleartext after STARTTLS must be discarded, never run inside TLS.
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

class StarttlsInjection : public ServerFixture {
 protected:
  void SetUp() override { config.starttls = true; }
};

TEST_F(StarttlsInjection, PipelinedCommandsAfterStarttlsAreDiscarded) {
  hello();
  const std::string injected = "MAIL FROM:<evil@x.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\n";
  const std::string out = send("STARTTLS\r\n" + injected);
  EXPECT_EQ(out, "220 2.0.0 Ready to start TLS\r\n");
  EXPECT_TRUE(last.start_tls);
  bool discarded = false;
  for (const auto& e : events)
    discarded |= e.kind == EventKind::Discarded && e.length == injected.size();
  EXPECT_TRUE(discarded);
  session->tls_established();
  // Inside TLS the session starts over: MAIL before EHLO is refused, so nothing injected ran.
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example>\r\n"), 503);
  EXPECT_TRUE(session->envelope().reverse_path.mailbox.local_part.empty());
  EXPECT_EQ(code_of("EHLO c\r\n"), 250);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example>\r\n"), 250);
}

TEST_F(StarttlsInjection, BytesDuringHandshakeAreNotSmtp) {
  hello();
  send("STARTTLS\r\n");
  EXPECT_EQ(send("QUIT\r\n"), "");
  EXPECT_FALSE(session->closed());
}

TEST_F(StarttlsInjection, StarttlsRules) {
  start();
  EXPECT_EQ(code_of("STARTTLS\r\n"), 503);  // EHLO first
  send("EHLO c\r\n");
  EXPECT_EQ(code_of("STARTTLS now\r\n"), 501);
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("STARTTLS\r\n"), 503);  // not inside a transaction
  start(/*tls=*/true);
  send("EHLO c\r\n");
  EXPECT_EQ(send("STARTTLS\r\n"), "503 5.5.1 TLS already active\r\n");
  config.starttls = false;
  hello();
  EXPECT_EQ(code_of("STARTTLS\r\n"), 502);
}

TEST_F(StarttlsInjection, TlsResetForgetsAuthAndHelo) {
  config.auth = true;
  config.auth_over_cleartext = true;
  hello();
  send("AUTH PLAIN AGFsaQBzZXNhbWU=\r\n");
  ASSERT_EQ(session->envelope().auth_user, "ali");
  send("STARTTLS\r\n");
  session->tls_established();
  EXPECT_TRUE(session->envelope().auth_user.empty());
  EXPECT_TRUE(session->envelope().helo.empty());
  EXPECT_EQ(session->state(), SessionState::Greeted);
  // The EHLO after TLS no longer offers STARTTLS.
  EXPECT_EQ(send("EHLO c\r\n").find("STARTTLS"), std::string::npos);
}

}  // namespace
}  // namespace smtplab::protocol::testing
