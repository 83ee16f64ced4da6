// Notices other than bounces, end to end on the lab: the one "delayed" warning after
// QueueSpec.delay_warning (RFC 3464 §2.3.3), the receipt for NOTIFY=SUCCESS (RFC 3461
// §6.2.7.1) whose RCPT parameter the MSA keeps in its queue and passes to the final MX,
// and the "relayed" notice when the next hop does not speak DSN (RFC 3461 §5.2.2).
#include <gtest/gtest.h>

#include "sim/agents/dsn.hpp"
#include "tests/lab/lab_fixture.hpp"

namespace smtplab::lab::testing {
namespace {

TEST(DsnNotice, EachActionHasItsFieldsAndWording) {
  agents::DsnSpec spec;
  spec.reporting_mta = "mx.menara.ma";
  spec.sender = "ali.belabbas@gsimaroc.com";
  spec.date = "Mon, 1 Jan 2024 10:00:00 +0000";
  spec.recipients = {{"benharraf@menara.ma", "", "", ""}};
  spec.original = "Subject: hello\r\n\r\nBody\r\n";
  spec.action = agents::DsnAction::Delivered;
  const std::string receipt = agents::build_dsn(spec);
  EXPECT_NE(receipt.find("Action: delivered\r\nStatus: 2.0.0\r\n"), std::string::npos) << receipt;
  EXPECT_EQ(receipt.find("Diagnostic-Code"), std::string::npos);
  EXPECT_NE(receipt.find("Subject: Remis / Delivery receipt"), std::string::npos);

  spec.action = agents::DsnAction::Delayed;
  spec.recipients = {{"benharraf@menara.ma", "4.4.1", "connection refused", ""}};
  spec.retry_until = "Sat, 6 Jan 2024 10:00:00 +0000";
  const std::string warning = agents::build_dsn(spec);
  EXPECT_NE(warning.find("Action: delayed\r\nStatus: 4.4.1\r\n"), std::string::npos) << warning;
  EXPECT_NE(warning.find("Will-Retry-Until: Sat, 6 Jan 2024"), std::string::npos);

  spec.action = agents::DsnAction::Relayed;
  spec.recipients = {{"benharraf@menara.ma", "", "", "mx.menara.ma"}};
  EXPECT_NE(agents::build_dsn(spec).find("Action: relayed\r\nStatus: 2.0.0\r\n"),
            std::string::npos);

  spec.action = agents::DsnAction::Failed;
  EXPECT_NE(agents::build_dsn(spec).find("Action: failed\r\n"), std::string::npos);
  EXPECT_EQ(agents::build_dsn(spec).find("Will-Retry-Until"), std::string::npos);
}

TEST_F(LabTest, OneDelayWarningThenDeliveryAfterTheFaultClears) {
  topology.queue.delay_warning = 600;
  start();
  lab->inject(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  submit({"benharraf@menara.ma"}, "late");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  EXPECT_TRUE(mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com").empty());  // not yet
  lab->clock().advance(700);  // past delay_warning: the next failed try warns
  ASSERT_TRUE(wait_for(TimelineKind::Bounced, "delayed notice"));
  lab->clock().advance(700);  // another failed try: no second warning
  ASSERT_TRUE(wait_for(TimelineKind::Bounced, "delayed notice"));
  lab->clear(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  lab->clock().advance(3600);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
  const auto notices = mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com");
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("Action: delayed"), std::string::npos) << notices[0];
  EXPECT_NE(notices[0].find("Final-Recipient: rfc822; benharraf@menara.ma"), std::string::npos);
  EXPECT_NE(notices[0].find("Will-Retry-Until: "), std::string::npos);
  EXPECT_EQ(events(TimelineKind::Bounced).size(), 1u);
}

TEST_F(LabTest, NotifySuccessBringsAReceiptFromTheFinalMx) {
  start();
  const auto results = lab->submit("mua.ali", {"ali.belabbas@gsimaroc.com",
                                               {"benharraf@menara.ma"},
                                               message("receipt"),
                                               {"NOTIFY=SUCCESS"}});
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(wait_for(TimelineKind::Bounced, "delivered notice"));
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  // The MSA passed the parameter on: the final MX saw it on RCPT.
  bool seen = false;
  for (const auto& e : events(TimelineKind::Command)) {
    if (e.node == "mx.menara.ma" && e.text.find("NOTIFY=SUCCESS") != std::string::npos) seen = true;
  }
  EXPECT_TRUE(seen);
  const auto receipts = mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com");
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_NE(receipts[0].find("Action: delivered"), std::string::npos) << receipts[0];
  EXPECT_NE(receipts[0].find("Reporting-MTA: dns; mx.menara.ma"), std::string::npos);
}

TEST_F(LabTest, AHopWithoutDsnGetsNoParametersAndTheSenderARelayedNotice) {
  node("mx.menara.ma").extensions = {"PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES"};  // no DSN
  start();
  lab->submit("mua.ali", {"ali.belabbas@gsimaroc.com",
                          {"benharraf@menara.ma"},
                          message("relayed"),
                          {"NOTIFY=SUCCESS"}});
  ASSERT_TRUE(wait_for(TimelineKind::Bounced, "relayed notice"));
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
  for (const auto& e : events(TimelineKind::Command)) {
    if (e.node == "mx.menara.ma") {
      EXPECT_EQ(e.text.find("NOTIFY="), std::string::npos) << e.text;  // RFC 3461 §5.2.2
    }
  }
  const auto notices = mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com");
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("Action: relayed"), std::string::npos) << notices[0];
  EXPECT_NE(notices[0].find("Remote-MTA: dns; mx.menara.ma"), std::string::npos);
}

TEST_F(LabTest, NoReceiptWithoutNotifySuccess) {
  start();
  submit({"benharraf@menara.ma"}, "no-receipt");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
  EXPECT_TRUE(mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com").empty());
}

}  // namespace
}  // namespace smtplab::lab::testing
