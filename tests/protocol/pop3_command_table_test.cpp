// The POP3 command table and response catalogue: parsing, the state rules, and the lines
// the catalogue builds (status, response code, text).
#include <gtest/gtest.h>

#include "sim/protocol/pop3/pop3_command_table.hpp"
#include "sim/protocol/pop3/pop3_response_catalogue.hpp"

namespace smtplab::protocol::pop3 {
namespace {

TEST(Pop3CommandTable, ParsesKeywordAndArgumentCaseInsensitively) {
  const Pop3Command c = parse_pop3_command("retr 12");
  EXPECT_EQ(c.verb, Pop3Verb::Retr);
  EXPECT_EQ(c.verb_text, "retr");
  EXPECT_EQ(c.argument, "12");
  EXPECT_EQ(parse_pop3_command("PASS a b  c").argument, "a b  c");
  EXPECT_EQ(parse_pop3_command("QUIT").argument, "");
  EXPECT_EQ(parse_pop3_command("HELO x").verb, Pop3Verb::Unknown);
  EXPECT_EQ(parse_pop3_command("").verb, Pop3Verb::Unknown);
}

TEST(Pop3CommandTable, EveryVerbHasOneRowWithItsSyntax) {
  for (int v = 0; v < static_cast<int>(Pop3Verb::Unknown); ++v) {
    const auto verb = static_cast<Pop3Verb>(v);
    const Pop3CommandSpec* spec = find_pop3_command(verb);
    ASSERT_NE(spec, nullptr) << v;
    EXPECT_EQ(pop3_verb_from_name(spec->name), verb);
    EXPECT_TRUE(spec->syntax.starts_with(spec->name)) << spec->name;
    EXPECT_TRUE(spec->in_authorization || spec->in_transaction) << spec->name;
    EXPECT_FALSE(spec->explain_en.empty()) << spec->name;
    EXPECT_FALSE(spec->explain_fr.empty()) << spec->name;
  }
  EXPECT_EQ(find_pop3_command(Pop3Verb::Unknown), nullptr);
  EXPECT_EQ(pop3_verb_name(Pop3Verb::Unknown), "UNKNOWN");
}

TEST(Pop3CommandTable, StatesFollowRfc1939) {
  EXPECT_TRUE(pop3_allowed_in(Pop3Verb::User, Pop3State::Authorization));
  EXPECT_FALSE(pop3_allowed_in(Pop3Verb::User, Pop3State::Transaction));
  EXPECT_FALSE(pop3_allowed_in(Pop3Verb::Retr, Pop3State::Authorization));
  EXPECT_TRUE(pop3_allowed_in(Pop3Verb::Retr, Pop3State::Transaction));
  EXPECT_TRUE(pop3_allowed_in(Pop3Verb::Quit, Pop3State::Authorization));
  EXPECT_TRUE(pop3_allowed_in(Pop3Verb::Capa, Pop3State::Transaction));
  EXPECT_FALSE(pop3_allowed_in(Pop3Verb::Stls, Pop3State::Transaction));
  EXPECT_FALSE(pop3_allowed_in(Pop3Verb::Noop, Pop3State::Update));
}

TEST(Pop3ResponseCatalogue, LinesCarryStatusCodeAndText) {
  EXPECT_EQ(pop3_response_line(Pop3ResponseId::Greeting, "pop.example"),
            "+OK pop.example POP3 SMTP Lab ready");
  EXPECT_EQ(pop3_response_line(Pop3ResponseId::LoginFailed),
            "-ERR [AUTH] invalid user name or password");
  EXPECT_EQ(pop3_response_line(Pop3ResponseId::MailboxInUse),
            "-ERR [IN-USE] maildrop already in use by another session");
  EXPECT_EQ(pop3_response_line(Pop3ResponseId::AuthContinue), "+ ");
  EXPECT_EQ(pop3_response_name(Pop3ResponseId::CleartextRefused), "CleartextRefused");
  EXPECT_EQ(pop3_response_spec(Pop3ResponseId::MailboxUnavailable).code, "SYS/TEMP");
}

}  // namespace
}  // namespace smtplab::protocol::pop3
