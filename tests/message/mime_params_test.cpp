// Content-Type / Content-Disposition parameters, RFC 2231, transfer encodings.
#include <gtest/gtest.h>

#include "sim/message/mime_params.hpp"

namespace {

using namespace smtplab::message;

TEST(MimeParams, ContentTypeWithQuotedParamsAndComments) {
  const ContentType ct = parse_content_type(
      "Multipart/Mixed (a comment); boundary=\"----=_Next; Part\" ;charset=us-ascii (Plain text)");
  EXPECT_EQ(ct.mime_type(), "multipart/mixed");
  EXPECT_TRUE(ct.is_multipart());
  EXPECT_EQ(ct.param("BOUNDARY"), "----=_Next; Part");
  EXPECT_EQ(ct.param("charset"), "us-ascii");
  EXPECT_FALSE(ct.param("name").has_value());
}

TEST(MimeParams, FoldedValueAndEscapes) {
  const ContentType ct =
      parse_content_type("text/plain;\r\n\tcharset=\"utf-8\";\r\n name=\"a \\\"b\\\".txt\"");
  EXPECT_EQ(ct.param("charset"), "utf-8");
  EXPECT_EQ(ct.param("name"), "a \"b\".txt");
}

TEST(MimeParams, InvalidContentTypeFallsBackToTextPlain) {
  const ContentType ct = parse_content_type("text");
  EXPECT_FALSE(ct.valid);
  EXPECT_EQ(ct.mime_type(), "text/plain");
  EXPECT_FALSE(parse_content_type("/x").valid);
  EXPECT_FALSE(parse_content_type("").valid);
}

TEST(MimeParams, Rfc2231ExtendedValue) {
  const ParameterizedValue v =
      parse_parameterized("attachment; filename*=iso-8859-1'fr'%E9t%E9%20%E0.txt");
  EXPECT_EQ(v.value, "attachment");
  EXPECT_EQ(v.param("filename"), "\xC3\xA9t\xC3\xA9 \xC3\xA0.txt");
}

TEST(MimeParams, Rfc2231ContinuationsMixedEncodedAndPlainOutOfOrder) {
  const ParameterizedValue v = parse_parameterized(
      "attachment; filename*1=\" de l'\"; filename*0*=utf-8''R%C3%A9union;\r\n"
      " filename*2*=%C3%A9cole.pdf; filename=\"fallback.pdf\"");
  EXPECT_EQ(v.param("filename"),
            "R\xC3\xA9union de l'\xC3\xA9"
            "cole.pdf");
}

TEST(MimeParams, Rfc2231MissingSectionNoted) {
  const ParameterizedValue v = parse_parameterized("a; n*0=x; n*2=z");
  EXPECT_EQ(v.param("n"), "xz");
  EXPECT_FALSE(v.notes.empty());
}

TEST(MimeParams, EncodedWordsInsideQuotedFilename) {
  const ParameterizedValue v =
      parse_parameterized("attachment; filename=\"=?utf-8?Q?=C3=A9t=C3=A9.txt?=\"");
  EXPECT_EQ(v.param("filename"), "\xC3\xA9t\xC3\xA9.txt");
}

TEST(MimeParams, BrokenInputDoesNotStopParsing) {
  const ParameterizedValue v = parse_parameterized("inline; junk; =x; name=\"unterminated");
  EXPECT_EQ(v.value, "inline");
  EXPECT_EQ(v.param("name"), "unterminated");
  EXPECT_GE(v.notes.size(), 2u);
}

TEST(MimeParams, TransferEncodings) {
  EXPECT_EQ(parse_transfer_encoding(" Base64 "), TransferEncoding::Base64);
  EXPECT_EQ(parse_transfer_encoding("quoted-printable (qp)"), TransferEncoding::QuotedPrintable);
  EXPECT_EQ(parse_transfer_encoding("7BIT"), TransferEncoding::SevenBit);
  EXPECT_EQ(parse_transfer_encoding("8bit"), TransferEncoding::EightBit);
  EXPECT_EQ(parse_transfer_encoding("binary"), TransferEncoding::Binary);
  EXPECT_EQ(parse_transfer_encoding("x-uuencode"), TransferEncoding::Unknown);
  EXPECT_EQ(transfer_encoding_name(TransferEncoding::QuotedPrintable), "quoted-printable");
}

TEST(MimeParams, FormatParameterAsciiAndRfc2231) {
  EXPECT_EQ(format_parameter("filename", "a b.txt"), "filename=\"a b.txt\"");
  EXPECT_EQ(format_parameter("filename", "\xC3\xA9t\xC3\xA9.txt"),
            "filename*=utf-8''%C3%A9t%C3%A9.txt");
  std::string long_name;
  for (int i = 0; i < 30; ++i) long_name += "\xC3\xA9";
  const std::string formatted = format_parameter("filename", long_name + ".pdf");
  EXPECT_NE(formatted.find("filename*0*=utf-8''"), std::string::npos);
  EXPECT_NE(formatted.find("filename*1*="), std::string::npos);
  const ParameterizedValue back = parse_parameterized("attachment; " + formatted);
  EXPECT_EQ(back.param("filename"), long_name + ".pdf");
}

}  // namespace
