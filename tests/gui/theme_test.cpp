// The presentation theme reads from the back of a room: every text colour against every
// background it is drawn on passes WCAG 2 AA (4.5:1), credentials rows do not look like
// the selection, and the fonts draw every character of the lessons and of mail in the
// scripts the course meets (Arabic, CJK, symbols) at projector size.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gui/app/model/arabic_shaping.hpp"
#include "gui/app/shell/fonts.hpp"
#include "gui/app/shell/theme.hpp"

namespace smtplab::app {
namespace {

struct Rgb {
  double r, g, b;
};

Rgb from_vec(const ImVec4& v) {
  return {v.x, v.y, v.z};
}
Rgb from_u32(ImU32 c) {
  return from_vec(ImGui::ColorConvertU32ToFloat4(c));
}

/// `top` with its alpha painted over the opaque `bottom`.
Rgb over(const ImVec4& top, const Rgb& bottom) {
  return {top.x * top.w + bottom.r * (1 - top.w), top.y * top.w + bottom.g * (1 - top.w),
          top.z * top.w + bottom.b * (1 - top.w)};
}
Rgb over(ImU32 top, const Rgb& bottom) {
  return over(ImGui::ColorConvertU32ToFloat4(top), bottom);
}

/// WCAG 2 relative luminance of an sRGB colour.
double luminance(const Rgb& c) {
  auto channel = [](double v) {
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast(const Rgb& a, const Rgb& b) {
  const double la = luminance(a);
  const double lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

/// CIE L*a*b* distance (CIE76): above ~25 two colours are told apart at a glance.
double delta_e(const Rgb& x, const Rgb& y) {
  auto lab = [](const Rgb& c) {
    auto lin = [](double v) {
      return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    const double r = lin(c.r), g = lin(c.g), b = lin(c.b);
    double X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    double Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    double Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
    return std::array<double, 3>{116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
  };
  const auto p = lab(x);
  const auto q = lab(y);
  return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                   (p[2] - q[2]) * (p[2] - q[2]));
}

class ThemeTest : public ::testing::Test {
 protected:
  void SetUp() override { ImGui::CreateContext(); }
  void TearDown() override { ImGui::DestroyContext(); }
};

struct Pair {
  std::string name;
  Rgb text;
  Rgb background;
};

/// Every (text, background) pair the window draws in one theme.
std::vector<Pair> text_pairs(bool presentation) {
  apply_theme(presentation, presentation ? 2.0f : 1.0f);
  const ImVec4* c = ImGui::GetStyle().Colors;
  const Rgb window = from_vec(c[ImGuiCol_WindowBg]);
  const Rgb text = from_vec(c[ImGuiCol_Text]);
  std::vector<Pair> pairs;
  const std::pair<const char*, ImGuiCol> chrome[] = {
      {"WindowBg", ImGuiCol_WindowBg},
      {"ChildBg", ImGuiCol_ChildBg},
      {"PopupBg", ImGuiCol_PopupBg},
      {"MenuBarBg", ImGuiCol_MenuBarBg},
      {"TitleBg", ImGuiCol_TitleBg},
      {"TitleBgActive", ImGuiCol_TitleBgActive},
      {"FrameBg", ImGuiCol_FrameBg},
      {"FrameBgHovered", ImGuiCol_FrameBgHovered},
      {"FrameBgActive", ImGuiCol_FrameBgActive},
      {"Button", ImGuiCol_Button},
      {"ButtonHovered", ImGuiCol_ButtonHovered},
      {"ButtonActive", ImGuiCol_ButtonActive},
      {"Header", ImGuiCol_Header},
      {"HeaderHovered", ImGuiCol_HeaderHovered},
      {"HeaderActive", ImGuiCol_HeaderActive},
      {"Tab", ImGuiCol_Tab},
      {"TabHovered", ImGuiCol_TabHovered},
      {"TabActive", ImGuiCol_TabActive},
      {"TableHeaderBg", ImGuiCol_TableHeaderBg},
      {"TableRowBgAlt", ImGuiCol_TableRowBgAlt},
      {"TextSelectedBg", ImGuiCol_TextSelectedBg},
      {"PlotHistogram", ImGuiCol_PlotHistogram},
  };
  for (const auto& [name, col] : chrome)
    pairs.push_back({std::string("Text on ") + name, text, over(c[col], window)});
  // Dimmed text: hints, counts, and the node boxes' third line (a highlighted box draws
  // it in the full text colour).
  for (const ImGuiCol col : {ImGuiCol_WindowBg, ImGuiCol_FrameBg})
    pairs.push_back({"TextDisabled on " + std::to_string(col), from_vec(c[ImGuiCol_TextDisabled]),
                     over(c[col], window)});
  // The dialogue: commands and every reply class, plain and on the selection.
  const Rgb selected = over(selection_colour(presentation), window);
  for (const int code : {0, 250, 354, 450, 550}) {
    const ImU32 colour =
        code == 0 ? command_colour(presentation) : reply_colour(code, presentation);
    pairs.push_back({"reply " + std::to_string(code), from_u32(colour), window});
    pairs.push_back({"selected reply " + std::to_string(code),
                     from_u32(selected_text_colour(colour, presentation)), selected});
  }
  for (const Tone tone : {Tone::Error, Tone::Warning, Tone::Success})
    pairs.push_back({"tone " + std::to_string(static_cast<int>(tone)),
                     from_u32(tone_colour(tone, presentation)), window});
  // The lesson's text.
  pairs.push_back({"link", from_u32(link_colour(presentation)), window});
  pairs.push_back({"emphasis", from_u32(emphasis_colour(presentation)), window});
  pairs.push_back({"inline code", from_u32(inline_code_colour(presentation)),
                   over(inline_code_background(presentation), window)});
  pairs.push_back({"code block", text, over(code_block_background(presentation), window)});
  // The packet list's rows, the picked field's bytes and the TLS band.
  for (const FrameTint tint : {FrameTint::Reset, FrameTint::Handshake, FrameTint::Tls,
                               FrameTint::Auth, FrameTint::ReplyError, FrameTint::Smtp})
    pairs.push_back({"row tint " + std::to_string(static_cast<int>(tint)), text,
                     over(frame_tint_colour(tint, presentation), window)});
  pairs.push_back({"selection", text, selected});
  pairs.push_back({"field bytes", text, over(field_colour(presentation), window)});
  pairs.push_back({"TLS band", text, over(tls_colour(presentation), window)});
  return pairs;
}

TEST_F(ThemeTest, PresentationTextPassesWcagAA) {
  for (const auto& pair : text_pairs(true))
    EXPECT_GE(contrast(pair.text, pair.background), 4.5) << pair.name;
}

TEST_F(ThemeTest, DarkThemeTextPassesWcagAA) {
  for (const auto& pair : text_pairs(false))
    EXPECT_GE(contrast(pair.text, pair.background), 4.5) << pair.name;
}

TEST_F(ThemeTest, TitleBarsAreLightWithBlackText) {
  apply_theme(true, 2.0f);
  const ImVec4* c = ImGui::GetStyle().Colors;
  EXPECT_GE(contrast(from_vec(c[ImGuiCol_Text]), from_vec(c[ImGuiCol_TitleBgActive])), 7.0);
  EXPECT_GE(contrast(from_vec(c[ImGuiCol_Text]), from_vec(c[ImGuiCol_TitleBg])), 7.0);
}

TEST_F(ThemeTest, AuthRowsDoNotLookLikeTheSelection) {
  for (const bool presentation : {true, false}) {
    apply_theme(presentation);
    const Rgb window = from_vec(ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    const Rgb auth = over(frame_tint_colour(FrameTint::Auth, presentation), window);
    const Rgb selection = over(selection_colour(presentation), window);
    EXPECT_GE(delta_e(auth, selection), 40.0) << (presentation ? "presentation" : "dark");
    // Nor like any other row tint.
    for (const FrameTint other : {FrameTint::Reset, FrameTint::Handshake, FrameTint::Tls,
                                  FrameTint::ReplyError, FrameTint::Smtp}) {
      EXPECT_GE(delta_e(auth, over(frame_tint_colour(other, presentation), window)), 10.0)
          << static_cast<int>(other);
    }
  }
}

TEST(FontSize, PresentationTextIs32PixelsAt1080Rows) {
  EXPECT_EQ(text_pixels(true, 1080), 32.0f);
  EXPECT_EQ(text_pixels(true, 720), 21.0f);
  EXPECT_EQ(text_pixels(true, 400), 20.0f);
  EXPECT_EQ(text_pixels(false, 1080), 16.0f);
}

/// Code points of UTF-8 text in the Basic Multilingual Plane (the atlas's ImWchar is 16
/// bits); malformed sequences are skipped.
std::set<ImWchar> code_points(const std::string& text) {
  std::set<ImWchar> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : 4;
    unsigned int c = length == 1 ? lead : lead & (0x3Fu >> (length - 1));
    for (int k = 1; k < length && i + k < text.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    i += static_cast<std::size_t>(length);
    if (c >= 0x20 && c <= 0xFFFF) out.insert(static_cast<ImWchar>(c));
  }
  return out;
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class FontsTest : public ThemeTest {};

TEST_F(FontsTest, BuiltAtProjectorSize) {
  Fonts fonts;
  build_fonts(fonts, text_pixels(true, 1080));
  EXPECT_TRUE(fonts.missing.empty()) << fonts.missing.front();
  ASSERT_NE(fonts.text, nullptr);
  EXPECT_GE(fonts.text->FontSize, 32.0f);
  EXPECT_GE(fonts.heading->FontSize, 40.0f);
  int width = 0;
  int height = 0;
  unsigned char* pixels = nullptr;
  ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
  // What the renderer uploads: a texture the smallest GPUs still take.
  std::cout << "atlas at " << fonts.pixels << " px: " << width << "x" << height << "\n";
  EXPECT_LE(width, 8192);
  EXPECT_LE(height, 8192);
}

TEST_F(FontsTest, EveryCharacterOfTheLessonsAndOfMailIsDrawn) {
  Fonts fonts;
  build_fonts(fonts, 16.0f);
  ASSERT_TRUE(fonts.missing.empty()) << fonts.missing.front();
  {
    int width = 0;
    int height = 0;
    unsigned char* pixels = nullptr;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    std::cout << "atlas at 16 px: " << width << "x" << height << "\n";
  }
  std::set<ImWchar> wanted;
  const std::filesystem::path source(SMTPLAB_SOURCE_DIR);
  for (const char* folder : {"lessons", "scenarios"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source / folder)) {
      const auto ext = entry.path().extension();
      if (ext != ".md" && ext != ".yaml" && ext != ".eml" && ext != ".txt") continue;
      for (const ImWchar c : code_points(read_all(entry.path()))) wanted.insert(c);
    }
  }
  // What mail from the wild carries beyond the course's own text.
  for (const ImWchar c :
       code_points("مرحبا بالعالم 你好世界 日本語のメール ✓ ✗ → ← ↔ ─│┌┐└┘ ½ € ≤ ≥ "
                   "Здравствуйте Ελληνικά œ Œ « » “ ” … 안녕하세요 한국어 메일 ㄱㅏ ᄀ"))
    wanted.insert(c);
  // The presentation forms the shaper draws Arabic with (lam-alef, initial, medial, final).
  for (const ImWchar c : code_points(shape_for_display("مرحبا بالعالم سلام لا لأ في يى")))
    wanted.insert(c);
  for (ImFont* font : {fonts.text, fonts.mono}) {
    for (const ImWchar c : wanted) {
      if (c == ' ' || c == 0x202F || c == 0x00A0 || (c >= 0x2000 && c <= 0x200F)) continue;
      EXPECT_NE(font->FindGlyphNoFallback(c), nullptr)
          << "U+" << std::hex << static_cast<unsigned>(c) << " in " << font->GetDebugName();
    }
  }
}

}  // namespace
}  // namespace smtplab::app
