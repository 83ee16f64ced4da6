#include "sim/protocol/command.hpp"

#include <gtest/gtest.h>

namespace smtplab::protocol {
namespace {

TEST(ParseCommand, SplitsVerbAndArgumentAsSent) {
  const Command c = parse_command("mail FROM:<a@b.example> SIZE=10");
  EXPECT_EQ(c.verb, Verb::Mail);
  EXPECT_EQ(c.verb_text, "mail");
  EXPECT_EQ(c.argument, "FROM:<a@b.example> SIZE=10");
}

TEST(ParseCommand, VerbWithoutArgument) {
  const Command c = parse_command("DATA");
  EXPECT_EQ(c.verb, Verb::Data);
  EXPECT_EQ(c.argument, "");
}

TEST(ParseCommand, UnknownVerbKeepsItsText) {
  const Command c = parse_command("Subject: hello");
  EXPECT_EQ(c.verb, Verb::Unknown);
  EXPECT_EQ(c.verb_text, "Subject:");
  EXPECT_EQ(c.argument, "hello");
}

TEST(ParseCommand, StarttlsIsNotCutAfterFourLetters) {
  EXPECT_EQ(parse_command("STARTTLS").verb, Verb::Starttls);
  EXPECT_EQ(parse_command("STAR TLS").verb, Verb::Unknown);
}

TEST(CommandTable, EveryVerbHasSyntaxAndRfc) {
  for (const auto& spec : command_table()) {
    EXPECT_FALSE(spec.syntax.empty()) << spec.name;
    EXPECT_FALSE(spec.rfc.empty()) << spec.name;
    EXPECT_EQ(verb_from_name(spec.name), spec.verb);
  }
  EXPECT_EQ(find_command_spec(Verb::Unknown), nullptr);
}

TEST(CommandTable, EveryRowExplainsItselfInBothLanguages) {
  for (const auto& spec : command_table()) {
    EXPECT_FALSE(spec.explain_fr.empty()) << spec.name;
    EXPECT_FALSE(spec.explain_en.empty()) << spec.name;
    EXPECT_TRUE(spec.syntax.starts_with(spec.name)) << spec.name;
  }
}

TEST(CommandTable, StateRulesSayWhyAVerbIsOutOfSequence) {
  EXPECT_EQ(refusal_in(Verb::Mail, SessionState::Greeted), ReplyId::NeedHelo);
  EXPECT_EQ(refusal_in(Verb::Mail, SessionState::Ready), std::nullopt);
  EXPECT_EQ(refusal_in(Verb::Mail, SessionState::RcptGiven), ReplyId::SenderAlreadyGiven);
  EXPECT_EQ(refusal_in(Verb::Rcpt, SessionState::Ready), ReplyId::NeedMail);
  EXPECT_EQ(refusal_in(Verb::Data, SessionState::MailGiven), ReplyId::NeedRcpt);
  EXPECT_EQ(refusal_in(Verb::Starttls, SessionState::MailGiven), ReplyId::NotDuringTransaction);
  EXPECT_EQ(refusal_in(Verb::Noop, SessionState::Greeted), std::nullopt);
  EXPECT_EQ(refusal_in(Verb::Unknown, SessionState::Greeted), std::nullopt);
}

TEST(CommandTable, PipeliningGroupsFollowRfc2920) {
  for (Verb v : {Verb::Mail, Verb::Rcpt, Verb::Rset, Verb::Bdat}) {
    EXPECT_EQ(find_command_spec(v)->pipelining, Pipelining::Anywhere) << verb_name(v);
  }
  for (Verb v : {Verb::Ehlo, Verb::Data, Verb::Vrfy, Verb::Expn, Verb::Quit, Verb::Noop,
                 Verb::Starttls, Verb::Auth}) {
    EXPECT_EQ(find_command_spec(v)->pipelining, Pipelining::EndsGroup) << verb_name(v);
  }
  EXPECT_TRUE(payload_waits_for_reply(find_command_spec(Verb::Data)->payload));
  EXPECT_FALSE(payload_waits_for_reply(find_command_spec(Verb::Bdat)->payload));
  EXPECT_EQ(reply_spec(find_command_spec(Verb::Data)->success).code, 354);
}

TEST(CommandTable, LhloIsKnownButNotOfferedBySmtp) {
  EXPECT_EQ(parse_command("LHLO x").verb, Verb::Lhlo);
  EXPECT_FALSE(find_command_spec(Verb::Lhlo)->smtp);
  EXPECT_TRUE(verbs_starting_with("L").empty());
}

TEST(CommandTable, CompletionFromThePrefix) {
  EXPECT_EQ(verbs_starting_with("st"), (std::vector<std::string_view>{"STARTTLS"}));
  EXPECT_EQ(verbs_starting_with("E"), (std::vector<std::string_view>{"EHLO", "EXPN"}));
  EXPECT_EQ(verbs_starting_with("").size(), 14u);
  EXPECT_TRUE(verbs_starting_with("X").empty());
}

TEST(CommandTable, ConsoleCompletion) {
  EXPECT_EQ(complete_verb("ma"), "MAIL ");
  EXPECT_EQ(complete_verb("st"), "STARTTLS");  // takes no argument: no space
  EXPECT_EQ(complete_verb("e"), "e");          // EHLO or EXPN: nothing common beyond "E"
  EXPECT_EQ(complete_verb("R"), "R");          // RCPT or RSET
  EXPECT_EQ(complete_verb("xyz"), "xyz");
  EXPECT_EQ(complete_verb("MAIL FROM:"), "MAIL FROM:");
  EXPECT_EQ(complete_verb(""), "");
}

TEST(CommandTable, TrapsCatchTheWrongProtocol) {
  ASSERT_NE(find_trap("Subject:"), nullptr);
  EXPECT_EQ(find_trap("Subject:")->reply, ReplyId::HeaderAsCommand);
  EXPECT_FALSE(find_trap("Subject:")->closes);
  ASSERT_NE(find_trap("CONNECT"), nullptr);
  EXPECT_TRUE(find_trap("CONNECT")->closes);
  EXPECT_EQ(find_trap("GET")->reply, ReplyId::HttpAsCommand);
  EXPECT_EQ(find_trap("get"), nullptr);  // HTTP methods are case-sensitive
  EXPECT_EQ(find_trap("MAIL"), nullptr);
  EXPECT_EQ(find_trap("a b:"), nullptr);
}

TEST(CommandLine, SpelledFromTheTable) {
  EXPECT_EQ(command_line(Verb::Rcpt, "TO:<a@b.example>"), "RCPT TO:<a@b.example>");
  EXPECT_EQ(command_line(Verb::Quit), "QUIT");
}

}  // namespace
}  // namespace smtplab::protocol
