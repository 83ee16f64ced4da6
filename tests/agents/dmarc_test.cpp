// DMARC (RFC 7489): record parsing, organisational domain, alignment (relaxed/strict),
// discovery at the organisational domain with sp=, and the forged-From case.
#include "sim/agents/dmarc.hpp"
#include "tests/agents/topology_dns.hpp"

#include <gtest/gtest.h>

namespace smtplab::agents {
namespace {

DkimVerification dkim_pass(const std::string& domain) {
  DkimVerification v;
  v.result = DkimResult::Pass;
  v.domain = domain;
  return v;
}

lab::TopologySpec dmarc_topology() {
  lab::TopologySpec t = lab::default_topology();
  t.dns.push_back(
      {"_dmarc.strict.example", {}, {}, {"v=DMARC1; p=quarantine; adkim=s; aspf=s"}, std::nullopt});
  t.dns.push_back(
      {"_dmarc.org.example", {}, {}, {"v=DMARC1; p=reject; sp=quarantine; pct=50"}, std::nullopt});
  t.dns.push_back({"_dmarc.none.example", {}, {}, {"v=DMARC1; p=none"}, std::nullopt});
  t.dns.push_back(
      {"_dmarc.two.example", {}, {}, {"v=DMARC1; p=reject", "v=DMARC1; p=none"}, std::nullopt});
  return t;
}

TEST(DmarcRecord, Parses) {
  std::string error;
  const auto r = parse_dmarc_record(
      "v=DMARC1; p=reject; sp=none; adkim=s; aspf=r; pct=20; "
      "rua=mailto:d@gsimaroc.com",
      error);
  ASSERT_TRUE(r) << error;
  EXPECT_EQ(r->policy, DmarcPolicy::Reject);
  EXPECT_EQ(r->subdomain_policy, DmarcPolicy::None);
  EXPECT_TRUE(r->strict_dkim);
  EXPECT_FALSE(r->strict_spf);
  EXPECT_EQ(r->percent, 20);
  // rua= without p= reads as p=none (RFC 7489 §6.6.3).
  EXPECT_EQ(parse_dmarc_record("v=DMARC1; rua=mailto:x@y.example", error)->policy,
            DmarcPolicy::None);
  for (const char* bad :
       {"", "p=reject; v=DMARC1", "v=DMARC2; p=none", "v=DMARC1", "v=DMARC1; p=maybe",
        "v=DMARC1; p=none; pct=101", "v=DMARC1; p=none; adkim=x", "v=spf1 -all"}) {
    EXPECT_FALSE(parse_dmarc_record(bad, error)) << bad;
  }
}

TEST(DmarcAlignment, RelaxedAndStrict) {
  EXPECT_EQ(organizational_domain("mail.gsimaroc.com"), "gsimaroc.com");
  EXPECT_EQ(organizational_domain("GSIMAROC.com."), "gsimaroc.com");
  EXPECT_EQ(organizational_domain("localhost"), "localhost");
  EXPECT_TRUE(dmarc_aligned("gsimaroc.com", "mail.gsimaroc.com", false));
  EXPECT_FALSE(dmarc_aligned("gsimaroc.com", "mail.gsimaroc.com", true));
  EXPECT_TRUE(dmarc_aligned("gsimaroc.com", "GSIMAROC.COM", true));
  EXPECT_FALSE(dmarc_aligned("gsimaroc.com", "menara.ma", false));
  EXPECT_FALSE(dmarc_aligned("gsimaroc.com", "", false));
}

TEST(DmarcFrom, DomainOfTheAuthor) {
  std::string error;
  EXPECT_EQ(dmarc_from_domain("From: Ali <ali@GSIMAROC.com>\r\n\r\nx", error), "gsimaroc.com");
  EXPECT_EQ(dmarc_from_domain("To: x@y.example\r\n\r\n", error), "");
  EXPECT_NE(error.find("no From"), std::string::npos);
  EXPECT_EQ(dmarc_from_domain("From: a@x.example, b@y.example\r\n\r\n", error), "");
  EXPECT_NE(error.find("different domains"), std::string::npos);
  EXPECT_EQ(dmarc_from_domain("From: a@x.example\r\nFrom: b@x.example\r\n\r\n", error), "");
}

TEST(Dmarc, DefaultTopologyPassesWithSpfOrDkim) {
  const Resolver dns = resolver_for(lab::default_topology());
  DmarcInput input{"gsimaroc.com", SpfResult::Pass, "gsimaroc.com", {}};
  DmarcOutcome out = evaluate_dmarc(input, dns);
  EXPECT_EQ(out.result, DmarcResult::Pass);
  EXPECT_TRUE(out.spf_aligned);
  EXPECT_EQ(out.policy, DmarcPolicy::Reject);
  EXPECT_EQ(out.disposition, DmarcPolicy::None);
  EXPECT_EQ(out.record_domain, "_dmarc.gsimaroc.com");
  // SPF failed (a forwarder) but the DKIM signature of a subdomain aligns in relaxed mode.
  input = {"gsimaroc.com", SpfResult::Fail, "forwarder.example", {dkim_pass("mail.gsimaroc.com")}};
  out = evaluate_dmarc(input, dns);
  EXPECT_EQ(out.result, DmarcResult::Pass);
  EXPECT_TRUE(out.dkim_aligned);
  EXPECT_FALSE(out.spf_aligned);
}

TEST(Dmarc, ForgedFromIsRejected) {
  // The spammer's envelope passes SPF for its own domain, the From claims gsimaroc.com.
  lab::TopologySpec t = lab::default_topology();
  t.dns.push_back({"spammer.example", {}, {}, {"v=spf1 ip4:127.0.6.0/24 -all"}, std::nullopt});
  const Resolver dns = resolver_for(t);
  const SpfOutcome spf =
      SpfChecker(dns).check_host("127.0.6.6", "spammer.example", "bulk@spammer.example");
  ASSERT_EQ(spf.result, SpfResult::Pass);
  const DmarcInput input{
      "gsimaroc.com", spf.result, "spammer.example", {dkim_pass("spammer.example")}};
  const DmarcOutcome out = evaluate_dmarc(input, dns);
  EXPECT_EQ(out.result, DmarcResult::Fail);
  EXPECT_EQ(out.disposition, DmarcPolicy::Reject);
  EXPECT_FALSE(out.spf_aligned);
  EXPECT_FALSE(out.dkim_aligned);
  EXPECT_NE(out.reason.find("SPF pass for spammer.example but not aligned"), std::string::npos)
      << out.reason;
}

TEST(Dmarc, StrictAlignmentNeedsTheSameName) {
  const Resolver dns = resolver_for(dmarc_topology());
  const DmarcInput input{"strict.example",
                         SpfResult::Pass,
                         "bounce.strict.example",
                         {dkim_pass("mail.strict.example")}};
  const DmarcOutcome out = evaluate_dmarc(input, dns);
  EXPECT_EQ(out.result, DmarcResult::Fail);
  EXPECT_EQ(out.disposition, DmarcPolicy::Quarantine);
  const DmarcInput exact{"strict.example", SpfResult::Pass, "strict.example", {}};
  EXPECT_EQ(evaluate_dmarc(exact, dns).result, DmarcResult::Pass);
}

TEST(Dmarc, OrganisationalDomainFallbackUsesSp) {
  const Resolver dns = resolver_for(dmarc_topology());
  const DmarcOutcome out =
      evaluate_dmarc({"news.org.example", SpfResult::Fail, "news.org.example", {}}, dns);
  EXPECT_EQ(out.result, DmarcResult::Fail);
  EXPECT_EQ(out.record_domain, "_dmarc.org.example");
  EXPECT_EQ(out.policy, DmarcPolicy::Quarantine);  // sp=, not p=
  ASSERT_EQ(out.notes.size(), 2u);
  EXPECT_NE(out.notes[1].find("pct=50 ignored"), std::string::npos);
  // The organisational domain itself gets p=.
  EXPECT_EQ(evaluate_dmarc({"org.example", SpfResult::Fail, "org.example", {}}, dns).policy,
            DmarcPolicy::Reject);
}

TEST(Dmarc, NoneTempErrorAndMonitoring) {
  Resolver dns = resolver_for(dmarc_topology());
  EXPECT_EQ(evaluate_dmarc({"menara.ma", SpfResult::Pass, "menara.ma", {}}, dns).result,
            DmarcResult::None);
  EXPECT_EQ(evaluate_dmarc({"two.example", SpfResult::Fail, "x.example", {}}, dns).result,
            DmarcResult::None);  // two records: no policy (RFC 7489 §6.6.3)
  const DmarcOutcome monitor =
      evaluate_dmarc({"none.example", SpfResult::Fail, "x.example", {}}, dns);
  EXPECT_EQ(monitor.result, DmarcResult::Fail);
  EXPECT_EQ(monitor.disposition, DmarcPolicy::None);
  EXPECT_EQ(evaluate_dmarc({"", SpfResult::Pass, "x", {}}, dns).result, DmarcResult::PermError);
  dns.break_name("_dmarc.gsimaroc.com");
  EXPECT_EQ(evaluate_dmarc({"gsimaroc.com", SpfResult::Pass, "gsimaroc.com", {}}, dns).result,
            DmarcResult::TempError);
}

}  // namespace
}  // namespace smtplab::agents
