// IPv4/IPv6 parsing, formatting, reverse names and CIDR matching.
#include "sim/agents/ip_range.hpp"

#include <gtest/gtest.h>

namespace smtplab::agents {
namespace {

TEST(IpAddress, ParsesAndFormatsIpv4) {
  const auto a = IpAddress::parse("127.0.1.20");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->to_string(), "127.0.1.20");
  EXPECT_EQ(a->reverse_name(), "20.1.0.127.in-addr.arpa");
}

TEST(IpAddress, RejectsMalformedIpv4) {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d",
                          "1.2.3.4 ", "1.2.3.4/"}) {
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
  }
}

TEST(IpAddress, ParsesIpv6Forms) {
  EXPECT_EQ(IpAddress::parse("::1")->to_string(), "::1");
  EXPECT_EQ(IpAddress::parse("::")->to_string(), "::");
  EXPECT_EQ(IpAddress::parse("2001:DB8:0:0:0:0:0:1")->to_string(), "2001:db8::1");
  EXPECT_EQ(IpAddress::parse("2001:db8:0:1:0:0:1:0")->to_string(), "2001:db8:0:1::1:0");
  const auto mapped = IpAddress::parse("::ffff:127.0.1.20");
  ASSERT_TRUE(mapped);
  EXPECT_FALSE(mapped->is_v4());
  EXPECT_EQ(mapped->unmapped().to_string(), "127.0.1.20");
  for (const char* bad : {":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                          "12345::", "g::1", "1:", ":1", "::1.2.3"}) {
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
  }
}

TEST(IpAddress, Ipv6ReverseAndMacroForms) {
  const auto a = IpAddress::parse("2001:db8::cb01");
  ASSERT_TRUE(a);
  // RFC 7208 §7.4's example.
  EXPECT_EQ(a->spf_macro_form(), "2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1");
  EXPECT_EQ(a->reverse_name(),
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
}

TEST(IpRange, MatchesPrefixes) {
  const auto range = IpRange::parse("127.0.1.0/24");
  ASSERT_TRUE(range);
  EXPECT_TRUE(range->contains(*IpAddress::parse("127.0.1.20")));
  EXPECT_FALSE(range->contains(*IpAddress::parse("127.0.2.20")));
  EXPECT_FALSE(range->contains(*IpAddress::parse("::1")));
  EXPECT_TRUE(IpRange::parse("0.0.0.0/0")->contains(*IpAddress::parse("9.9.9.9")));
  EXPECT_TRUE(IpRange::parse("10.0.0.0/9")->contains(*IpAddress::parse("10.127.0.1")));
  EXPECT_FALSE(IpRange::parse("10.0.0.0/9")->contains(*IpAddress::parse("10.128.0.1")));
  EXPECT_TRUE(IpRange::parse("2001:db8::/32")->contains(*IpAddress::parse("2001:db8:ff::1")));
  EXPECT_EQ(IpRange::parse("127.0.0.1")->prefix_length, 32);
  for (const char* bad : {"127.0.0.0/33", "127.0.0.0/024", "127.0.0.0/", "::/129", "x/8"}) {
    EXPECT_FALSE(IpRange::parse(bad)) << bad;
  }
}

}  // namespace
}  // namespace smtplab::agents
