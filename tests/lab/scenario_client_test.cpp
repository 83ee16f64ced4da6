// The raw scenario client against a running lab: STARTTLS on the submission port (RFC
// 3207) and implicit TLS on smtps (RFC 8314), as chapter 11's solutions use them.
#include "sim/lab/scenario_client.hpp"

#include <gtest/gtest.h>

#include "tests/lab/lab_fixture.hpp"

namespace smtplab::lab::testing {
namespace {

TEST_F(LabTest, RawClientStartsTlsThenSpeaksInsideIt) {
  start();
  RawSmtpClient c(node("msa.gsimaroc.com").address, lab->port("msa.gsimaroc.com", "submission"), "",
                  std::chrono::seconds(10));
  ASSERT_EQ(c.read_reply()->code, 220);
  c.write("EHLO pc.example\r\n");
  const auto before = c.read_reply();
  ASSERT_TRUE(before);
  EXPECT_NE(before->text.find("STARTTLS"), std::string::npos);
  c.write("STARTTLS\r\n");
  ASSERT_EQ(c.read_reply()->code, 220);
  c.start_tls();
  EXPECT_TRUE(c.secure());
  c.write("EHLO pc.example\r\n");
  const auto after = c.read_reply();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->code, 250);
  EXPECT_EQ(after->text.find("STARTTLS"), std::string::npos);  // RFC 3207 §4.2: not offered twice
  c.write("QUIT\r\n");
  EXPECT_EQ(c.read_reply()->code, 221);
  EXPECT_FALSE(events(TimelineKind::TlsStarted).empty());
}

TEST_F(LabTest, RawClientSpeaksImplicitTlsOnSmtps) {
  start();
  RawSmtpClient c(node("msa.gsimaroc.com").address, lab->port("msa.gsimaroc.com", "smtps"), "",
                  std::chrono::seconds(10));
  c.start_tls();  // before the greeting
  const auto banner = c.read_reply();
  ASSERT_TRUE(banner);
  EXPECT_EQ(banner->code, 220);
  c.write("QUIT\r\n");
  EXPECT_EQ(c.read_reply()->code, 221);
}

}  // namespace
}  // namespace smtplab::lab::testing
