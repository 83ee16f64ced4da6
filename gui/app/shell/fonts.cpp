// Font atlas building (see fonts.hpp).
#include "gui/app/shell/fonts.hpp"

#include <imgui.h>
#include <stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

namespace smtplab::app {
namespace {

constexpr const char* kDejaVuDir = "/usr/share/fonts/truetype/dejavu/";

/// What DejaVu draws: Latin with its extensions (œ, Œ), Greek, Cyrillic, punctuation
/// (« » “ ” … – — and the narrow no-break space French puts before : ; ! ?), currency,
/// arrows (→ in session labels), maths (≥), box drawing (chapter 1's diagram), geometric
/// shapes (► ◄), symbols and dingbats (✓ ✗).
constexpr ImWchar kLatinAndSymbols[] = {
    0x0020, 0x024F,  // Basic Latin .. Latin Extended-B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x04FF,  // Cyrillic
    0x2000, 0x206F,  // General Punctuation
    0x20A0, 0x20CF,  // Currency
    0x2100, 0x214F,  // Letterlike
    0x2190, 0x21FF,  // Arrows
    0x2200, 0x22FF,  // Mathematical Operators
    0x2300, 0x23FF,  // Miscellaneous Technical
    0x2500, 0x25FF,  // Box Drawing, Block Elements, Geometric Shapes
    0x2600, 0x27BF,  // Miscellaneous Symbols, Dingbats
    0xFFFD, 0xFFFD,  // the replacement character shown for undecodable bytes
    0,
};

/// Arabic letters, their supplement and presentation forms: ImGui does no shaping, so mail
/// content is drawn as the presentation forms arabic_shaping.cpp picks, in visual order.
constexpr ImWchar kArabic[] = {0x0600, 0x06FF, 0x0750, 0x077F, 0xFB50, 0xFDFF, 0xFE70, 0xFEFF, 0};

/// Hangul syllables of KS X 1001, the 2,350 that everyday Korean is written with, as gaps
/// from U+AC00 (hangul_common.inc). All 11,172 syllables would triple the atlas.
constexpr unsigned short kHangulGaps[] = {
#include "gui/app/shell/hangul_common.inc"
};

/// CJK: kana, the 2,500 most used ideographs (ImGui's list, which also covers the common
/// Japanese kanji), CJK punctuation, Hangul (the common syllables, the conjoining jamo and the
/// compatibility jamo) and fullwidth forms. Every Hangul syllable or rare ideograph would make
/// the atlas too large at projector sizes.
const ImWchar* cjk_ranges() {
  static const std::vector<ImWchar> ranges = [] {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon());
    builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesJapanese());
    static const ImWchar extra[] = {0x1100, 0x11FF, 0x3130, 0x318F, 0xFF00, 0xFFEF, 0};
    builder.AddRanges(extra);
    unsigned int syllable = 0xAC00;
    for (const unsigned short gap : kHangulGaps) {
      syllable += gap;
      builder.AddChar(static_cast<ImWchar>(syllable));
    }
    ImVector<ImWchar> built;
    builder.BuildRanges(&built);
    return std::vector<ImWchar>(built.begin(), built.end());
  }();
  return ranges.data();
}

ImFont* add_font(const std::string& path, float size, const ImWchar* ranges, bool merge,
                 int oversample = 2) {
  ImFontConfig config;
  config.MergeMode = merge;
  config.OversampleH = oversample;  // ImGui's default is 3: less keeps large atlases small
  return ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), size, &config, ranges);
}

/// A font's full height (ascent + descent) in ems (0: unreadable). ImGui sizes a font by
/// that height, and Noto Arabic or CJK are much taller than DejaVu for the same em: merged
/// at DejaVu's size, their letters came out half as big. Read once per file.
float height_in_ems(const std::string& path) {
  static std::map<std::string, float> known;  // font files do not change while we run
  if (const auto it = known.find(path); it != known.end()) return it->second;
  std::ifstream in(path, std::ios::binary);
  const std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
  float ems = 0;
  stbtt_fontinfo info;
  const int offset = data.empty() ? -1 : stbtt_GetFontOffsetForIndex(data.data(), 0);
  if (offset >= 0 && stbtt_InitFont(&info, data.data(), offset))
    ems = stbtt_ScaleForMappingEmToPixels(&info, 1.0f) / stbtt_ScaleForPixelHeight(&info, 1.0f);
  known[path] = ems;
  return ems;
}

/// The fonts merged behind DejaVu, in order, and which code points each may fill.
enum class FallbackRanges { Arabic, Symbols, Cjk };
struct Fallback {
  const char* path;
  FallbackRanges ranges;
};
constexpr Fallback kFallbacks[] = {
    {"/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", FallbackRanges::Arabic},
    {"/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf", FallbackRanges::Symbols},
    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", FallbackRanges::Cjk},
};

/// One DejaVu face at `size` with the fallbacks merged behind it (a merged font only fills
/// code points the fonts before it lack).
ImFont* add_face(const char* file, float size, bool with_cjk, std::vector<std::string>& missing) {
  const std::string path = std::string(kDejaVuDir) + file;
  if (!std::filesystem::exists(path)) {
    missing.push_back(path);
    return nullptr;
  }
  ImFont* font = add_font(path, size, kLatinAndSymbols, false);
  for (const auto& fallback : kFallbacks) {
    if (fallback.ranges == FallbackRanges::Cjk && !with_cjk) continue;
    if (!std::filesystem::exists(fallback.path)) {
      if (std::find(missing.begin(), missing.end(), fallback.path) == missing.end())
        missing.emplace_back(fallback.path);
      continue;
    }
    const ImWchar* ranges = fallback.ranges == FallbackRanges::Arabic    ? kArabic
                            : fallback.ranges == FallbackRanges::Symbols ? kLatinAndSymbols
                                                                         : cjk_ranges();
    // The fallback's letters on DejaVu's em (never smaller, at most twice the size).
    const float base = height_in_ems(path);
    const float own = height_in_ems(fallback.path);
    const float ratio = base > 0 && own > 0 ? std::clamp(own / base, 1.0f, 2.0f) : 1.0f;
    // Ideographs and Hangul gain little from horizontal oversampling and are thousands:
    // one sample keeps the 32 px atlas within 8192 rows.
    const int oversample = fallback.ranges == FallbackRanges::Cjk ? 1 : 2;
    add_font(fallback.path, std::round(size * ratio), ranges, true, oversample);
  }
  return font;
}

}  // namespace

float text_pixels(bool presentation, float display_height) {
  if (!presentation) return 16.0f;
  return std::max(20.0f, std::round(32.0f * display_height / 1080.0f));
}

void build_fonts(Fonts& fonts, float pixels) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  // The height the glyphs need, not the next power of two (OpenGL 3 takes any size): with
  // the common Hangul syllables the 32 px atlas is 4096x4723, not 4096x8192.
  atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  fonts.missing.clear();
  fonts.text = add_face("DejaVuSans.ttf", pixels, true, fonts.missing);
  fonts.mono =
      add_face("DejaVuSansMono.ttf", std::round(pixels * 15.0f / 16.0f), true, fonts.missing);
  fonts.heading =
      add_face("DejaVuSans-Bold.ttf", std::round(pixels * 5.0f / 4.0f), false, fonts.missing);
  if (!fonts.text) atlas->AddFontDefault();
  atlas->Build();
  fonts.pixels = pixels;
}

}  // namespace smtplab::app
