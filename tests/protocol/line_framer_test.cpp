#include "sim/protocol/line_framer.hpp"

#include <gtest/gtest.h>

namespace smtplab::protocol {
namespace {

TEST(LineFramer, SplitsCrlfLinesWithOffsets) {
  LineFramer f(510);
  f.append("EHLO a\r\nMAIL FROM:<>\r\nRC");
  auto l1 = f.next_line();
  ASSERT_TRUE(l1);
  EXPECT_EQ(l1->text, "EHLO a");
  EXPECT_EQ(l1->offset, 0u);
  EXPECT_EQ(l1->wire_length, 8u);
  auto l2 = f.next_line();
  ASSERT_TRUE(l2);
  EXPECT_EQ(l2->offset, 8u);
  EXPECT_FALSE(f.next_line());
  f.append("PT TO:<b@c>\r\n");
  auto l3 = f.next_line();
  ASSERT_TRUE(l3);
  EXPECT_EQ(l3->text, "RCPT TO:<b@c>");
  EXPECT_EQ(l3->offset, 22u);
}

TEST(LineFramer, FlagsBareLfBareCrAndNul) {
  LineFramer f(998);
  f.append(std::string("a\nb\rc\r\nd\0e\r\n", 12));
  auto a = f.next_line();
  EXPECT_EQ(a->ending, LineEnding::BareLf);
  auto b = f.next_line();
  EXPECT_TRUE(b->has_bare_cr);
  EXPECT_EQ(b->ending, LineEnding::Crlf);
  auto d = f.next_line();
  EXPECT_TRUE(d->has_nul);
}

TEST(LineFramer, OverlongLineIsReportedAndNotBufferedWhole) {
  LineFramer f(10);
  f.append(std::string(100000, 'x'));
  EXPECT_FALSE(f.next_line());
  EXPECT_LE(f.buffered(), 11u);
  f.append("yy\r\nNOOP\r\n");
  auto big = f.next_line();
  ASSERT_TRUE(big);
  EXPECT_TRUE(big->overlong);
  EXPECT_EQ(big->wire_length, 100004u);
  EXPECT_EQ(big->text.size(), 10u);
  auto next = f.next_line();
  EXPECT_EQ(next->text, "NOOP");
  EXPECT_EQ(next->offset, 100004u);
}

TEST(LineFramer, TakeRawAndDiscard) {
  LineFramer f(510);
  f.append("hello world\r\nQUIT\r\n");
  EXPECT_EQ(f.take_raw(5), "hello");
  EXPECT_EQ(f.offset(), 5u);
  EXPECT_EQ(f.discard_buffered(), 14u);
  EXPECT_EQ(f.buffered(), 0u);
  EXPECT_FALSE(f.next_line());
}

}  // namespace
}  // namespace smtplab::protocol
