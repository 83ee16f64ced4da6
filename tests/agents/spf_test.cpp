// SPF (RFC 7208) against the default topology and purpose-built zones: every mechanism,
// qualifiers, include and redirect chains, lookup and void limits, errors, macros
// (the RFC's own §7.4 examples) and the Received-SPF field.
#include "sim/agents/spf.hpp"
#include "tests/agents/topology_dns.hpp"

#include <gtest/gtest.h>

namespace smtplab::agents {
namespace {

lab::DnsZoneSpec txt_zone(std::string name, std::vector<std::string> txt,
                          std::vector<std::string> a = {}) {
  return lab::DnsZoneSpec{std::move(name), {}, std::move(a), std::move(txt), std::nullopt};
}

lab::TopologySpec spf_topology() {
  lab::TopologySpec t = lab::default_topology();
  t.dns.push_back(txt_zone("_spf.partner.example", {"v=spf1 ip4:127.0.3.0/24 ~all"}));
  t.dns.push_back(
      txt_zone("partner.example",
               {"v=spf1 include:_spf.partner.example include:gsimaroc.com -all", "unrelated"}));
  t.dns.push_back(txt_zone("redir.example", {"v=spf1 redirect=gsimaroc.com"}));
  t.dns.push_back(txt_zone("redir2.example", {"v=spf1 redirect=redir.example"}));
  t.dns.push_back(txt_zone("redir-all.example", {"v=spf1 ?all redirect=gsimaroc.com"}));
  t.dns.push_back(txt_zone("redir-none.example", {"v=spf1 redirect=mx.menara.ma"}));
  t.dns.push_back(txt_zone("loop.example", {"v=spf1 include:loop.example -all"}));
  std::string many = "v=spf1";
  for (int i = 1; i <= 11; ++i) {
    const std::string host = "h" + std::to_string(i) + ".many.example";
    t.dns.push_back(txt_zone(host, {}, {"127.0.9." + std::to_string(i)}));
    many += " a:" + host;
  }
  t.dns.push_back(txt_zone("many.example", {many + " -all"}));
  t.dns.push_back(txt_zone("ten.example", {"v=spf1 a:h1.many.example a:h2.many.example "
                                           "a:h3.many.example a:h4.many.example "
                                           "a:h5.many.example a:h6.many.example "
                                           "a:h7.many.example a:h8.many.example "
                                           "a:h9.many.example a:h10.many.example ip4:127.0.1.20 "
                                           "-all"}));
  t.dns.push_back(txt_zone("void.example", {"v=spf1 a:n1.void.example a:n2.void.example "
                                            "a:n3.void.example ip4:127.0.1.20 -all"}));
  t.dns.push_back(txt_zone("a-test.example", {"v=spf1 a/24 -all"}, {"127.0.4.1"}));
  t.dns.push_back(txt_zone("ptr-test.example", {"v=spf1 ptr:gsimaroc.com -all"}));
  t.dns.push_back(txt_zone("exists.example", {"v=spf1 exists:%{i}._spf.%{d} -all"}));
  t.dns.push_back(txt_zone("127.0.1.20._spf.exists.example", {}, {"127.0.0.2"}));
  t.dns.push_back(txt_zone("soft.example", {"v=spf1 ip4:10.0.0.0/8 ~all"}));
  t.dns.push_back(txt_zone("neutral.example", {"v=spf1 ?all"}));
  t.dns.push_back(txt_zone("nomatch.example", {"v=spf1 ip4:10.0.0.1"}));
  t.dns.push_back(txt_zone("v6.example", {"v=spf1 ip6:2001:db8::/32 ip4:127.0.1.20/32 -all"}));
  t.dns.push_back(txt_zone("bad-ip.example", {"v=spf1 ip4:300.1.1.1 -all"}));
  t.dns.push_back(txt_zone("bad-mech.example", {"v=spf1 foo:bar -all"}));
  t.dns.push_back(txt_zone("late-error.example", {"v=spf1 ip4:127.0.1.20 -all ip4:bogus"}));
  t.dns.push_back(txt_zone("two.example", {"v=spf1 -all", "v=spf1 +all"}));
  t.dns.push_back(txt_zone("inc-none.example", {"v=spf1 include:mx.menara.ma -all"}));
  t.dns.push_back(txt_zone("inc-broken.example", {"v=spf1 include:broken.example -all"}));
  t.dns.push_back(txt_zone("broken.example", {"v=spf1 +all"}));
  t.dns.push_back(txt_zone("spf10.example", {"v=spf10 +all"}));
  t.dns.push_back(txt_zone("macro-bad.example", {"v=spf1 exists:%{c}.example.org -all"}));
  return t;
}

class Spf : public ::testing::Test {
 protected:
  Spf() : dns(resolver_for(spf_topology())), spf(dns) {}
  SpfOutcome check(const std::string& ip, const std::string& domain) {
    return spf.check_host(ip, domain, "ali.belabbas@" + domain);
  }
  Resolver dns;
  SpfChecker spf;
};

TEST_F(Spf, DefaultTopologyGsimarocPassesItsOwnNetwork) {
  const SpfOutcome out = check("127.0.1.20", "gsimaroc.com");
  EXPECT_EQ(out.result, SpfResult::Pass);
  EXPECT_EQ(out.decided_by, "ip4:127.0.1.0/24");
  EXPECT_EQ(out.decided_in, "gsimaroc.com");
  EXPECT_NE(out.explanation.find("ip4:127.0.1.0/24"), std::string::npos) << out.explanation;
  EXPECT_EQ(out.dns_lookups, 0);
}

TEST_F(Spf, DefaultTopologyOtherNetworkFails) {
  for (const char* ip : {"127.0.2.20", "127.0.2.1", "10.0.0.1"}) {
    const SpfOutcome out = check(ip, "gsimaroc.com");
    EXPECT_EQ(out.result, SpfResult::Fail) << ip;
    EXPECT_EQ(out.decided_by, "-all");
  }
}

TEST_F(Spf, MxMechanismOfMenara) {
  EXPECT_EQ(check("127.0.2.20", "menara.ma").result, SpfResult::Pass);
  const SpfOutcome out = check("127.0.1.30", "menara.ma");
  EXPECT_EQ(out.result, SpfResult::Fail);
  EXPECT_EQ(out.dns_lookups, 1);
  EXPECT_EQ(check("127.0.2.20", "menara.ma").decided_by, "mx (via MX mx.menara.ma)");
}

TEST_F(Spf, IncludeChain) {
  // Passes through the second include (gsimaroc.com's ip4).
  const SpfOutcome pass = check("127.0.1.20", "partner.example");
  EXPECT_EQ(pass.result, SpfResult::Pass);
  EXPECT_EQ(pass.decided_by, "include:gsimaroc.com (ip4:127.0.1.0/24 in gsimaroc.com)");
  EXPECT_EQ(pass.dns_lookups, 2);
  // _spf.partner.example ends in ~all: a non-pass include is just "no match".
  EXPECT_EQ(check("127.0.3.5", "partner.example").result, SpfResult::Pass);
  EXPECT_EQ(check("127.0.5.5", "partner.example").result, SpfResult::Fail);
}

TEST_F(Spf, RedirectChains) {
  EXPECT_EQ(check("127.0.1.20", "redir.example").result, SpfResult::Pass);
  EXPECT_EQ(check("127.0.2.20", "redir.example").result, SpfResult::Fail);
  const SpfOutcome twice = check("127.0.1.20", "redir2.example");
  EXPECT_EQ(twice.result, SpfResult::Pass);
  EXPECT_EQ(twice.dns_lookups, 2);
  EXPECT_EQ(twice.decided_in, "gsimaroc.com");
  // An "all" anywhere disables redirect (RFC 7208 §6.1).
  EXPECT_EQ(check("127.0.1.20", "redir-all.example").result, SpfResult::Neutral);
  // A redirect to a domain without SPF is a permerror.
  EXPECT_EQ(check("127.0.1.20", "redir-none.example").result, SpfResult::PermError);
}

TEST_F(Spf, LookupLimit) {
  const SpfOutcome loop = check("127.0.1.20", "loop.example");
  EXPECT_EQ(loop.result, SpfResult::PermError);
  EXPECT_NE(loop.problem.find("more than 10 DNS lookups"), std::string::npos) << loop.problem;
  const SpfOutcome many = check("127.0.9.11", "many.example");
  EXPECT_EQ(many.result, SpfResult::PermError);
  EXPECT_EQ(many.dns_lookups, 11);
  // The 10th lookup is still allowed.
  EXPECT_EQ(check("127.0.9.10", "many.example").result, SpfResult::Pass);
  EXPECT_EQ(check("127.0.1.20", "ten.example").result, SpfResult::Pass);
}

TEST_F(Spf, VoidLookupLimit) {
  const SpfOutcome out = check("127.0.1.20", "void.example");
  EXPECT_EQ(out.result, SpfResult::PermError);
  EXPECT_EQ(out.void_lookups, 3);
  EXPECT_NE(out.problem.find("void"), std::string::npos);
}

TEST_F(Spf, AMechanismWithCidr) {
  EXPECT_EQ(check("127.0.4.99", "a-test.example").result, SpfResult::Pass);
  EXPECT_EQ(check("127.0.5.1", "a-test.example").result, SpfResult::Fail);
}

TEST_F(Spf, PtrMechanismValidatesTheName) {
  EXPECT_EQ(check("127.0.1.30", "ptr-test.example").result, SpfResult::Pass);  // relay.gsimaroc.com
  EXPECT_EQ(check("127.0.2.20", "ptr-test.example").result, SpfResult::Fail);  // mx.menara.ma
  EXPECT_EQ(check("127.0.7.7", "ptr-test.example").result, SpfResult::Fail);   // no PTR
}

TEST_F(Spf, ExistsWithMacros) {
  EXPECT_EQ(check("127.0.1.20", "exists.example").result, SpfResult::Pass);
  EXPECT_EQ(check("127.0.1.21", "exists.example").result, SpfResult::Fail);
}

TEST_F(Spf, Qualifiers) {
  EXPECT_EQ(check("127.0.1.20", "soft.example").result, SpfResult::SoftFail);
  EXPECT_EQ(check("10.1.2.3", "soft.example").result, SpfResult::Pass);
  EXPECT_EQ(check("127.0.1.20", "neutral.example").result, SpfResult::Neutral);
  const SpfOutcome none_matched = check("127.0.1.20", "nomatch.example");
  EXPECT_EQ(none_matched.result, SpfResult::Neutral);
  EXPECT_TRUE(none_matched.decided_by.empty());
}

TEST_F(Spf, Ipv6Client) {
  EXPECT_EQ(check("2001:db8::25", "v6.example").result, SpfResult::Pass);
  EXPECT_EQ(check("2001:db9::25", "v6.example").result, SpfResult::Fail);
  // An IPv4-mapped client is checked as IPv4 (RFC 7208 §5).
  EXPECT_EQ(check("::ffff:127.0.1.20", "v6.example").result, SpfResult::Pass);
}

TEST_F(Spf, PermErrors) {
  for (const char* domain : {"bad-ip.example", "bad-mech.example", "late-error.example",
                             "two.example", "inc-none.example", "macro-bad.example"}) {
    const SpfOutcome out = check("127.0.1.20", domain);
    EXPECT_EQ(out.result, SpfResult::PermError) << domain;
    EXPECT_FALSE(out.problem.empty()) << domain;
  }
  EXPECT_NE(check("127.0.1.20", "macro-bad.example").problem.find("exp="), std::string::npos);
  EXPECT_EQ(check("nonsense", "gsimaroc.com").result, SpfResult::PermError);
}

TEST_F(Spf, NoneWhenNoRecord) {
  EXPECT_EQ(check("127.0.1.20", "mx.menara.ma").result, SpfResult::None);     // NODATA
  EXPECT_EQ(check("127.0.1.20", "nowhere.example").result, SpfResult::None);  // NXDOMAIN
  EXPECT_EQ(check("127.0.1.20", "localhost").result, SpfResult::None);        // one label
  EXPECT_EQ(check("127.0.1.20", "spf10.example").result, SpfResult::None);    // not v=spf1
}

TEST_F(Spf, TempErrorOnServfail) {
  dns.break_name("gsimaroc.com");
  EXPECT_EQ(check("127.0.1.20", "gsimaroc.com").result, SpfResult::TempError);
  // An include of a broken name propagates the temperror.
  EXPECT_EQ(check("127.0.5.5", "partner.example").result, SpfResult::TempError);
  dns.repair_all();
  dns.break_name("broken.example");
  EXPECT_EQ(check("127.0.1.20", "inc-broken.example").result, SpfResult::TempError);
}

TEST_F(Spf, MailFromIdentityAndNullSender) {
  SpfRequest request{"127.0.1.30", "ali.belabbas@gsimaroc.com", "relay.gsimaroc.com",
                     "mx.menara.ma"};
  EXPECT_EQ(spf.check_mail_from(request).result, SpfResult::Pass);
  // Null reverse-path: postmaster@<helo> (RFC 7208 §2.4). relay.gsimaroc.com has no SPF.
  request.mail_from.clear();
  const SpfOutcome bounce = spf.check_mail_from(request);
  EXPECT_EQ(bounce.domain, "relay.gsimaroc.com");
  EXPECT_EQ(bounce.result, SpfResult::None);
}

TEST_F(Spf, TraceShowsEveryStep) {
  const SpfOutcome out = check("127.0.5.5", "partner.example");
  ASSERT_GE(out.trace.size(), 5u);
  EXPECT_EQ(out.trace.front(),
            "partner.example: \"v=spf1 include:_spf.partner.example include:gsimaroc.com "
            "-all\"");
  EXPECT_EQ(out.trace.back(), "partner.example: -all matched -> fail");
}

TEST(SpfReceivedField, FormatsRfc7208Section91) {
  const Resolver dns = resolver_for(lab::default_topology());
  const SpfChecker spf(dns);
  const SpfRequest request{"127.0.1.30", "ali.belabbas@gsimaroc.com", "relay.gsimaroc.com",
                           "mx.menara.ma"};
  const std::string field = received_spf_field(spf.check_mail_from(request), request);
  EXPECT_EQ(field,
            "Received-SPF: pass (mx.menara.ma: domain of ali.belabbas@gsimaroc.com\r\n"
            " designates 127.0.1.30 as permitted sender) client-ip=127.0.1.30;\r\n"
            " envelope-from=\"ali.belabbas@gsimaroc.com\"; helo=relay.gsimaroc.com;\r\n"
            " receiver=mx.menara.ma; identity=mailfrom; mechanism=\"ip4:127.0.1.0/24\"\r\n");
  const SpfRequest forged{"127.0.2.99", "x@gsimaroc.com", "evil (host)", "mx.menara.ma"};
  const std::string fail = received_spf_field(spf.check_mail_from(forged), forged);
  EXPECT_EQ(fail.rfind("Received-SPF: fail (", 0), 0u) << fail;
  EXPECT_NE(fail.find("helo=\"evil (host)\""), std::string::npos) << fail;
}

// RFC 7208 §7.4's examples.
TEST(SpfMacros, Rfc7208Examples) {
  const SpfMacroContext ctx{"strong-bad@email.example.com", "email.example.com", "192.0.2.3",
                            "mx.example.org"};
  const std::pair<const char*, const char*> cases[] = {
      {"%{s}", "strong-bad@email.example.com"},
      {"%{o}", "email.example.com"},
      {"%{d}", "email.example.com"},
      {"%{d4}", "email.example.com"},
      {"%{d3}", "email.example.com"},
      {"%{d2}", "example.com"},
      {"%{d1}", "com"},
      {"%{dr}", "com.example.email"},
      {"%{d2r}", "example.email"},
      {"%{l}", "strong-bad"},
      {"%{l-}", "strong.bad"},
      {"%{lr}", "strong-bad"},
      {"%{lr-}", "bad.strong"},
      {"%{l1r-}", "strong"},
      {"%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"},
      {"%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"},
      {"%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"},
      {"%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"},
      {"%{h}", "mx.example.org"},
      {"%%%_%-", "% %20"},
      {"%{L}", "strong-bad"},
      {"%{S}", "strong-bad%40email.example.com"},
  };
  for (const auto& [in, expected] : cases) {
    std::string error;
    const auto out = expand_spf_macros(in, ctx, error);
    ASSERT_TRUE(out) << in << ": " << error;
    EXPECT_EQ(*out, expected) << in;
  }
  const SpfMacroContext v6{"strong-bad@email.example.com", "email.example.com", "2001:db8::cb01",
                           ""};
  std::string error;
  EXPECT_EQ(*expand_spf_macros("%{ir}.%{v}._spf.%{d2}", v6, error),
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
}

TEST(SpfMacros, SyntaxErrorsAreReported) {
  const SpfMacroContext ctx{"a@b.example", "b.example", "192.0.2.3", "h"};
  for (const char* bad :
       {"%", "%x", "%{", "%{}", "%{q}", "%{d0}", "%{d1x}", "%{c}", "%{t}", "%{d1234}"}) {
    std::string error;
    EXPECT_FALSE(expand_spf_macros(bad, ctx, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

}  // namespace
}  // namespace smtplab::agents
