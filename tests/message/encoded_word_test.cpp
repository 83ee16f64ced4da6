// RFC 2047 encoded words: decoding (B, Q, charsets, adjacency rules) and encoding.
#include <gtest/gtest.h>

#include "sim/message/encoded_word.hpp"

namespace {

using namespace smtplab::message;

// « Réunion à l'école — été », and œ.
const std::string kFrench =
    "\xC2\xAB R\xC3\xA9union \xC3\xA0 l'\xC3\xA9"
    "cole \xE2\x80\x94 \xC3\xA9t\xC3\xA9 \xC2\xBB";
const std::string kOe = "\xC5\x93uvre";

TEST(EncodedWord, DecodesBAndQ) {
  EXPECT_EQ(decode_encoded_words("=?utf-8?B?w6l0w6k=?="), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(decode_encoded_words("=?UTF-8?q?=C3=A9t=C3=A9_chaud?="), "\xC3\xA9t\xC3\xA9 chaud");
  EXPECT_EQ(decode_encoded_words("=?iso-8859-1?Q?caf=E9?="), "caf\xC3\xA9");
  EXPECT_EQ(decode_encoded_words("=?ISO-8859-15?Q?=BDuvre?="), kOe);
  EXPECT_EQ(decode_encoded_words("=?windows-1252?Q?=9Cuvre?="), kOe);
  EXPECT_EQ(decode_encoded_words("=?us-ascii?Q?plain?="), "plain");
  EXPECT_EQ(decode_encoded_words("=?utf-8*fr?Q?=C3=A9?="), "\xC3\xA9");  // RFC 2231 language
}

TEST(EncodedWord, WhitespaceBetweenAdjacentWordsIsDropped) {
  EXPECT_EQ(decode_encoded_words("=?utf-8?Q?a?= =?utf-8?Q?b?="), "ab");
  EXPECT_EQ(decode_encoded_words("=?utf-8?Q?a?=\r\n =?utf-8?Q?b?="), "ab");
  EXPECT_EQ(decode_encoded_words("x =?utf-8?Q?a?= y"), "x a y");
  EXPECT_EQ(decode_encoded_words("=?utf-8?Q?a_?= b"), "a  b");
}

TEST(EncodedWord, CharacterSplitAcrossWordsIsJoined) {
  // "é" = C3 A9, split between two B words.
  EXPECT_EQ(decode_encoded_words("=?utf-8?B?ww==?= =?utf-8?B?qQ==?="), "\xC3\xA9");
}

TEST(EncodedWord, UnknownCharsetAndMalformedWordsKeptAsWritten) {
  EXPECT_EQ(decode_encoded_words("=?x-martian?B?8NLJ?= x"), "=?x-martian?B?8NLJ?= x");
  EXPECT_EQ(decode_encoded_words("=?utf-8?X?abc?="), "=?utf-8?X?abc?=");
  EXPECT_EQ(decode_encoded_words("=?utf-8?Q?no end"), "=?utf-8?Q?no end");
  EXPECT_EQ(decode_encoded_words("a =? b ?= c"), "a =? b ?= c");
}

TEST(EncodedWord, DecodeHeaderTextUnfoldsAndTrims) {
  EXPECT_EQ(decode_header_text(" Re: Bro SMTP\r\n CC Header "), "Re: Bro SMTP CC Header");
  EXPECT_EQ(decode_header_text(" =?utf-8?Q?R=C3=A9union?=\r\n =?utf-8?Q?_demain?="),
            "R\xC3\xA9union demain");
}

void expect_well_formed(const std::string& encoded, std::size_t first_used) {
  std::size_t start = 0;
  bool first = true;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    const std::string word = encoded.substr(start, end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_EQ(word.rfind("=?utf-8?", 0), 0u) << word;
    if (first) {
      EXPECT_LE(word.size() + first_used, 76u);
    }
    // Each word decodes on its own to valid UTF-8: no sequence was split.
    EXPECT_EQ(decode_encoded_words(word).find("\xEF\xBF\xBD"), std::string::npos) << word;
    first = false;
    start = end == encoded.size() ? end : end + 3;
  }
}

TEST(EncodedWord, EncodesFrenchSubjectAndDecodesBack) {
  for (auto mode : {WordEncoding::Auto, WordEncoding::Q, WordEncoding::B}) {
    const std::string enc = encode_words(kFrench, 9, mode);
    expect_well_formed(enc, 9);
    EXPECT_EQ(decode_encoded_words(enc), kFrench);
  }
  EXPECT_EQ(encode_words(kOe, 0, WordEncoding::Q), "=?utf-8?Q?=C5=93uvre?=");
  EXPECT_EQ(encode_words("\xC3\xA9t\xC3\xA9", 0, WordEncoding::B), "=?utf-8?B?w6l0w6k=?=");
}

TEST(EncodedWord, LongTextSplitsIntoManyWordsWithoutBreakingSequences) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "\xE2\x82\xAC\xC3\xA9\xF0\x9F\x98\x80 a";
  for (auto mode : {WordEncoding::Q, WordEncoding::B}) {
    const std::string enc = encode_words(text, 30, mode);
    expect_well_formed(enc, 30);
    EXPECT_EQ(decode_encoded_words(enc), text);
  }
}

TEST(EncodedWord, AutoPicksQForMostlyAsciiAndBForMostlyNot) {
  EXPECT_NE(encode_words("Hello caf\xC3\xA9").find("?Q?"), std::string::npos);
  EXPECT_NE(encode_words("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9").find("?B?"),
            std::string::npos);
  EXPECT_EQ(encode_words(""), "");
}

}  // namespace
