// The display filter's parser: what it accepts (Wireshark's spelling and the first filter's
// shortcuts), the shape of the tree (precedence), and the column and reason of each error.
#include <gtest/gtest.h>

#include <string>

#include "gui/app/display_filter.hpp"
#include "gui/app/frame_filter.hpp"

namespace smtplab::app {
namespace {

using dfilter::FieldId;
using dfilter::Node;
using dfilter::Op;

std::string error_of(const std::string& text) {
  std::string error;
  const auto filter = FrameFilter::parse(text, error);
  EXPECT_FALSE(filter.has_value()) << text;
  return error;
}

dfilter::Expression parsed(const std::string& text) {
  dfilter::ParseError error;
  auto expression = dfilter::parse(text, error);
  EXPECT_TRUE(expression.has_value()) << text << ": " << error.text();
  return expression ? *expression : dfilter::Expression{};
}

TEST(DisplayFilterParse, AcceptsWiresharkFilters) {
  for (const char* text : {"smtp",
                           "tls",
                           "tcp",
                           "ip",
                           "tcp.port == 25",
                           "tcp.srcport==25",
                           "tcp.dstport eq 25",
                           "ip.src == 127.0.0.1",
                           "ip.dst != 10.0.0.1",
                           "ip.addr == 127.0.0.0/8",
                           "tcp.stream eq 0",
                           "smtp.req.command == \"MAIL\"",
                           "smtp.req.command == MAIL",
                           "smtp.req.parameter contains \"@example\"",
                           "smtp.response.code >= 400",
                           "smtp.response.code lt 300 and smtp.response.code ge 200",
                           "smtp.req",
                           "smtp.response",
                           "frame.number <= 10",
                           "!smtp",
                           "not tls",
                           "smtp && tcp",
                           "smtp || tls",
                           "smtp and tcp",
                           "smtp or tls",
                           "(smtp || tls) && !(tcp.port == 25)",
                           "ipv6.addr == ::1",
                           "ipv6.src == 2001:db8::/32",
                           "tcp.flags.syn == 1",
                           "tcp.port == 0x19",
                           "  smtp  ",
                           "smtp AND tcp",
                           "smtp.rsp.parameter contains \"\\\"quoted\\\" \\x41\""}) {
    parsed(text);
  }
}

TEST(DisplayFilterParse, KeepsTheFirstFiltersShortcuts) {
  EXPECT_EQ(parsed("MAIL").nodes[0].field, FieldId::LegacyVerb);
  EXPECT_EQ(parsed("ehlo").nodes[0].field, FieldId::LegacyVerb);
  EXPECT_EQ(parsed("550").nodes[0].field, FieldId::LegacyNumber);
  EXPECT_EQ(parsed("25").nodes[0].field, FieldId::LegacyNumber);
  EXPECT_EQ(parsed("10.10.1.4").nodes[0].field, FieldId::LegacyAddress);
  EXPECT_EQ(parsed("code=250").nodes[0].field, FieldId::LegacyCode);
  EXPECT_EQ(parsed("port=25").nodes[0].field, FieldId::LegacyPort);
  EXPECT_EQ(parsed("proto=smtp").nodes[0].field, FieldId::LegacyProtocol);
  const auto both = parsed("addr=10.10.1.4 smtp");  // side by side: "and"
  ASSERT_EQ(both.nodes[static_cast<std::size_t>(both.root)].kind, Node::Kind::And);
  // "smtp" alone is Wireshark's protocol now, not the shortcut.
  EXPECT_EQ(parsed("smtp").nodes[0].field, FieldId::Smtp);
}

TEST(DisplayFilterParse, EmptyKeepsEverything) {
  EXPECT_EQ(parsed("").root, -1);
  EXPECT_EQ(parsed("   ").root, -1);
}

TEST(DisplayFilterParse, NotBeforeAndBeforeOr) {
  const auto e = parsed("smtp || tls && !tcp");
  const Node& root = e.nodes[static_cast<std::size_t>(e.root)];
  ASSERT_EQ(root.kind, Node::Kind::Or);
  ASSERT_EQ(root.operands.size(), 2u);
  const Node& right = e.nodes[static_cast<std::size_t>(root.operands[1])];
  ASSERT_EQ(right.kind, Node::Kind::And);
  EXPECT_EQ(e.nodes[static_cast<std::size_t>(right.operands[1])].kind, Node::Kind::Not);
}

TEST(DisplayFilterParse, LongChainsStayFlat) {
  std::string text = "smtp";
  for (int i = 0; i < 5000; ++i) text += " && tcp";
  const auto e = parsed(text);
  EXPECT_EQ(e.nodes[static_cast<std::size_t>(e.root)].operands.size(), 5001u);
}

TEST(DisplayFilterParse, ValuesAreTyped) {
  const auto cidr = parsed("ip.addr == 127.0.0.0/8");
  EXPECT_EQ(cidr.nodes[0].value.prefix, 8u);
  EXPECT_EQ(cidr.nodes[0].value.bytes[0], 127);
  const auto code = parsed("smtp.response.code ge 400");
  EXPECT_EQ(code.nodes[0].op, Op::Ge);
  EXPECT_EQ(code.nodes[0].value.number, 400u);
  EXPECT_EQ(parsed("smtp.req.command == \"MA\\x49L\"").nodes[0].value.text, "MAIL");
}

TEST(DisplayFilterErrors, SayWhereAndWhy) {
  EXPECT_EQ(error_of("tcp.port =="),
            "column 12: expected a value after '==', found the end of the filter");
  EXPECT_EQ(error_of("smtp.foo"), "column 1: unknown field 'smtp.foo'");
  EXPECT_EQ(error_of("tcp.port == 25 && smtp.foo == 1"), "column 19: unknown field 'smtp.foo'");
  EXPECT_EQ(error_of("foo"), "column 1: unknown field 'foo'");
  EXPECT_EQ(error_of("tcp.port == abc"), "column 13: 'abc' is not a number (tcp.port is a number)");
  EXPECT_EQ(error_of("ip.src == 300.1.1.1"),
            "column 11: '300.1.1.1' is not an IPv4 address (ip.src is an IPv4 address)");
  EXPECT_EQ(error_of("ip.addr == 10.0.0.0/33"),
            "column 12: '10.0.0.0/33' is not an IPv4 address (ip.addr is an IPv4 address)");
  EXPECT_EQ(error_of("smtp == 1"),
            "column 6: 'smtp' is a protocol: it cannot be compared, write it alone");
  EXPECT_EQ(error_of("tcp.port contains \"2\""),
            "column 10: 'contains' needs a text field; tcp.port is a number");
  EXPECT_EQ(error_of("tcp.flags.syn == 2"),
            "column 18: '2' is not 0 or 1 (tcp.flags.syn is 0 or 1)");
}

TEST(DisplayFilterErrors, Structure) {
  EXPECT_EQ(error_of("&& smtp"), "column 1: expected a field, '(' or '!', found '&&'");
  EXPECT_EQ(error_of("smtp &&"),
            "column 8: expected a field after '&&', found the end of the filter");
  EXPECT_EQ(error_of("!"), "column 2: expected a field after '!', found the end of the filter");
  EXPECT_EQ(error_of("(smtp"),
            "column 6: expected ')' to close the '(' at column 1, found the end of the filter");
  EXPECT_EQ(error_of("smtp)"), "column 5: ')' without a '(' before it");
  EXPECT_EQ(error_of("()"), "column 2: empty parentheses");
  EXPECT_EQ(error_of("smtp $ tcp"), "column 6: unexpected character '$'");
  EXPECT_EQ(error_of("tcp.port == 25 == 3"), "column 16: unexpected '==' after a complete test");
  EXPECT_EQ(error_of("smtp.req.command == \"MAIL"),
            "column 21: the string that starts here has no closing '\"'");
  EXPECT_EQ(error_of("smtp.req.command == \"\\x4\""),
            "column 22: '\\x' needs two hexadecimal digits");
  EXPECT_EQ(error_of("tcp.port == ||"), "column 13: expected a value after '==', found '||'");
}

TEST(DisplayFilterErrors, Shortcuts) {
  EXPECT_EQ(error_of("port=abc"), "column 6: 'abc' is not a number");
  EXPECT_EQ(error_of("proto=foo"), "column 7: 'foo' is not a protocol (tcp, smtp, tls, ip)");
  EXPECT_EQ(error_of("port>25"),
            "column 5: 'port' takes only '=' (or use a Wireshark field such as tcp.port)");
  EXPECT_EQ(error_of("code="), "column 6: expected a value after '=', found the end of the filter");
}

TEST(DisplayFilterErrors, AlsoInFrench) {
  dfilter::ParseError error;
  EXPECT_FALSE(dfilter::parse("tcp.port ==", error));
  EXPECT_EQ(error.text_fr(), "colonne 12 : valeur attendue après '==', trouvé la fin du filtre");
  EXPECT_FALSE(dfilter::parse("smtp.foo", error));
  EXPECT_EQ(error.text_fr(), "colonne 1 : champ inconnu 'smtp.foo'");
  EXPECT_FALSE(dfilter::parse("tcp.port == abc", error));
  EXPECT_EQ(error.text_fr(), "colonne 13 : 'abc' n'est pas un nombre (tcp.port est un nombre)");
  // Every refusal has its French reason.
  for (const char* text : {"(smtp", "smtp)", "()", "$", "\"x", "smtp == 1", "port>1", "proto=x",
                           "tcp.port contains \"1\"", "&&", "smtp &&"}) {
    EXPECT_FALSE(dfilter::parse(text, error)) << text;
    EXPECT_FALSE(error.reason_fr.empty()) << text;
  }
}

TEST(DisplayFilterErrors, DeepNestingIsRefusedNotCrashed) {
  const std::string deep = std::string(1000, '(') + "smtp" + std::string(1000, ')');
  EXPECT_NE(error_of(deep).find("nested too deeply"), std::string::npos);
  const std::string nots = std::string(1000, '!') + "smtp";
  EXPECT_NE(error_of(nots).find("nested too deeply"), std::string::npos);
}

}  // namespace
}  // namespace smtplab::app
