// RFC 5322 §3.4 address lists.
#include <gtest/gtest.h>

#include "sim/message/address.hpp"

namespace {

using namespace smtplab::message;

TEST(Address, NameAddrAndAddrSpec) {
  const AddressList l =
      parse_address_list("\"Gurpartap Singh\" <gurpartap@patriots.in>, ericlim220@yahoo.com");
  ASSERT_EQ(l.addresses.size(), 2u);
  EXPECT_EQ(l.addresses[0].display_name, "Gurpartap Singh");
  EXPECT_EQ(l.addresses[0].local_part, "gurpartap");
  EXPECT_EQ(l.addresses[0].domain, "patriots.in");
  EXPECT_EQ(l.addresses[1].display_name, "");
  EXPECT_EQ(l.addresses[1].addr_spec(), "ericlim220@yahoo.com");
  EXPECT_TRUE(l.notes.empty());
}

TEST(Address, UnquotedPhraseCommaInQuotesAndFolding) {
  const AddressList l =
      parse_address_list("Albert Zaharovits <albert@example.com>,\r\n \"Doe, John\" <john@x.org>");
  ASSERT_EQ(l.addresses.size(), 2u);
  EXPECT_EQ(l.addresses[0].display_name, "Albert Zaharovits");
  EXPECT_EQ(l.addresses[1].display_name, "Doe, John");
}

TEST(Address, EncodedWordDisplayName) {
  const AddressList l =
      parse_address_list("=?utf-8?Q?Fran=C3=A7ois?= =?utf-8?Q?_L=C3=A9vy?= <fl@ex.fr>");
  ASSERT_EQ(l.addresses.size(), 1u);
  EXPECT_EQ(l.addresses[0].display_name, "Fran\xC3\xA7ois L\xC3\xA9vy");
}

TEST(Address, CommentsAndOldStyleName) {
  const AddressList l =
      parse_address_list("ali (Ali Belabbas) @ gsimaroc.com, b@c (Bob (the) Builder)");
  ASSERT_EQ(l.addresses.size(), 2u);
  EXPECT_EQ(l.addresses[0].addr_spec(), "ali@gsimaroc.com");
  EXPECT_EQ(l.addresses[0].display_name, "Ali Belabbas");
  EXPECT_EQ(l.addresses[1].display_name, "Bob (the) Builder");
}

TEST(Address, Groups) {
  const AddressList l =
      parse_address_list("Team: a@x.org, B <b@x.org>;, c@y.org, undisclosed-recipients:;");
  ASSERT_EQ(l.addresses.size(), 3u);
  EXPECT_EQ(l.addresses[0].group, "Team");
  EXPECT_EQ(l.addresses[1].group, "Team");
  EXPECT_EQ(l.addresses[1].display_name, "B");
  EXPECT_EQ(l.addresses[2].group, "");
  EXPECT_EQ(l.addresses[2].addr_spec(), "c@y.org");
}

TEST(Address, QuotedLocalPartDomainLiteralAndSourceRoute) {
  const AddressList l = parse_address_list(
      "\"john doe\"@example.com, <postmaster@[127.0.0.1]>, <@relay.org:user@dest.org>");
  ASSERT_EQ(l.addresses.size(), 3u);
  EXPECT_EQ(l.addresses[0].local_part, "john doe");
  EXPECT_EQ(l.addresses[0].addr_spec(), "\"john doe\"@example.com");
  EXPECT_EQ(l.addresses[1].domain, "[127.0.0.1]");
  EXPECT_EQ(l.addresses[2].addr_spec(), "user@dest.org");
}

TEST(Address, BrokenEntriesAreNotedAndSkipped) {
  const AddressList l = parse_address_list("<a@b.c, , >>> , d@e.f, \"X\" <g@h.i");
  EXPECT_FALSE(l.notes.empty());
  bool found_d = false;
  for (const auto& a : l.addresses) found_d = found_d || a.addr_spec() == "d@e.f";
  EXPECT_TRUE(found_d);
}

TEST(Address, FormatAndParseBack) {
  const Address plain{"", "ali.belabbas", "gsimaroc.com", ""};
  EXPECT_EQ(format_address(plain), "ali.belabbas@gsimaroc.com");
  const Address quoted{"Doe, John", "john", "x.org", ""};
  EXPECT_EQ(format_address(quoted), "\"Doe, John\" <john@x.org>");
  const Address french{"\xC3\x89lodie L\xC5\x93uvre", "elodie", "ecole.fr", ""};
  const std::string f = format_address(french);
  EXPECT_NE(f.find("=?utf-8?"), std::string::npos);
  for (const Address& a : {plain, quoted, french}) {
    const AddressList back = parse_address_list(format_address(a));
    ASSERT_EQ(back.addresses.size(), 1u);
    EXPECT_EQ(back.addresses[0].display_name, a.display_name);
    EXPECT_EQ(back.addresses[0].addr_spec(), a.addr_spec());
  }
  EXPECT_EQ(format_address_list({plain, quoted}),
            "ali.belabbas@gsimaroc.com, \"Doe, John\" <john@x.org>");
}

}  // namespace
