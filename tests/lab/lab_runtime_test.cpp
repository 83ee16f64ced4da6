// End to end over real loopback sockets: the default chain MUA -> MSA -> relay -> MX/MDA,
// and each of the course's situations (aliases, lists, rewriting, unknown users under both
// policies, relay denied, MX fallback, 4xx then retry, expiry and DSN, full mailbox).
#include "tests/lab/lab_fixture.hpp"

#include "sim/message/header.hpp"
#include "sim/message/trace.hpp"
#include "sim/net/smtp_client.hpp"

namespace smtplab::lab::testing {
namespace {

using Outcome = protocol::RecipientResult::Outcome;

TEST_F(LabTest, MessageCrossesEveryHopWithReceivedChain) {
  start();
  const auto results = submit({"benharraf@menara.ma"}, "hop");
  ASSERT_EQ(results.at(0).recipients.at(0).outcome, Outcome::Delivered);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto box = mailbox("mx.menara.ma", "benharraf@menara.ma");
  ASSERT_EQ(box.size(), 1u);
  const auto header = message::parse_header_block(box[0]);
  const auto received = header.headers.find_all("Received");
  ASSERT_EQ(received.size(), 3u);
  // Newest first: MX got it from the relay, the relay from the MSA, the MSA from the MUA.
  EXPECT_EQ(message::parse_received(received[0]->value).by, "mx.menara.ma");
  EXPECT_EQ(message::parse_received(received[0]->value).from_ip, "127.0.1.30");
  EXPECT_EQ(message::parse_received(received[1]->value).by, "relay.gsimaroc.com");
  EXPECT_EQ(message::parse_received(received[2]->value).from_ip, "127.0.1.10");
  EXPECT_EQ(message::parse_received(received[2]->value).with, "ESMTPSA");  // TLS + AUTH
  EXPECT_EQ(header.headers.get("Return-Path").value_or(""), "<ali.belabbas@gsimaroc.com>");
  // Each hop was a real session from the node's own address.
  std::set<std::string> hops;
  for (auto& e : events(TimelineKind::SessionOpened)) hops.insert(e.peer + "->" + e.node);
  EXPECT_TRUE(hops.count("mua.ali->msa.gsimaroc.com"));
  EXPECT_TRUE(hops.count("msa.gsimaroc.com->relay.gsimaroc.com"));
  EXPECT_TRUE(hops.count("relay.gsimaroc.com->mx.menara.ma"));
  // The relay found the MX through the simulated DNS.
  bool mx_query = false;
  for (auto& e : events(TimelineKind::DnsQuery)) {
    const auto* query = e.details<DnsQueryPayload>();
    mx_query |= query && query->type == "MX" && query->name == "menara.ma";
  }
  EXPECT_TRUE(mx_query);
}

TEST_F(LabTest, AliasAndListExpandAtTheDestination) {
  start();
  submit({"dupont@menara.ma", "profs@menara.ma"}, "lists");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "Henri.Dupont@menara.ma").size(), 2u);  // alias + list
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);     // list
  bool alias = false;
  for (auto& e : events(TimelineKind::Rewrite))
    alias |= e.details<RewritePayload>() && e.details<RewritePayload>()->rule == "alias";
  EXPECT_TRUE(alias);
}

TEST_F(LabTest, UnknownUserRejectedAtRcptBouncesToTheSender) {
  start();
  const auto results = submit({"nobody@menara.ma"}, "unknown");
  // The MSA accepted it: 250 at submission proves nothing about delivery.
  EXPECT_EQ(results.at(0).recipients.at(0).outcome, Outcome::Delivered);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto dsn = mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com");
  ASSERT_EQ(dsn.size(), 1u);
  EXPECT_NE(dsn[0].find("Return-Path: <>"), std::string::npos);  // null sender: never bounced again
  EXPECT_NE(dsn[0].find("multipart/report; report-type=delivery-status"), std::string::npos);
  EXPECT_NE(dsn[0].find("Final-Recipient: rfc822; nobody@menara.ma"), std::string::npos);
  EXPECT_NE(dsn[0].find("Status: 5.1.1"), std::string::npos);
  EXPECT_NE(dsn[0].find("Subject: unknown"), std::string::npos);  // original headers returned
}

TEST_F(LabTest, UnknownUserAcceptedThenBouncedWhenConfigured) {
  node("mx.menara.ma").reject_unknown_at_rcpt = false;
  start();
  submit({"nobody@menara.ma"}, "accept-then-bounce");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  // The relay got 250 from the MX; the MX itself made the bounce.
  bool relayed = false;
  for (auto& e : events(TimelineKind::Relayed)) {
    const auto* relay = e.details<RelayedPayload>();
    relayed |= e.node == "relay.gsimaroc.com" && relay && relay->rcpt == "nobody@menara.ma";
  }
  EXPECT_TRUE(relayed);
  bool bounced_by_mx = false;
  for (auto& e : events(TimelineKind::Bounced)) bounced_by_mx |= e.node == "mx.menara.ma";
  EXPECT_TRUE(bounced_by_mx);
  EXPECT_EQ(mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com").size(), 1u);
}

TEST_F(LabTest, RelayDeniedForAnOutsider) {
  start();
  net::ClientTarget target;
  target.address = "127.0.2.20";  // the MX of menara.ma
  target.port = lab->port("mx.menara.ma", "smtp");
  target.source_address = "127.0.3.99";
  const auto results = net::send_messages(
      target, {}, {{"spam@pirate.example", {"victim@elsewhere.example"}, message("spam"), {}}});
  const auto& r = results.at(0).recipients.at(0);
  EXPECT_EQ(r.reply.code, 554);
  EXPECT_EQ(r.reply.enhanced, "5.7.1");
  EXPECT_EQ(r.outcome, Outcome::Permanent);
}

TEST_F(LabTest, OpenRelayAcceptsAnyone) {
  node("mx.menara.ma").relay.open = true;
  start();
  net::ClientTarget target;
  target.address = "127.0.2.20";
  target.port = lab->port("mx.menara.ma", "smtp");
  target.source_address = "127.0.3.99";
  const auto results = net::send_messages(
      target, {}, {{"spam@pirate.example", {"ali.belabbas@gsimaroc.com"}, message("spam"), {}}});
  EXPECT_EQ(results.at(0).recipients.at(0).outcome, Outcome::Delivered);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com").size(), 1u);
}

TEST_F(LabTest, MxFallbackToTheNextPreference) {
  // A first MX that does not answer (no server at 127.0.2.21), then the real one.
  topology.dns.push_back(DnsZoneSpec{"mx-dead.menara.ma", {}, {"127.0.2.21"}, {}, std::nullopt});
  for (auto& zone : topology.dns) {
    if (zone.name == "menara.ma")
      zone.mx = {MxSpec{5, "mx-dead.menara.ma"}, MxSpec{10, "mx.menara.ma"}};
  }
  start();
  submit({"benharraf@menara.ma"}, "fallback");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(30)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
  EXPECT_TRUE(wait_for(TimelineKind::Note, "cannot connect to mx-dead.menara.ma", 100));
}

TEST_F(LabTest, TemporaryFailureIsRetriedThenDelivered) {
  start();
  lab->inject(Fault{Fault::Kind::ReplyToVerb, "mx.menara.ma", "RCPT", 451, ""});
  submit({"benharraf@menara.ma"}, "retry");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  EXPECT_TRUE(mailbox("mx.menara.ma", "benharraf@menara.ma").empty());
  lab->clear(Fault{Fault::Kind::ReplyToVerb, "mx.menara.ma", "RCPT", 451, ""});
  lab->clock().advance(120);  // past the first retry delay (60 s simulated)
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
}

// The queue runner sleeps until its next retry time: a clock jump wakes it at once (here
// the retry would otherwise be a real minute away), and a retry comes at its own time
// without any jump.
TEST_F(LabTest, AClockJumpWakesTheQueueAtOnce) {
  topology.clock_speed = 1.0;  // the first retry (60 s simulated) is a real minute away
  start();
  lab->inject(Fault{Fault::Kind::ReplyToVerb, "mx.menara.ma", "RCPT", 451, ""});
  submit({"benharraf@menara.ma"}, "jump");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  lab->clear(Fault{Fault::Kind::ReplyToVerb, "mx.menara.ma", "RCPT", 451, ""});
  lab->clock().advance(120);
  ASSERT_TRUE(wait_for(TimelineKind::Delivered, "benharraf@menara.ma", 5000));
}

TEST_F(LabTest, ARetryComesAtItsTimeWithoutAJump) {
  topology.clock_speed = 600.0;  // the first retry (60 s simulated) is 0.1 s away
  start();
  lab->inject(Fault{Fault::Kind::ReplyToVerb, "mx.menara.ma", "RCPT", 451, ""});
  submit({"benharraf@menara.ma"}, "on-time");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  lab->clear(Fault{Fault::Kind::ReplyToVerb, "mx.menara.ma", "RCPT", 451, ""});
  ASSERT_TRUE(wait_for(TimelineKind::Delivered, "benharraf@menara.ma", 5000));
}

TEST_F(LabTest, ExpiryBouncesWithADsn) {
  topology.queue.lifetime = 3600;
  start();
  lab->inject(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  submit({"benharraf@menara.ma"}, "expire");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  lab->clock().advance(4000);  // beyond the queue lifetime
  ASSERT_TRUE(wait_for(TimelineKind::Bounced, "benharraf@menara.ma"));
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto dsn = mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com");
  ASSERT_EQ(dsn.size(), 1u);
  EXPECT_NE(dsn[0].find("expired"), std::string::npos);
}

TEST_F(LabTest, NodeDownThenUpDeliversFromTheQueue) {
  start();
  lab->inject(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  submit({"benharraf@menara.ma"}, "down-up");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  lab->clear(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  lab->clock().advance(120);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
}

TEST_F(LabTest, FullMailboxGets452AndWaits) {
  start();
  lab->inject(Fault{Fault::Kind::FillMailbox, "", "", 0, "benharraf@menara.ma"});
  submit({"benharraf@menara.ma"}, "full");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "452 4.2.2"));
  lab->clear(Fault{Fault::Kind::FillMailbox, "", "", 0, "benharraf@menara.ma"});
  lab->clock().advance(120);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
}

TEST_F(LabTest, BrokenDnsDefersInsteadOfBouncing) {
  start();
  lab->inject(Fault{Fault::Kind::BreakDns, "", "", 0, "menara.ma"});
  submit({"benharraf@menara.ma"}, "dns");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "SERVFAIL"));
  lab->clear(Fault{Fault::Kind::BreakDns, "", "", 0, "menara.ma"});
  lab->clock().advance(120);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
}

TEST_F(LabTest, DnsTimeoutDefersAndNxdomainFaultBounces) {
  start();
  Fault timeout{Fault::Kind::BreakDns, "", "", 0, "menara.ma"};
  timeout.dns = agents::DnsBreak::Timeout;
  lab->inject(timeout);
  submit({"benharraf@menara.ma"}, "dns timeout");
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "timeout"));
  lab->clear(timeout);
  Fault nxdomain = timeout;
  nxdomain.dns = agents::DnsBreak::NxDomain;
  lab->inject(nxdomain);
  lab->clock().advance(120);  // the retry meets NXDOMAIN: a permanent failure, a bounce
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_TRUE(mailbox("mx.menara.ma", "benharraf@menara.ma").empty());
  const auto dsn = mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com");
  ASSERT_EQ(dsn.size(), 1u);
  EXPECT_NE(dsn[0].find("NXDOMAIN"), std::string::npos);
}

TEST_F(LabTest, UnknownDomainBouncesAtOnce) {
  start();
  submit({"someone@nowhere.example"}, "nxdomain");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto dsn = mailbox("msa.gsimaroc.com", "ali.belabbas@gsimaroc.com");
  ASSERT_EQ(dsn.size(), 1u);
  EXPECT_NE(dsn[0].find("NXDOMAIN"), std::string::npos);
}

TEST_F(LabTest, MasqueradingRewritesTheSender) {
  node("mua.ali").hostname = "machine.gsimaroc.com";
  start();
  lab->submit(
      "mua.ali",
      {"Henri.Dupont@machine.gsimaroc.com",
       {"benharraf@menara.ma"},
       "From: Henri Dupont <Henri.Dupont@machine.gsimaroc.com>\r\nTo: <benharraf@menara.ma>\r\n"
       "Subject: masq\r\n\r\nx\r\n",
       {}});
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto box = mailbox("mx.menara.ma", "benharraf@menara.ma");
  ASSERT_EQ(box.size(), 1u);
  EXPECT_NE(box[0].find("Return-Path: <Henri.Dupont@gsimaroc.com>"), std::string::npos);
  EXPECT_NE(box[0].find("From: Henri Dupont <Henri.Dupont@gsimaroc.com>"), std::string::npos);
  bool masquerade = false;
  for (auto& e : events(TimelineKind::Rewrite)) {
    const auto* rewrite = e.details<RewritePayload>();
    masquerade |= rewrite && rewrite->rule == "masquerade" &&
                  rewrite->before == "Henri.Dupont@machine.gsimaroc.com" &&
                  rewrite->after == "Henri.Dupont@gsimaroc.com";
  }
  EXPECT_TRUE(masquerade);
}

TEST_F(LabTest, StepModeHoldsExchangesUntilReleased) {
  start();
  lab->gate().set_step_mode(true);
  std::thread sender([&] { submit({"benharraf@menara.ma"}, "steps"); });
  // The MSA's greeting waits for a token: nothing is said on the wire yet.
  for (int i = 0; i < 100 && lab->gate().waiting() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(lab->gate().waiting(), 1u);
  EXPECT_TRUE(events(TimelineKind::Reply).empty() || events(TimelineKind::Command).empty());
  lab->gate().release(1);  // the greeting goes out, the client's EHLO waits
  for (int i = 0; i < 100 && events(TimelineKind::Command).empty() && lab->gate().waiting() == 0;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(events(TimelineKind::Command).empty());
  lab->gate().set_step_mode(false);  // run mode: everything goes
  sender.join();
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
}

TEST_F(LabTest, TimelineRoundTripsThroughJsonLines) {
  start();
  submit({"benharraf@menara.ma"}, "json");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto events_before = lab->timeline().snapshot();
  const auto parsed = Timeline::parse_jsonl(lab->timeline().to_jsonl());
  ASSERT_EQ(parsed.size(), events_before.size());
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    EXPECT_EQ(parsed[i].kind, events_before[i].kind);
    EXPECT_EQ(parsed[i].text, events_before[i].text);
    EXPECT_EQ(parsed[i].offset, events_before[i].offset);
    EXPECT_TRUE(parsed[i].payload == events_before[i].payload) << i;
  }
  const std::string transcript = lab->transcript();
  EXPECT_NE(transcript.find("=== session 1: mua.ali"), std::string::npos);
  EXPECT_NE(transcript.find("C: MAIL FROM:<ali.belabbas@gsimaroc.com>"), std::string::npos);
  EXPECT_NE(transcript.find("S: 354 End data"), std::string::npos);
}

}  // namespace
}  // namespace smtplab::lab::testing

namespace smtplab::lab::testing {
namespace {

TEST_F(LabTest, SignedAtTheMsaVerifiedAtTheMx) {
  start();
  submit({"benharraf@menara.ma"}, "auth");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto box = mailbox("mx.menara.ma", "benharraf@menara.ma");
  ASSERT_EQ(box.size(), 1u);
  const auto header = message::parse_header_block(box[0]);
  ASSERT_TRUE(header.headers.contains("DKIM-Signature"));
  const std::string results = header.headers.get("Authentication-Results").value_or("");
  EXPECT_NE(results.find("spf=pass"), std::string::npos) << results;
  EXPECT_NE(results.find("dkim=pass"), std::string::npos) << results;
  EXPECT_NE(results.find("dmarc=pass"), std::string::npos) << results;
  EXPECT_NE(header.headers.get("Received-SPF").value_or("").find("pass"), std::string::npos);
}

TEST_F(LabTest, ForgedSenderIsCaughtByDmarc) {
  start();
  // A spammer's host, not in gsimaroc.com's SPF, claims to be Ali and has no signature.
  net::ClientTarget target;
  target.address = "127.0.2.20";
  target.port = lab->port("mx.menara.ma", "smtp");
  target.source_address = "127.0.3.66";
  const auto results = net::send_messages(
      target, {}, {{"ali.belabbas@gsimaroc.com", {"benharraf@menara.ma"}, message("forged"), {}}});
  const auto& r = results.at(0).recipients.at(0);
  EXPECT_EQ(r.reply.code, 550);
  EXPECT_EQ(r.reply.enhanced, "5.7.1");
  EXPECT_NE(r.reply.text().find("DMARC"), std::string::npos) << r.reply.text();
  EXPECT_TRUE(mailbox("mx.menara.ma", "benharraf@menara.ma").empty());
  bool spf_fail = false;
  for (auto& e : events(TimelineKind::Policy)) {
    const auto* policy = e.details<PolicyPayload>();
    spf_fail |= policy && policy->policy == "spf" && policy->result == "fail";
  }
  EXPECT_TRUE(spf_fail);
}

TEST_F(LabTest, RelayThatModifiesTheBodyBreaksDkim) {
  node("relay.gsimaroc.com").mail_auth.break_signature = true;
  start();
  submit({"benharraf@menara.ma"}, "tampered");
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto box = mailbox("mx.menara.ma", "benharraf@menara.ma");
  ASSERT_EQ(box.size(), 1u);
  const std::string results =
      message::parse_header_block(box[0]).headers.get("Authentication-Results").value_or("");
  EXPECT_NE(results.find("dkim=fail"), std::string::npos) << results;
  // SPF still passes for the aligned envelope domain, so DMARC passes and the mail arrives.
  EXPECT_NE(results.find("dmarc=pass"), std::string::npos) << results;
}

}  // namespace
}  // namespace smtplab::lab::testing

namespace smtplab::lab::testing {
namespace {

TEST_F(LabTest, BreakpointOnAnEventKindSwitchesToStepMode) {
  start();
  lab->set_breakpoints({TimelineKind::Queued});
  // The MSA queues the message: the breakpoint fires, and the MSA's next exchange (its 250
  // to the MUA) waits for the lecturer.
  std::thread sender([&] { submit({"benharraf@menara.ma"}, "breakpoint"); });
  for (int i = 0; i < 500 && lab->gate().waiting() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(lab->gate().step_mode());
  EXPECT_GE(lab->gate().waiting(), 1u);
  EXPECT_EQ(events(TimelineKind::Queued).size(), 1u);
  EXPECT_TRUE(mailbox("mx.menara.ma", "benharraf@menara.ma").empty());
  lab->set_breakpoints({});
  lab->gate().set_step_mode(false);  // run on
  sender.join();
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
}

TEST_F(LabTest, QueueKeepsEightBitContentExactly) {
  start();
  lab->inject(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  // Latin-1 octets (not UTF-8) in a message queued at the relay.
  const std::string content =
      "From: <ali.belabbas@gsimaroc.com>\r\nSubject: latin1\r\n\r\n\xe9t\xe9 \xe0 l'\xe9"
      "cole\r\n";
  lab->submit("mua.ali", {"ali.belabbas@gsimaroc.com", {"benharraf@menara.ma"}, content, {}});
  ASSERT_TRUE(wait_for(TimelineKind::Deferred, "deferred"));
  lab->clear(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  lab->clock().advance(120);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto box = mailbox("mx.menara.ma", "benharraf@menara.ma");
  ASSERT_EQ(box.size(), 1u);
  EXPECT_NE(box[0].find("\xe9t\xe9 \xe0 l'\xe9"
                        "cole\r\n"),
            std::string::npos);
  // The timeline with raw octets still serialises.
  EXPECT_NO_THROW(lab->timeline().to_jsonl());
}

}  // namespace
}  // namespace smtplab::lab::testing

namespace smtplab::lab::testing {
namespace {

TEST_F(LabTest, BareSenderIsQualifiedByAppendDomain) {
  node("msa.gsimaroc.com").rewrite.append_domain = "gsimaroc.com";
  start();
  const auto results =
      lab->submit("mua.ali", {"ali.belabbas", {"benharraf@menara.ma"}, message("bare"), {}});
  ASSERT_EQ(results.at(0).recipients.at(0).outcome, protocol::RecipientResult::Outcome::Delivered);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  const auto box = mailbox("mx.menara.ma", "benharraf@menara.ma");
  ASSERT_EQ(box.size(), 1u);
  EXPECT_NE(box[0].find("Return-Path: <ali.belabbas@gsimaroc.com>"), std::string::npos);
  bool appended = false;
  for (auto& e : events(TimelineKind::Rewrite)) {
    const auto* rewrite = e.details<RewritePayload>();
    appended |= rewrite && rewrite->rule == "append_domain" && rewrite->before == "ali.belabbas" &&
                rewrite->after == "ali.belabbas@gsimaroc.com";
  }
  EXPECT_TRUE(appended);
}

}  // namespace
}  // namespace smtplab::lab::testing
