// RFC 5322 §3.3 dates and Message-ID generation.
#include <gtest/gtest.h>

#include "sim/message/date.hpp"

namespace {

using namespace smtplab::message;

TEST(Date, ParsesTheCommonForm) {
  const auto d = parse_date("Tue, 17 Dec 2013 09:50:16 -0500");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2013);
  EXPECT_EQ(d->month, 12);
  EXPECT_EQ(d->day, 17);
  EXPECT_EQ(d->hour, 9);
  EXPECT_EQ(d->minute, 50);
  EXPECT_EQ(d->second, 16);
  EXPECT_EQ(d->utc_offset_minutes, -300);
  EXPECT_EQ(d->to_unix(), 1387291816);
}

TEST(Date, ObsoleteForms) {
  const auto a = parse_date("5 Oct 09 11:36 +0530 (IST)");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->year, 2009);
  EXPECT_EQ(a->second, 0);
  EXPECT_EQ(a->utc_offset_minutes, 330);
  const auto b = parse_date("Mon, 5 Oct 1999 11:36:07 EST");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->utc_offset_minutes, -300);
  const auto c = parse_date("  Sat,\r\n 25 Jul 2015 16:43:07 GMT");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->utc_offset_minutes, 0);
  EXPECT_EQ(parse_date("1 Jan 75 00:00:00 +0000")->year, 1975);
}

TEST(Date, RejectsNonDates) {
  EXPECT_FALSE(parse_date(""));
  EXPECT_FALSE(parse_date("yesterday"));
  EXPECT_FALSE(parse_date("31 Feb 2020 10:00:00 +0000"));
  EXPECT_FALSE(parse_date("1 Foo 2020 10:00:00 +0000"));
  EXPECT_FALSE(parse_date("1 Jan 2020 25:00:00 +0000"));
}

TEST(Date, FormatsWithDayOfWeek) {
  DateTime d;
  d.year = 2013, d.month = 12, d.day = 17, d.hour = 9, d.minute = 50, d.second = 16;
  d.utc_offset_minutes = -300;
  EXPECT_EQ(format_date(d), "Tue, 17 Dec 2013 09:50:16 -0500");
  EXPECT_EQ(format_date(DateTime::from_unix(0)), "Thu, 1 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(format_date(DateTime::from_unix(951782400, 90)), "Tue, 29 Feb 2000 01:30:00 +0130");
}

TEST(Date, UnixRoundTrip) {
  for (std::int64_t t = -100000000; t < 4000000000; t += 9876543) {
    for (int off : {0, 60, -300, 330}) {
      const DateTime d = DateTime::from_unix(t, off);
      EXPECT_EQ(d.to_unix(), t);
      EXPECT_EQ(parse_date(format_date(d)), d);
    }
  }
}

TEST(Date, MessageIds) {
  EXPECT_EQ(make_message_id("gsimaroc.com", 36, 35), "<10.z@gsimaroc.com>");
  const std::string a = generate_message_id("x.org");
  const std::string b = generate_message_id("x.org");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.front(), '<');
  EXPECT_TRUE(a.ends_with("@x.org>"));
}

}  // namespace
