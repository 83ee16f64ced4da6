// Received and Return-Path: building and parsing.
#include <gtest/gtest.h>

#include "sim/message/header.hpp"
#include "sim/message/trace.hpp"

namespace {

using namespace smtplab::message;

TEST(Trace, WithProtocolKeywords) {
  EXPECT_EQ(with_protocol(false, false, false), "SMTP");
  EXPECT_EQ(with_protocol(true, false, false), "ESMTP");
  EXPECT_EQ(with_protocol(true, true, false), "ESMTPS");
  EXPECT_EQ(with_protocol(true, false, true), "ESMTPA");
  EXPECT_EQ(with_protocol(true, true, true), "ESMTPSA");
}

TEST(Trace, BuildsReceivedInRfc5321Form) {
  ReceivedSpec s;
  s.helo = "client.gsimaroc.com";
  s.rdns = "client.gsimaroc.com";
  s.ip = "127.0.1.10";
  s.by = "mail.gsimaroc.com";
  s.with = "ESMTPSA";
  s.id = "4F2A1";
  s.for_rcpt = "ali.belabbas@gsimaroc.com";
  s.date = DateTime::from_unix(1387291816, -300);
  const std::string field = format_received(s);
  EXPECT_EQ(field,
            "Received: from client.gsimaroc.com (client.gsimaroc.com [127.0.1.10])\r\n"
            "\tby mail.gsimaroc.com with ESMTPSA id 4F2A1\r\n"
            "\tfor <ali.belabbas@gsimaroc.com>;\r\n"
            "\tTue, 17 Dec 2013 09:50:16 -0500\r\n");
  // And back.
  const HeaderBlock h = parse_header_block(field + "\r\n");
  ASSERT_EQ(h.headers.fields.size(), 1u);
  const ReceivedInfo r = parse_received(h.headers.fields[0].value);
  EXPECT_EQ(r.from, "client.gsimaroc.com");
  EXPECT_EQ(r.from_rdns, "client.gsimaroc.com");
  EXPECT_EQ(r.from_ip, "127.0.1.10");
  EXPECT_EQ(r.by, "mail.gsimaroc.com");
  EXPECT_EQ(r.with, "ESMTPSA");
  EXPECT_EQ(r.id, "4F2A1");
  EXPECT_EQ(r.for_addr, "ali.belabbas@gsimaroc.com");
  ASSERT_TRUE(r.date);
  EXPECT_EQ(r.date->to_unix(), 1387291816);
  EXPECT_TRUE(r.notes.empty());
}

TEST(Trace, ParsesRealWorldReceivedFields) {
  const ReceivedInfo a = parse_received(
      "from xxxxxxxxxxxxx.xxx.com (localhost.localdomain [127.0.0.1])\r\n"
      "\tby xxxxxxxxxxxxx.xxx.com (8.14.4/8.14.4) with ESMTP id rBHEoG4S029660\r\n"
      "\tfor <xxxxxxxxx@xxxxxxx.com>; Tue, 17 Dec 2013 09:50:17 -0500");
  EXPECT_EQ(a.from, "xxxxxxxxxxxxx.xxx.com");
  EXPECT_EQ(a.from_rdns, "localhost.localdomain");
  EXPECT_EQ(a.from_ip, "127.0.0.1");
  EXPECT_EQ(a.by_comment, "8.14.4/8.14.4");
  EXPECT_EQ(a.with, "ESMTP");
  EXPECT_EQ(a.id, "rBHEoG4S029660");
  EXPECT_EQ(a.for_addr, "xxxxxxxxx@xxxxxxx.com");
  EXPECT_EQ(a.date_text, "Tue, 17 Dec 2013 09:50:17 -0500");

  const ReceivedInfo b = parse_received(
      "(from xxxxx@localhost) by host (8.14.4/Submit) id rBHEoGha029657 for x@y.com; "
      "Tue, 17 Dec 2013 09:50:16 -0500");
  EXPECT_EQ(b.from, "");
  EXPECT_EQ(b.by, "host");
  EXPECT_EQ(b.for_addr, "x@y.com");
  EXPECT_FALSE(b.notes.empty());  // the comment before any clause

  const ReceivedInfo c = parse_received(
      "from mx.example (unknown [IPv6:2001:db8::1]) by in.example (Postfix) with ESMTPS id 1A "
      "(using TLSv1.3; cipher X) for <u@in.example>; Sat, 25 Jul 2015 16:43:07 +0300");
  EXPECT_EQ(c.from_ip, "IPv6:2001:db8::1");
  EXPECT_EQ(c.from_rdns, "unknown");
  EXPECT_EQ(c.for_addr, "u@in.example");
  ASSERT_TRUE(c.date);
}

TEST(Trace, GarbageDoesNotBreakTheParser) {
  const ReceivedInfo r = parse_received("from (((; by");
  EXPECT_FALSE(r.notes.empty());
  EXPECT_FALSE(r.date);
}

TEST(Trace, ReturnPath) {
  EXPECT_EQ(format_return_path("ali@gsimaroc.com"), "Return-Path: <ali@gsimaroc.com>\r\n");
  EXPECT_EQ(format_return_path(""), "Return-Path: <>\r\n");
  EXPECT_EQ(format_return_path("<x@y>"), "Return-Path: <x@y>\r\n");
  EXPECT_EQ(parse_return_path(" <ali@gsimaroc.com> "), "ali@gsimaroc.com");
  EXPECT_EQ(parse_return_path("<>"), "");
  EXPECT_FALSE(parse_return_path("ali@x"));
}

}  // namespace
