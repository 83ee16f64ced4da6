// AUTH PLAIN and LOGIN (RFC 4954): initial responses, 334 exchanges, cancellation, bad
// encodings, cleartext policy and AUTH-required submission.
#include "sim/protocol/sasl.hpp"
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

class Auth : public ServerFixture {
 protected:
  void SetUp() override {
    config.auth = true;
    config.auth_over_cleartext = true;
  }
};

TEST_F(Auth, PlainWithInitialResponse) {
  hello();
  EXPECT_EQ(send("AUTH PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n"),
            "235 2.7.0 Authentication succeeded\r\n");
  EXPECT_EQ(session->envelope().auth_user, "ali");
  EXPECT_EQ(code_of("AUTH PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n"), 503);
}

TEST_F(Auth, PlainWithEmptyChallenge) {
  hello();
  EXPECT_EQ(send("AUTH PLAIN\r\n"), "334 \r\n");
  EXPECT_EQ(session->state(), SessionState::Authenticating);
  EXPECT_EQ(code_of(encode_sasl_plain("ali", "wrong") + "\r\n"), 535);
  EXPECT_EQ(session->state(), SessionState::Ready);
}

TEST_F(Auth, LoginExchange) {
  hello();
  EXPECT_EQ(send("AUTH LOGIN\r\n"), "334 VXNlcm5hbWU6\r\n");
  EXPECT_EQ(send(encode_sasl_text("ali") + "\r\n"), "334 UGFzc3dvcmQ6\r\n");
  EXPECT_EQ(code_of(encode_sasl_text("sesame") + "\r\n"), 235);
}

TEST_F(Auth, LoginWithInitialUsername) {
  hello();
  EXPECT_EQ(send("AUTH LOGIN " + encode_sasl_text("ali") + "\r\n"), "334 UGFzc3dvcmQ6\r\n");
  EXPECT_EQ(code_of(encode_sasl_text("sesame") + "\r\n"), 235);
}

TEST_F(Auth, StarCancelsWith501) {
  hello();
  send("AUTH LOGIN\r\n");
  EXPECT_EQ(send("*\r\n"), "501 5.7.0 Authentication cancelled\r\n");
  EXPECT_EQ(session->state(), SessionState::Ready);
  EXPECT_EQ(code_of("NOOP\r\n"), 250);
}

TEST_F(Auth, BadBase64Is501) {
  hello();
  EXPECT_EQ(code_of("AUTH PLAIN !!!notbase64\r\n"), 501);
  send("AUTH LOGIN\r\n");
  EXPECT_EQ(code_of("%%%\r\n"), 501);
}

TEST_F(Auth, UnknownMechanismIs504) {
  hello();
  EXPECT_EQ(send("AUTH CRAM-MD5\r\n"), "504 5.5.4 AUTH CRAM-MD5: not implemented\r\n");
}

TEST_F(Auth, NotOfferedInCleartextByDefault) {
  config.auth_over_cleartext = false;
  hello();
  EXPECT_EQ(code_of("AUTH PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n"), 538);
  start(/*tls=*/true);
  const std::string ehlo = send("EHLO c\r\n");
  EXPECT_NE(ehlo.find("AUTH PLAIN LOGIN"), std::string::npos);
  EXPECT_EQ(code_of("AUTH PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n"), 235);
}

TEST_F(Auth, RequiredForSubmission) {
  config.auth_required = true;
  hello();
  EXPECT_EQ(send("MAIL FROM:<a@b.example>\r\n"), "530 5.7.0 Authentication required\r\n");
  send("AUTH PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n");
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example>\r\n"), 250);
  EXPECT_EQ(code_of("AUTH LOGIN\r\n"), 503);  // already authenticated
}

TEST_F(Auth, NotInsideATransaction) {
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("AUTH LOGIN\r\n"), 503);
}

TEST_F(Auth, SecretsMaskedInEventsUnlessRevealed) {
  hello();
  const std::string line = "AUTH PLAIN " + encode_sasl_plain("ali", "sesame");
  send(line + "\r\n");
  bool masked = false;
  for (const auto& e : events) {
    if (e.kind == EventKind::Command && e.verb == Verb::Auth) masked = e.text == "AUTH PLAIN ****";
  }
  EXPECT_TRUE(masked);
  config.reveal_secrets = true;
  events.clear();
  hello();
  send(line + "\r\n");
  bool revealed = false;
  for (const auto& e : events) {
    if (e.kind == EventKind::Command && e.verb == Verb::Auth) revealed = e.text == line;
  }
  EXPECT_TRUE(revealed);
}

TEST_F(Auth, ReceivedWithProtocolReflectsTlsAndAuth) {
  hello();
  EXPECT_EQ(session->envelope().with_protocol(), "ESMTP");
  send("AUTH PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n");
  EXPECT_EQ(session->envelope().with_protocol(), "ESMTPA");
  start(true);
  send("HELO c\r\n");
  EXPECT_EQ(session->envelope().with_protocol(), "SMTP");
}

}  // namespace
}  // namespace smtplab::protocol::testing
