#include "sim/protocol/reply.hpp"

#include <gtest/gtest.h>

namespace smtplab::protocol {
namespace {

TEST(FormatReply, MultiLineUsesDashUntilTheLastLine) {
  const Reply r = make_reply(250, "", {"mail.example", "PIPELINING", "SIZE 1000"});
  EXPECT_EQ(format_reply(r), "250-mail.example\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");
}

TEST(FormatReply, EnhancedCodeOnEveryLine) {
  const Reply r = make_reply(550, "5.1.1", {"no such user", "try again"});
  EXPECT_EQ(format_reply(r), "550-5.1.1 no such user\r\n550 5.1.1 try again\r\n");
}

TEST(ReplyParser, AssemblesMultiLineReply) {
  ReplyParser p;
  EXPECT_EQ(p.feed_line("250-mx.example Hello"), ReplyParser::Status::NeedMore);
  EXPECT_EQ(p.feed_line("250-PIPELINING"), ReplyParser::Status::NeedMore);
  EXPECT_EQ(p.feed_line("250 HELP"), ReplyParser::Status::Complete);
  const Reply r = p.take();
  EXPECT_EQ(r.code, 250);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[1], "PIPELINING");
  EXPECT_FALSE(p.in_progress());
}

TEST(ReplyParser, SplitsEnhancedCode) {
  ReplyParser p;
  ASSERT_EQ(p.feed_line("250 2.1.0 Sender ok"), ReplyParser::Status::Complete);
  const Reply r = p.take();
  EXPECT_EQ(r.enhanced, "2.1.0");
  EXPECT_EQ(r.lines.at(0), "Sender ok");
}

TEST(ReplyParser, BareCodeIsALastLine) {
  ReplyParser p;
  ASSERT_EQ(p.feed_line("354"), ReplyParser::Status::Complete);
  EXPECT_EQ(p.take().code, 354);
}

TEST(ReplyParser, RejectsNonReplyAndMixedCodes) {
  ReplyParser p;
  EXPECT_EQ(p.feed_line("hello"), ReplyParser::Status::Bad);
  EXPECT_EQ(p.feed_line("25"), ReplyParser::Status::Bad);
  EXPECT_EQ(p.feed_line("250-a"), ReplyParser::Status::NeedMore);
  EXPECT_EQ(p.feed_line("251 b"), ReplyParser::Status::Bad);
  EXPECT_FALSE(p.in_progress());
}

TEST(TakeEnhancedCode, OnlyWellFormedCodes) {
  std::string_view t = "5.7.1 relay denied";
  EXPECT_EQ(take_enhanced_code(t), "5.7.1");
  EXPECT_EQ(t, "relay denied");
  std::string_view bad = "3.1.1 nope";
  EXPECT_EQ(take_enhanced_code(bad), "");
  std::string_view version = "2.0 not a code";
  EXPECT_EQ(take_enhanced_code(version), "");
}

}  // namespace
}  // namespace smtplab::protocol
