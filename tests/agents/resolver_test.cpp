// The simulated resolver: records from the default topology, MX order and implicit MX,
// NODATA vs NXDOMAIN, faults, the query observer and thread safety.
#include "sim/agents/resolver.hpp"
#include "tests/agents/topology_dns.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace smtplab::agents {
namespace {

using Records = std::vector<std::string>;

TEST(Resolver, NodesResolveByIdAndHostName) {
  const Resolver dns = resolver_for(lab::default_topology());
  EXPECT_EQ(dns.a("mx.menara.ma").records, Records{"127.0.2.20"});
  EXPECT_EQ(dns.a("MSA.gsimaroc.com.").records, Records{"127.0.1.20"});
  EXPECT_EQ(dns.a("pc-ali.gsimaroc.com").records, Records{"127.0.1.10"});  // hostname
  EXPECT_EQ(dns.a("mua.ali").records, Records{"127.0.1.10"});              // id
  EXPECT_EQ(dns.aaaa("mx.menara.ma").status, DnsStatus::NoData);
  EXPECT_EQ(dns.a("nowhere.example").status, DnsStatus::NxDomain);
}

TEST(Resolver, PtrNamesTheNode) {
  const Resolver dns = resolver_for(lab::default_topology());
  EXPECT_EQ(dns.ptr("127.0.2.20").records, Records{"mx.menara.ma"});
  EXPECT_EQ(dns.ptr("127.0.1.10").records, Records{"pc-ali.gsimaroc.com"});
  EXPECT_EQ(dns.ptr("127.9.9.9").status, DnsStatus::NxDomain);
  EXPECT_EQ(dns.ptr("not an address").status, DnsStatus::NxDomain);
}

TEST(Resolver, TxtRecordsAndNodataVersusNxdomain) {
  Resolver dns = resolver_for(lab::default_topology());
  EXPECT_EQ(dns.txt("gsimaroc.com").records, Records{"v=spf1 ip4:127.0.1.0/24 -all"});
  EXPECT_EQ(dns.txt("_dmarc.gsimaroc.com").records[0], "v=DMARC1; p=reject; adkim=r; aspf=r");
  EXPECT_EQ(dns.txt("mx.menara.ma").status, DnsStatus::NoData);
  EXPECT_EQ(dns.txt("lab._domainkey.gsimaroc.com").status, DnsStatus::NxDomain);
  dns.add_txt("lab._domainkey.gsimaroc.com", "v=DKIM1; k=rsa; p=AAAA");
  EXPECT_EQ(dns.txt("lab._domainkey.gsimaroc.com").records, Records{"v=DKIM1; k=rsa; p=AAAA"});
  // An empty non-terminal exists (RFC 8020): NODATA, not NXDOMAIN.
  EXPECT_EQ(dns.txt("_domainkey.gsimaroc.com").status, DnsStatus::NoData);
}

TEST(Resolver, MxSortedByPreferenceKeepingFileOrder) {
  lab::TopologySpec t;
  t.dns.push_back(
      {"example.org",
       {{20, "c.example.org"}, {10, "b.example.org"}, {20, "a.example.org"}, {5, "z.example.org"}},
       {},
       {},
       std::nullopt});
  const Resolver dns = resolver_for(t);
  const MxAnswer mx = dns.mail_exchangers("example.org");
  ASSERT_TRUE(mx.ok());
  EXPECT_FALSE(mx.implicit);
  const std::vector<MxRecord> expected{
      {5, "z.example.org"}, {10, "b.example.org"}, {20, "c.example.org"}, {20, "a.example.org"}};
  EXPECT_EQ(mx.records, expected);
}

TEST(Resolver, ImplicitMxForAddressOnlyNames) {
  lab::TopologySpec t = lab::default_topology();
  t.dns.push_back({"plain.example", {}, {"127.0.3.1"}, {}, std::nullopt});
  t.dns.push_back({"txt-only.example", {}, {}, {"v=spf1 -all"}, std::nullopt});
  const Resolver dns = resolver_for(t);
  const MxAnswer plain = dns.mail_exchangers("plain.example");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain.implicit);
  EXPECT_EQ(plain.records, (std::vector<MxRecord>{{0, "plain.example"}}));
  // A node's host name is its own MX too.
  const MxAnswer node = dns.mail_exchangers("relay.gsimaroc.com");
  EXPECT_TRUE(node.implicit);
  EXPECT_EQ(node.records, (std::vector<MxRecord>{{0, "relay.gsimaroc.com"}}));
  // But the raw MX query (SPF's view) says NODATA.
  EXPECT_EQ(dns.mx("plain.example").status, DnsStatus::NoData);
  // A domain with only TXT: no MX, no address, no mail.
  EXPECT_EQ(dns.mail_exchangers("txt-only.example").status, DnsStatus::NoData);
  EXPECT_EQ(dns.mail_exchangers("unknown.example").status, DnsStatus::NxDomain);
  const MxAnswer menara = dns.mail_exchangers("menara.ma");
  EXPECT_EQ(menara.records, (std::vector<MxRecord>{{10, "mx.menara.ma"}}));
}

TEST(Resolver, BrokenNamesAnswerServfail) {
  Resolver dns = resolver_for(lab::default_topology());
  dns.break_name("menara.ma");
  EXPECT_EQ(dns.mail_exchangers("menara.ma").status, DnsStatus::ServFail);
  EXPECT_EQ(dns.a("mx.menara.ma").status, DnsStatus::ServFail);  // below the broken name
  EXPECT_EQ(dns.a("msa.gsimaroc.com").status, DnsStatus::Answer);
  dns.repair_name("menara.ma");
  EXPECT_TRUE(dns.mail_exchangers("menara.ma").ok());
  dns.break_all(true);
  EXPECT_EQ(dns.txt("gsimaroc.com").status, DnsStatus::ServFail);
  dns.repair_all();
  EXPECT_TRUE(dns.txt("gsimaroc.com").ok());
}

TEST(Resolver, BrokenNamesAnswerAsTheirFaultSays) {
  Resolver dns = resolver_for(lab::default_topology());
  dns.break_name("menara.ma", DnsBreak::NxDomain);
  dns.break_name("mx.menara.ma", DnsBreak::Timeout);  // the closest broken name decides
  EXPECT_EQ(dns.mail_exchangers("menara.ma").status, DnsStatus::NxDomain);
  EXPECT_EQ(dns.a("mx.menara.ma").status, DnsStatus::Timeout);
  EXPECT_TRUE(dns_temporary(DnsStatus::Timeout));
  EXPECT_TRUE(dns_temporary(DnsStatus::ServFail));
  EXPECT_FALSE(dns_temporary(DnsStatus::NxDomain));
  EXPECT_STREQ(to_string(DnsStatus::Timeout), "timeout");
  dns.repair_all();
  dns.break_all(true, DnsBreak::Timeout);
  EXPECT_EQ(dns.txt("gsimaroc.com").status, DnsStatus::Timeout);
}

TEST(Resolver, EveryQueryIsReported) {
  Resolver dns = resolver_for(lab::default_topology());
  std::vector<DnsQueryEvent> events;
  dns.set_observer([&](const DnsQueryEvent& e) { events.push_back(e); });
  dns.mail_exchangers("menara.ma");
  dns.mail_exchangers("relay.gsimaroc.com");  // MX (NODATA) then A
  dns.txt("nowhere.example");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].name, "menara.ma");
  EXPECT_EQ(events[0].type, DnsType::MX);
  EXPECT_EQ(events[0].answers, Records{"10 mx.menara.ma"});
  EXPECT_EQ(events[1].status, DnsStatus::NoData);
  EXPECT_EQ(events[2].type, DnsType::A);
  EXPECT_EQ(events[2].answers, Records{"127.0.1.30"});
  EXPECT_EQ(events[3].status, DnsStatus::NxDomain);
  EXPECT_STREQ(to_string(events[3].status), "NXDOMAIN");
}

TEST(Resolver, ConcurrentReadersAndWriters) {
  Resolver dns = resolver_for(lab::default_topology());
  std::atomic<int> answered{0};
  dns.set_observer([&](const DnsQueryEvent&) { ++answered; });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&dns, t] {
      for (int i = 0; i < 200; ++i) {
        if (t == 0) dns.add_txt("k" + std::to_string(i) + ".example", "x");
        EXPECT_TRUE(dns.a("mx.menara.ma").ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(answered.load(), 800);
}

}  // namespace
}  // namespace smtplab::agents
