// Issue 14 item 12: every charset glibc's iconv knows is decoded, in subjects (encoded
// words), attachment names (RFC 2231) and text parts; a charset nobody knows stays unknown.
#include <gtest/gtest.h>

#include "sim/message/charset.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/mime.hpp"

namespace smtplab::message {
namespace {

TEST(Charsets, ConvertsWhatIconvKnows) {
  EXPECT_EQ(to_utf8("\xD0\xD2\xC9\xD7\xC5\xD4", "koi8-r"), "привет");
  EXPECT_EQ(to_utf8("\xCF\xF0\xE8\xE2\xE5\xF2", "windows-1251"), "Привет");
  EXPECT_EQ(to_utf8("\xD6\xD0\xCE\xC4", "gb2312"), "中文");
  EXPECT_EQ(to_utf8("\xA4\xA4\xA4\xE5", "big5"), "中文");
  EXPECT_EQ(to_utf8("\x93\xFA\x96\x7B", "Shift_JIS"), "日本");
  EXPECT_EQ(to_utf8("\xB3\xF3\xBF\xEA\xB6", "iso-8859-2"), "łóżęś");
  EXPECT_EQ(to_utf8("\x1B$B$3$s$K$A$O\x1B(B", "iso-2022-jp"), "こんにちは");
}

TEST(Charsets, BadOctetsBecomeReplacementCharacters) {
  // 0xFF is not a lead byte in Shift_JIS; the text around it survives.
  EXPECT_EQ(to_utf8("a\xFF"
                    "b",
                    "shift_jis"),
            "a\xEF\xBF\xBD"
            "b");
  // A sequence cut by the end.
  EXPECT_EQ(to_utf8("\xD6", "gb2312"), "\xEF\xBF\xBD");
}

TEST(Charsets, UnknownOrImplausibleNamesStayUnknown) {
  EXPECT_FALSE(to_utf8("abc", "x-no-such-charset"));
  EXPECT_FALSE(to_utf8("abc", "UTF-8//TRANSLIT"));
  EXPECT_FALSE(to_utf8("abc", "koi8-r\r\nX: y"));
  EXPECT_FALSE(to_utf8("abc", ""));
}

TEST(Charsets, DecodedInSubjectsNamesAndTextParts) {
  EXPECT_EQ(decode_encoded_words("=?koi8-r?B?0NLJ18XU?="), "привет");
  EXPECT_EQ(decode_encoded_words("=?gb2312?Q?=D6=D0=CE=C4?= report"), "中文 report");
  const std::string raw =
      "Subject: =?big5?B?pKSk5Q==?=\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: text/plain; charset=windows-1251\r\n"
      "\r\n"
      "\xCF\xF0\xE8\xE2\xE5\xF2\r\n"
      "--b\r\n"
      "Content-Type: application/octet-stream\r\n"
      "Content-Disposition: attachment; filename*=koi8-r''%D0%D2%C9%D7%C5%D4.txt\r\n"
      "\r\n"
      "x\r\n"
      "--b--\r\n";
  const MimePart root = parse_message(raw);
  EXPECT_EQ(decoded_subject(root), "中文");
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_TRUE(text_content(root.children[0]).starts_with("Привет"));
  EXPECT_EQ(root.children[1].filename, "привет.txt");
}

}  // namespace
}  // namespace smtplab::message
