// The spam chapter's policies: DNSBL lookups (RFC 5782), FCrDNS and HELO checks, their
// catalogued replies, the postmaster/abuse exemption (RFC 5321 §4.5.1, RFC 2142), the live
// main.cf (relay restrictions read again when the file changes) and SRS0 rewriting.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/agents/client_checks.hpp"
#include "sim/agents/main_cf.hpp"
#include "sim/agents/mta_agent.hpp"
#include "sim/agents/srs.hpp"
#include "sim/protocol/reply_catalogue.hpp"
#include "tests/agents/topology_dns.hpp"

namespace smtplab::agents {
namespace {

namespace fs = std::filesystem;
using protocol::ReplyId;

lab::TopologySpec spam_topology() {
  lab::TopologySpec t;
  t.nodes.push_back({});
  t.nodes.back().id = "mx.menara.ma";
  t.nodes.back().address = "127.0.2.10";
  t.nodes.back().domains = {"menara.ma"};
  t.nodes.back().mailboxes = {"karim", "postmaster", "abuse"};
  t.nodes.back().client_checks.dnsbl = {"dnsbl.example"};
  t.nodes.back().client_checks.reverse_dns = true;
  t.nodes.back().client_checks.helo_resolvable = true;
  t.nodes.back().client_checks.helo_match = true;
  lab::DnsZoneSpec listed;
  listed.name = "66.3.0.127.dnsbl.example";
  listed.a = {"127.0.0.2"};
  listed.txt = {"spam traps"};
  lab::DnsZoneSpec me;
  me.name = "127.0.0.1";
  me.ptr = "pc.gsimaroc.com";
  lab::DnsZoneSpec me_a;
  me_a.name = "pc.gsimaroc.com";
  me_a.a = {"127.0.0.1"};
  lab::DnsZoneSpec dyn;
  dyn.name = "127.0.3.50";
  dyn.ptr = "dyn-3-50.fai.example";
  t.dns = {listed, me, me_a, dyn};
  return t;
}

ClientCheckPolicy all_checks() {
  ClientCheckPolicy p;
  p.dnsbl_zones = {"dnsbl.example"};
  p.reverse_dns = p.helo_resolvable = p.helo_match = true;
  return p;
}

void expect_reply(const std::optional<protocol::SmtpError>& error, ReplyId id) {
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, protocol::reply_spec(id).code);
  EXPECT_EQ(error->enhanced, protocol::reply_spec(id).enhanced);
}

TEST(Dnsbl, QueryNameReversesTheOctets) {
  EXPECT_EQ(dnsbl_query_name("127.0.3.66", "dnsbl.example"), "66.3.0.127.dnsbl.example");
  EXPECT_EQ(dnsbl_query_name("::ffff:192.0.2.1", "DNSBL.example."), "1.2.0.192.dnsbl.example");
  EXPECT_EQ(dnsbl_query_name("not an address", "dnsbl.example"), "");
}

TEST(ClientChecks, ListedClientGets554WithZoneAndReason) {
  const Resolver dns = resolver_for(spam_topology());
  const auto r = check_client(all_checks(), dns, "127.0.3.66", "pirate.example");
  expect_reply(r.refusal, ReplyId::ClientBlocklisted);
  EXPECT_NE(r.refusal->text.find("[127.0.3.66] blocked using dnsbl.example; spam traps"),
            std::string::npos)
      << r.refusal->text;
}

TEST(ClientChecks, PtrThatDoesNotResolveBackGets450_4_7_25) {
  const Resolver dns = resolver_for(spam_topology());
  const auto r = check_client(all_checks(), dns, "127.0.3.50", "dyn-3-50.fai.example");
  expect_reply(r.refusal, ReplyId::ClientHostUnknown);
  EXPECT_TRUE(r.refusal->transient());
  EXPECT_EQ(r.refusal->enhanced, "4.7.25");
}

TEST(ClientChecks, UnknownHeloGets450_4_7_1AndAMismatchIsOnlyNoted) {
  const Resolver dns = resolver_for(spam_topology());
  auto r = check_client(all_checks(), dns, "127.0.0.1", "nulle-part.example");
  expect_reply(r.refusal, ReplyId::HeloHostUnknown);
  // An existing name that is not the client's: RFC 5321 §4.1.4 forbids refusing for it.
  r = check_client(all_checks(), dns, "127.0.0.1", "mx.menara.ma");
  EXPECT_FALSE(r.refusal);
  EXPECT_EQ(r.notes.back().result, "mismatch");
  r = check_client(all_checks(), dns, "127.0.0.1", "pc.gsimaroc.com");
  EXPECT_FALSE(r.refusal);
  EXPECT_EQ(r.notes.back().result, "pass");
}

TEST(ClientChecks, RfcTestEntries) {
  // RFC 5782 §5: 127.0.0.2 is listed for tests, 127.0.0.1 never.
  lab::TopologySpec t = spam_topology();
  t.dns.push_back({"2.0.0.127.dnsbl.example", {}, {"127.0.0.2"}, {}, std::nullopt});
  const Resolver dns = resolver_for(t);
  ClientCheckPolicy only_dnsbl;
  only_dnsbl.dnsbl_zones = {"dnsbl.example"};
  EXPECT_TRUE(check_client(only_dnsbl, dns, "127.0.0.2", "x").refusal);
  EXPECT_FALSE(check_client(only_dnsbl, dns, "127.0.0.1", "x").refusal);
}

class AgentPolicies : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("smtplab-spam-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  protocol::Envelope from(const std::string& address, const std::string& helo) {
    protocol::Envelope e;
    e.connection.client_address = address;
    e.helo = helo;
    return e;
  }
  protocol::Path path(const std::string& local, const std::string& domain) {
    protocol::Path p;
    p.mailbox = {local, domain};
    return p;
  }
  fs::path dir_;
};

TEST_F(AgentPolicies, PostmasterAndAbuseAreReachableFromAListedClient) {
  const auto topology = spam_topology();
  Resolver dns = resolver_for(topology);
  MtaAgent mx(topology.nodes.front(), dir_ / "mail", dir_ / "spool", dns, [] { return 0.0; });
  const auto listed = from("127.0.3.66", "pirate.example");
  expect_reply(mx.check_recipient(listed, path("karim", "menara.ma")), ReplyId::ClientBlocklisted);
  EXPECT_FALSE(mx.check_recipient(listed, path("postmaster", "menara.ma")));
  EXPECT_FALSE(mx.check_recipient(listed, path("Postmaster", "")));
  EXPECT_FALSE(mx.check_recipient(listed, path("abuse", "menara.ma")));
  // A well-named client reaches everyone; an unknown user is still refused at RCPT.
  const auto good = from("127.0.0.1", "pc.gsimaroc.com");
  EXPECT_FALSE(mx.check_recipient(good, path("karim", "menara.ma")));
  expect_reply(mx.check_recipient(good, path("nobody", "menara.ma")), ReplyId::MailboxUnavailable);
}

TEST_F(AgentPolicies, ClosingTheRelayInMainCfTakesEffectAtOnce) {
  lab::NodeSpec node;
  node.id = "relais-ouvert.gsimaroc.com";
  node.address = "127.0.1.32";
  node.relay.open = true;
  Resolver dns;
  MtaAgent relay(node, dir_ / "mail", dir_ / "spool", dns, [] { return 0.0; });
  const fs::path file = dir_ / "etc" / node.id / "main.cf";
  relay.use_config_file(file);
  std::ifstream written(file);
  const std::string text((std::istreambuf_iterator<char>(written)), {});
  EXPECT_NE(text.find("smtpd_relay_restrictions = permit\n"), std::string::npos) << text;
  const auto stranger = from("127.0.0.1", "pc.example.org");
  EXPECT_FALSE(relay.check_recipient(stranger, path("karim", "menara.ma")));
  // What the student types: one more line, the last value wins.
  std::ofstream(file, std::ios::app) << "smtpd_relay_restrictions = permit_mynetworks, "
                                        "permit_sasl_authenticated, reject_unauth_destination\n";
  expect_reply(relay.check_recipient(stranger, path("karim", "menara.ma")), ReplyId::RelayDenied);
  auto authenticated = stranger;
  authenticated.auth_user = "benharraf";
  EXPECT_FALSE(relay.check_recipient(authenticated, path("karim", "menara.ma")));
}

TEST(MainCf, ListsAreReadInOrderFirstDecisionWins) {
  const MainCf cf = parse_main_cf(
      "# comment\nmynetworks = 127.0.1.0/24,\n  10.0.0.0/8\n"
      "smtpd_relay_restrictions = permit_mynetworks reject_unauth_destination\n"
      "srs_domain = gsimaroc.com\n");
  EXPECT_EQ(cf.mynetworks, (std::vector<std::string>{"127.0.1.0/24", "10.0.0.0/8"}));
  EXPECT_TRUE(cf.relay_permitted("127.0.1.5", false));
  EXPECT_TRUE(cf.relay_permitted("10.1.2.3", false));
  EXPECT_FALSE(cf.relay_permitted("127.0.0.1", true));  // no permit_sasl_authenticated
  EXPECT_EQ(cf.srs_domain, "gsimaroc.com");
  EXPECT_TRUE(
      parse_main_cf("smtpd_relay_restrictions = permit\n").relay_permitted("1.2.3.4", false));
  // The end of the list refuses.
  EXPECT_FALSE(parse_main_cf("smtpd_relay_restrictions = permit_sasl_authenticated\n")
                   .relay_permitted("1.2.3.4", false));
  // The file the lab writes reads back the same.
  const MainCf again = parse_main_cf(format_main_cf(cf, "node"));
  EXPECT_EQ(again.mynetworks, cf.mynetworks);
  EXPECT_EQ(again.relay_restrictions, cf.relay_restrictions);
  EXPECT_EQ(again.srs_domain, cf.srs_domain);
}

TEST(Srs, ForwardAndReverse) {
  const int day = srs_day(1700000000);
  const std::string srs = srs_forward("prof@univ.example", "gsimaroc.com", "secret", day);
  ASSERT_EQ(srs.rfind("SRS0=", 0), 0u) << srs;
  EXPECT_NE(srs.find("=univ.example=prof@gsimaroc.com"), std::string::npos) << srs;
  const std::string local = srs.substr(0, srs.rfind('@'));
  EXPECT_EQ(srs_reverse(local, "secret", day), "prof@univ.example");
  EXPECT_EQ(srs_reverse(local, "secret", day + 3), "prof@univ.example");
  EXPECT_FALSE(srs_reverse(local, "other secret", day));          // forged hash
  EXPECT_FALSE(srs_reverse(local, "secret", day + 30));           // expired
  EXPECT_FALSE(srs_reverse("prof", "secret", day));               // not SRS
  EXPECT_EQ(srs_forward("", "gsimaroc.com", "secret", day), "");  // a bounce stays null
  // Forwarded twice: rewritten from its own parts, not nested.
  const std::string twice = srs_forward(srs, "menara.ma", "secret", day);
  EXPECT_NE(twice.find("=univ.example=prof@menara.ma"), std::string::npos) << twice;
}

}  // namespace
}  // namespace smtplab::agents
