// Header section: the split at the first empty line, the course's pitfall, folding,
// case-insensitive lookup, Received order and byte offsets.
#include <gtest/gtest.h>

#include "sim/message/header.hpp"

namespace {

using namespace smtplab::message;

TEST(Header, SplitsAtFirstEmptyLine) {
  const std::string raw = "From: a@b\r\nSubject: hi\r\n\r\nBody: not a header\r\n\r\nmore\r\n";
  const HeaderBlock h = parse_header_block(raw);
  EXPECT_EQ(h.end, HeaderEnd::EmptyLine);
  ASSERT_EQ(h.headers.fields.size(), 2u);
  EXPECT_EQ(h.header_end, 24u);
  EXPECT_EQ(h.body_offset, 26u);
  EXPECT_EQ(raw.substr(h.body_offset), "Body: not a header\r\n\r\nmore\r\n");
}

TEST(Header, PitfallBodyLineWithoutEmptyLineBecomesAHeader) {
  // The student forgot the empty line: "Bonjour: ..." looks like a field, so it is one,
  // and the body is empty up to the empty line that comes later.
  const std::string raw = "Subject: test\r\nBonjour: voici mon message\r\n\r\nsuite\r\n";
  const HeaderBlock h = parse_header_block(raw);
  ASSERT_EQ(h.headers.fields.size(), 2u);
  EXPECT_EQ(h.headers.fields[1].name, "Bonjour");
  EXPECT_EQ(h.headers.fields[1].value, "voici mon message");
  EXPECT_EQ(h.end, HeaderEnd::EmptyLine);
  EXPECT_EQ(raw.substr(h.body_offset), "suite\r\n");
}

TEST(Header, PitfallFirstLineThatIsNoFieldStartsTheBody) {
  const std::string raw = "Subject: test\r\nHello Alice, how are you?\r\nBye\r\n";
  const HeaderBlock h = parse_header_block(raw);
  ASSERT_EQ(h.headers.fields.size(), 1u);
  EXPECT_EQ(h.end, HeaderEnd::NonHeaderLine);
  EXPECT_EQ(h.header_end, 15u);
  EXPECT_EQ(h.body_offset, 15u);
  ASSERT_EQ(h.notes.size(), 1u);
  EXPECT_EQ(h.notes[0], (MimeNote{MimeAnomaly::NoEmptyLineBeforeBody, {"15"}}));
}

TEST(Header, NoHeaderAtAll) {
  const HeaderBlock h = parse_header_block("Message 1\r\n");
  EXPECT_TRUE(h.headers.fields.empty());
  EXPECT_EQ(h.end, HeaderEnd::NonHeaderLine);
  EXPECT_EQ(h.body_offset, 0u);
}

TEST(Header, EndOfInputInsideHeader) {
  const HeaderBlock h = parse_header_block("Subject: x\r\nTo: y");
  EXPECT_EQ(h.end, HeaderEnd::EndOfInput);
  ASSERT_EQ(h.headers.fields.size(), 2u);
  EXPECT_EQ(h.headers.fields[1].value, "y");
  EXPECT_EQ(h.body_offset, 17u);
}

TEST(Header, FoldingKeepsRawAndUnfolds) {
  const std::string raw = "Cc: felica4uu@hotmail.com,\r\n davis_mark1@outlook.com\r\nX: 1\r\n\r\n";
  const HeaderBlock h = parse_header_block(raw);
  ASSERT_EQ(h.headers.fields.size(), 2u);
  const HeaderField& cc = h.headers.fields[0];
  EXPECT_EQ(cc.raw_value, " felica4uu@hotmail.com,\r\n davis_mark1@outlook.com");
  EXPECT_EQ(cc.value, "felica4uu@hotmail.com, davis_mark1@outlook.com");
  EXPECT_EQ(cc.offset, 0u);
  EXPECT_EQ(cc.length, 54u);
  EXPECT_EQ(raw.substr(cc.offset, cc.length),
            "Cc: felica4uu@hotmail.com,\r\n davis_mark1@outlook.com\r\n");
  EXPECT_EQ(h.headers.fields[1].offset, 54u);
}

TEST(Header, BareLfLinesAndTabs) {
  const HeaderBlock h = parse_header_block("Subject: a\n\tb\nTo: c\n\nbody");
  ASSERT_EQ(h.headers.fields.size(), 2u);
  EXPECT_EQ(h.headers.fields[0].value, "a\tb");
  EXPECT_EQ(h.body_offset, 21u);
}

TEST(Header, CaseInsensitiveLookupAndAllOccurrences) {
  const std::string raw = "Received: from c by b\r\nreceived: from b by a\r\nSUBJECT: s\r\n\r\n";
  const HeaderBlock h = parse_header_block(raw);
  EXPECT_EQ(h.headers.get("subject"), "s");
  EXPECT_TRUE(h.headers.contains("Subject"));
  EXPECT_FALSE(h.headers.contains("From"));
  const auto received = h.headers.find_all("RECEIVED");
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0]->value, "from c by b");
  EXPECT_EQ(received[1]->value, "from b by a");
  EXPECT_EQ(received[1]->offset, 23u);
}

TEST(Header, BaseOffsetIsAdded) {
  const HeaderBlock h = parse_header_block("A: 1\r\n\r\n", 100);
  EXPECT_EQ(h.headers.fields[0].offset, 100u);
  EXPECT_EQ(h.body_offset, 108u);
}

TEST(Header, MboxFromLineSkipped) {
  const HeaderBlock h = parse_header_block("From someone Tue Dec 17\r\nSubject: x\r\n\r\n");
  ASSERT_EQ(h.headers.fields.size(), 1u);
  EXPECT_EQ(h.headers.fields[0].name, "Subject");
  ASSERT_EQ(h.notes.size(), 1u);
  EXPECT_EQ(h.notes[0].anomaly, MimeAnomaly::MboxFromLine);
}

TEST(Header, FoldFieldKeepsLinesShortAndUnfoldsBack) {
  std::string value;
  for (int i = 0; i < 30; ++i) value += "word" + std::to_string(i) + " ";
  value += "end";
  const std::string field = fold_field("Subject", value);
  std::size_t start = 0;
  while (start < field.size()) {
    const std::size_t end = field.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 78u);
    start = end + 2;
  }
  const HeaderBlock h = parse_header_block(field + "\r\n");
  EXPECT_EQ(h.headers.get("Subject"), value);
}

TEST(Header, FoldFieldNeutralisesInjectedLineBreaks) {
  const std::string field = fold_field("Subject", "hi\r\nBcc: victim@example.com");
  const HeaderBlock h = parse_header_block(field + "\r\n");
  EXPECT_EQ(h.headers.fields.size(), 1u);
  EXPECT_FALSE(h.headers.contains("Bcc"));
}

}  // namespace
