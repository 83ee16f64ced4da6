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

}  // namespace
}  // namespace smtplab::protocol
