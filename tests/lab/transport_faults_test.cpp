// Faults on the way between nodes: strip_starttls (a man in the middle removes STARTTLS
// from the EHLO reply, RFC 3207 §6) and drop_data (the link breaks before the reply to the
// final dot, so the sending queue keeps the message and tries again, RFC 5321 §6.1).
#include <gtest/gtest.h>

#include "sim/lab/scenario_client.hpp"
#include "tests/lab/lab_fixture.hpp"

namespace smtplab::lab::testing {
namespace {

/// The EHLO reply of a node's listener, read with the raw client.
std::string ehlo_reply(const std::string& address, std::uint16_t port) {
  RawSmtpClient c(address, port, "", std::chrono::seconds(10));
  c.read_reply();
  c.write("EHLO pc.example\r\n");
  const auto reply = c.read_reply();
  c.write("QUIT\r\n");
  c.read_reply();
  return reply ? reply->text : "";
}

TEST_F(LabTest, StripStartTlsHidesItUntilCleared) {
  start();
  const std::string address = node("msa.gsimaroc.com").address;
  const std::uint16_t port = lab->port("msa.gsimaroc.com", "submission");
  EXPECT_NE(ehlo_reply(address, port).find("STARTTLS"), std::string::npos);
  Fault strip;
  strip.kind = Fault::Kind::StripStartTls;
  strip.node = "msa.gsimaroc.com";
  lab->inject(strip);
  EXPECT_EQ(lab->port("msa.gsimaroc.com", "submission"), port);  // same listener, same port
  EXPECT_EQ(ehlo_reply(address, port).find("STARTTLS"), std::string::npos);
  lab->clear(strip);
  EXPECT_NE(ehlo_reply(address, port).find("STARTTLS"), std::string::npos);
}

TEST_F(LabTest, DropDataMakesTheQueueTryAgain) {
  start();
  Fault drop;
  drop.kind = Fault::Kind::DropData;
  drop.node = "mx.menara.ma";
  drop.after_bytes = 10;
  lab->inject(drop);
  submit({"benharraf@menara.ma"}, "dropped");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  EXPECT_TRUE(mailbox("mx.menara.ma", "benharraf@menara.ma").empty());
  lab->clear(drop);
  lab->clock().advance(120);  // past the first retry delay
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);  // once, not twice
}

TEST_F(LabTest, DropDataLetsShortMessagesThrough) {
  start();
  Fault drop;
  drop.kind = Fault::Kind::DropData;
  drop.node = "mx.menara.ma";
  drop.after_bytes = 100000;
  lab->inject(drop);
  submit({"benharraf@menara.ma"}, "short");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
}

}  // namespace
}  // namespace smtplab::lab::testing
