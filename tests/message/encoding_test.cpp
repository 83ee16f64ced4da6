// Base64, quoted-printable and charset conversion.
#include <gtest/gtest.h>

#include "sim/message/base64.hpp"
#include "sim/message/charset.hpp"
#include "sim/message/quoted_printable.hpp"

namespace {

using namespace smtplab::message;

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
}

TEST(Base64, WrapsAt76AndDecodesAcrossLines) {
  const std::string data(200, 'x');
  const std::string enc = base64_encode(data);
  EXPECT_EQ(enc.find("\r\n"), 76u);
  EXPECT_EQ(enc.find("\r\n", 78), 154u);
  EXPECT_EQ(base64_decode(enc), data);
  EXPECT_EQ(base64_encode(data, 0).find('\r'), std::string::npos);
}

TEST(Base64, LenientDecoding) {
  EXPECT_EQ(base64_decode("Zm9v\r\nYmFy\r\n"), "foobar");
  EXPECT_EQ(base64_decode("Zm9v YmFy !!"), "foobar");
  EXPECT_EQ(base64_decode("Zm8"), "fo");  // missing padding
  EXPECT_EQ(base64_decode("Z"), "");      // lone character dropped
  EXPECT_TRUE(base64_is_valid("Zm9vYg=="));
  EXPECT_FALSE(base64_is_valid("Zm9vYg="));
  EXPECT_FALSE(base64_is_valid("Zm=vYg=="));
}

TEST(Base64, AllByteValuesRoundTrip) {
  std::string data;
  for (int i = 0; i < 256; ++i) data.push_back(static_cast<char>(i));
  EXPECT_EQ(base64_decode(base64_encode(data)), data);
}

TEST(QuotedPrintable, EncodesFrenchText) {
  EXPECT_EQ(qp_encode("R\xC3\xA9union \xC3\xA0 l'\xC3\xA9"
                      "cole"),
            "R=C3=A9union =C3=A0 l'=C3=A9cole");
  EXPECT_EQ(qp_encode("a=b"), "a=3Db");
}

TEST(QuotedPrintable, TrailingWhitespaceAndHardBreaks) {
  EXPECT_EQ(qp_encode("end \nnext\t\r\n"), "end=20\r\nnext=09\r\n");
  EXPECT_EQ(qp_decode("end=20\r\nnext=09\r\n"), "end \r\nnext\t\r\n");
}

TEST(QuotedPrintable, SoftBreaksKeepLinesWithin76) {
  const std::string line(300, 'a');
  const std::string enc = qp_encode(line + "\xC3\xA9" + line);
  std::size_t start = 0;
  while (start < enc.size()) {
    std::size_t end = enc.find("\r\n", start);
    if (end == std::string::npos) end = enc.size();
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
  EXPECT_EQ(qp_decode(enc), line + "\xC3\xA9" + line);
}

TEST(QuotedPrintable, EscapeNeverSplit) {
  const std::string data(200, '\xE9');
  const std::string enc = qp_encode(data);
  std::size_t start = 0;
  while (start < enc.size()) {
    std::size_t end = enc.find("\r\n", start);
    if (end == std::string::npos) end = enc.size();
    const std::string line = enc.substr(start, end - start);
    // A line is whole escapes plus, maybe, the soft-break "=".
    EXPECT_EQ((line.size() - (line.back() == '=' ? 1 : 0)) % 3, 0u) << line;
    start = end + 2;
  }
  EXPECT_EQ(qp_decode(enc), data);
}

TEST(QuotedPrintable, DecodesSoftBreaksCaseAndMalformedEscapes) {
  EXPECT_EQ(qp_decode("ab=\r\ncd"), "abcd");
  EXPECT_EQ(qp_decode("ab=  \r\ncd"), "abcd");  // whitespace after a soft break
  EXPECT_EQ(qp_decode("x=3d=3D"), "x==");
  EXPECT_EQ(qp_decode("=ZZ= x"), "=ZZ= x");                 // kept as written
  EXPECT_EQ(qp_decode("trailing   \r\n"), "trailing\r\n");  // RFC 2045: transport padding removed
  EXPECT_EQ(qp_decode("bare\nlf=\nx"), "bare\nlfx");
  EXPECT_EQ(qp_decode("end="), "end");
}

TEST(QuotedPrintable, BinaryModeEncodesLineBreaks) {
  const std::string data = "a\r\nb\n";
  const std::string enc = qp_encode(data, false);
  EXPECT_EQ(enc, "a=0D=0Ab=0A");
  EXPECT_EQ(qp_decode(enc), data);
}

TEST(Charset, ConvertsTheKnownCharsets) {
  EXPECT_EQ(to_utf8("caf\xE9", "iso-8859-1"), "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("caf\xE9", "LATIN1"), "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("\xA4\xBD", "iso-8859-15"), "\xE2\x82\xAC\xC5\x93");  // euro, oe
  EXPECT_EQ(to_utf8("\x80\x9C", "windows-1252"), "\xE2\x82\xAC\xC5\x93");
  EXPECT_EQ(to_utf8("\x81", "cp1252"), "\xEF\xBF\xBD");
  EXPECT_EQ(to_utf8("a\xE9", "us-ascii"), "a\xEF\xBF\xBD");
  EXPECT_EQ(to_utf8("\xC5\x93uvre", "UTF-8"), "\xC5\x93uvre");
  EXPECT_EQ(to_utf8("bad\xC3", "utf-8"), "bad\xEF\xBF\xBD");
  EXPECT_EQ(to_utf8("\xED\xA0\x80", "utf-8"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_FALSE(to_utf8("x", "x-martian").has_value());  // koi8-r and the like: charsets_test
}

}  // namespace
