// The Arabic shaper: contextual forms from the Presentation Forms blocks, lam-alef
// ligatures, visual (right-to-left) order, and text without Arabic left untouched.
#include "gui/app/model/arabic_shaping.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smtplab::app {
namespace {

/// UTF-8 of `cps`.
std::string utf8(const std::vector<char32_t>& cps) {
  std::string out;
  for (const char32_t c : cps) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

TEST(ArabicShaping, SalamIsJoinedWithLamAlefAndReversed) {
  // seen (initial), lam-alef (final ligature), meem (isolated: alef does not join after),
  // read right to left, so drawn meem first.
  EXPECT_EQ(shape_for_display("سلام"), utf8({0xFEE1, 0xFEFC, 0xFEB3}));
}

TEST(ArabicShaping, LamAlefAloneIsTheIsolatedLigature) {
  EXPECT_EQ(shape_for_display("لا"), utf8({0xFEFB}));
  EXPECT_EQ(shape_for_display("لأ"), utf8({0xFEF7}));
}

TEST(ArabicShaping, DualAndRightJoiningLetters) {
  // meem initial, reh final (reh never joins the next), hah initial, beh medial, alef final.
  EXPECT_EQ(shape_for_display("مرحبا"), utf8({0xFE8E, 0xFE92, 0xFEA3, 0xFEAE, 0xFEE3}));
}

TEST(ArabicShaping, HarakatAreTransparentAndStayWithTheirLetter) {
  // beh + fatha + teh: the fatha does not break the join, and follows beh once reversed.
  EXPECT_EQ(shape_for_display("بَت"), utf8({0xFE96, 0xFE91, 0x064E}));
}

TEST(ArabicShaping, LatinDigitsAndMalformedBytesPassThrough) {
  for (const std::string text : {"Bonjour, réseau 10 € — œuvre", "你好 안녕하세요", "a\xff b", ""})
    EXPECT_EQ(shape_for_display(text), text);
}

TEST(ArabicShaping, LatinAndDigitsKeepTheirOrderBesideArabic) {
  // A left-to-right line: only the Arabic run is reversed.
  EXPECT_EQ(shape_for_display("SMTP 25 سلام"), "SMTP 25 " + utf8({0xFEE1, 0xFEFC, 0xFEB3}));
  // A right-to-left line: the number keeps its digits in order, at the line's left end.
  EXPECT_EQ(shape_for_display("سلام 123"), "123 " + utf8({0xFEE1, 0xFEFC, 0xFEB3}));
  // Latin inside a right-to-left line stays one left-to-right run.
  EXPECT_EQ(shape_for_display("لا SMTP لا"), utf8({0xFEFB}) + " SMTP " + utf8({0xFEFB}));
  // Brackets are mirrored in right-to-left text; each line is ordered alone.
  EXPECT_EQ(shape_for_display("(لا)\nab"), "(" + utf8({0xFEFB}) + ")\nab");
  EXPECT_EQ(shape_for_display("لا 1\r\nab"), "1 " + utf8({0xFEFB}) + "\r\nab");
}

}  // namespace
}  // namespace smtplab::app
