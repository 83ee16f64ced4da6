// Arabic contextual forms and visual reordering for display (see arabic_shaping.hpp).
//
// [SECTION] UTF-8
// [SECTION] Joining: the letters' joining types and presentation forms
// [SECTION] Reordering: a small subset of UAX #9
#include "gui/app/model/arabic_shaping.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace smtplab::app {
namespace {

// [SECTION] UTF-8 ----------------------------------------------------------------------

/// Code points of `text`; a malformed byte becomes U+FFFD.
std::vector<char32_t> decode(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80         ? 1
                       : (lead >> 5) == 6  ? 2
                       : (lead >> 4) == 14 ? 3
                       : (lead >> 3) == 30 ? 4
                                           : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t c = length == 1 ? lead : lead & (0x7Fu >> length);
    bool ok = true;
    for (int k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((byte & 0xC0) != 0x80) ok = false;
      c = (c << 6) | (byte & 0x3Fu);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<std::size_t>(length);
  }
  return out;
}

void encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// [SECTION] Joining --------------------------------------------------------------------

/// Joining types of Unicode's ArabicShaping.txt that matter here.
enum class Joining : std::uint8_t {
  None,         ///< U: joins neither side (hamza, spaces, Latin, anything unknown)
  Right,        ///< R: joins only the letter before it (alef, dal, reh, waw…)
  Dual,         ///< D: joins both sides (beh, seen, lam…)
  Causing,      ///< C: joins both sides and has no forms (tatweel, ZWJ)
  Transparent,  ///< T: harakat and other marks, skipped when looking for neighbours
};

/// A letter and its presentation forms (0: the font has no such form).
struct Letter {
  char32_t code;
  Joining joining;
  char32_t isolated;
  char32_t final_form;
  char32_t initial;
  char32_t medial;
};

/// Forms-B and Forms-A store a letter's forms in the order isolated, final, initial, medial.
constexpr Letter dual(char32_t code, char32_t isolated) {
  return {code, Joining::Dual, isolated, isolated + 1, isolated + 2, isolated + 3};
}
constexpr Letter right(char32_t code, char32_t isolated) {
  return {code, Joining::Right, isolated, isolated + 1, 0, 0};
}

/// From ArabicShaping.txt (joining type) and the Presentation Forms-A/B charts, in code
/// point order.
constexpr Letter kLetters[] = {
    {0x0621, Joining::None, 0xFE80, 0, 0, 0},                 // hamza
    right(0x0622, 0xFE81),                                    // alef with madda above
    right(0x0623, 0xFE83),                                    // alef with hamza above
    right(0x0624, 0xFE85),                                    // waw with hamza above
    right(0x0625, 0xFE87),                                    // alef with hamza below
    dual(0x0626, 0xFE89),                                     // yeh with hamza above
    right(0x0627, 0xFE8D),                                    // alef
    dual(0x0628, 0xFE8F),                                     // beh
    right(0x0629, 0xFE93),                                    // teh marbuta
    dual(0x062A, 0xFE95),                                     // teh
    dual(0x062B, 0xFE99),                                     // theh
    dual(0x062C, 0xFE9D),                                     // jeem
    dual(0x062D, 0xFEA1),                                     // hah
    dual(0x062E, 0xFEA5),                                     // khah
    right(0x062F, 0xFEA9),                                    // dal
    right(0x0630, 0xFEAB),                                    // thal
    right(0x0631, 0xFEAD),                                    // reh
    right(0x0632, 0xFEAF),                                    // zain
    dual(0x0633, 0xFEB1),                                     // seen
    dual(0x0634, 0xFEB5),                                     // sheen
    dual(0x0635, 0xFEB9),                                     // sad
    dual(0x0636, 0xFEBD),                                     // dad
    dual(0x0637, 0xFEC1),                                     // tah
    dual(0x0638, 0xFEC5),                                     // zah
    dual(0x0639, 0xFEC9),                                     // ain
    dual(0x063A, 0xFECD),                                     // ghain
    dual(0x0641, 0xFED1),                                     // feh
    dual(0x0642, 0xFED5),                                     // qaf
    dual(0x0643, 0xFED9),                                     // kaf
    dual(0x0644, 0xFEDD),                                     // lam
    dual(0x0645, 0xFEE1),                                     // meem
    dual(0x0646, 0xFEE5),                                     // noon
    dual(0x0647, 0xFEE9),                                     // heh
    right(0x0648, 0xFEED),                                    // waw
    {0x0649, Joining::Dual, 0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9},  // alef maksura
    dual(0x064A, 0xFEF1),                                     // yeh
    dual(0x067E, 0xFB56),                                     // peh (Persian)
    dual(0x0686, 0xFB7A),                                     // tcheh (Persian)
    right(0x0698, 0xFB8A),                                    // jeh (Persian)
    dual(0x06A9, 0xFB8E),                                     // keheh (Persian kaf)
    dual(0x06AF, 0xFB92),                                     // gaf (Persian)
    dual(0x06CC, 0xFBFC),                                     // farsi yeh
};

const Letter* find_letter(char32_t c) {
  const auto* end = std::end(kLetters);
  const auto* it = std::lower_bound(std::begin(kLetters), end, c,
                                    [](const Letter& l, char32_t code) { return l.code < code; });
  return it != end && it->code == c ? it : nullptr;
}

bool is_mark(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0610 && c <= 0x061A) ||
         (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
         (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 || c == 0x06E8 ||
         (c >= 0x06EA && c <= 0x06ED) || (c >= 0xFE20 && c <= 0xFE2F);
}

Joining joining_of(char32_t c) {
  if (is_mark(c)) return Joining::Transparent;
  if (c == 0x0640 || c == 0x200D) return Joining::Causing;  // tatweel, zero width joiner
  const Letter* letter = find_letter(c);
  return letter ? letter->joining : Joining::None;
}

/// The lam-alef ligature's isolated form for lam followed by `alef` (0: not an alef).
char32_t lam_alef(char32_t alef) {
  switch (alef) {
    case 0x0622:
      return 0xFEF5;
    case 0x0623:
      return 0xFEF7;
    case 0x0625:
      return 0xFEF9;
    case 0x0627:
      return 0xFEFB;
    default:
      return 0;
  }
}

bool joins_after(Joining j) {
  return j == Joining::Dual || j == Joining::Causing;
}
bool joins_before(Joining j) {
  return j == Joining::Dual || j == Joining::Right || j == Joining::Causing;
}

/// Every letter replaced by its contextual form, lam-alef pairs by their ligature (marks
/// between lam and alef follow the ligature).
std::vector<char32_t> shape(const std::vector<char32_t>& in) {
  std::vector<Joining> types(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) types[i] = joining_of(in[i]);
  const auto neighbour = [&](std::size_t i, int step) -> std::ptrdiff_t {
    for (auto k = static_cast<std::ptrdiff_t>(i) + step;
         k >= 0 && k < static_cast<std::ptrdiff_t>(in.size()); k += step) {
      if (types[static_cast<std::size_t>(k)] != Joining::Transparent) return k;
    }
    return -1;
  };
  std::vector<char32_t> out;
  out.reserve(in.size());
  std::vector<bool> skip(in.size(), false);
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (skip[i]) continue;
    const Letter* letter = find_letter(in[i]);
    if (!letter) {
      out.push_back(in[i]);
      continue;
    }
    const std::ptrdiff_t prev = neighbour(i, -1);
    const std::ptrdiff_t next = neighbour(i, +1);
    const bool joined_before = prev >= 0 && joins_after(types[static_cast<std::size_t>(prev)]) &&
                               joins_before(letter->joining);
    if (in[i] == 0x0644 && next >= 0) {
      if (const char32_t ligature = lam_alef(in[static_cast<std::size_t>(next)])) {
        out.push_back(joined_before ? ligature + 1 : ligature);
        skip[static_cast<std::size_t>(next)] = true;
        continue;  // the marks between lam and alef come next, after the ligature
      }
    }
    const bool joined_after = next >= 0 && joins_after(letter->joining) &&
                              joins_before(types[static_cast<std::size_t>(next)]);
    char32_t form = letter->isolated;
    if (joined_before && joined_after) {
      form = letter->medial ? letter->medial : letter->final_form;
    } else if (joined_before) {
      form = letter->final_form ? letter->final_form : letter->isolated;
    } else if (joined_after) {
      form = letter->initial ? letter->initial : letter->isolated;
    }
    out.push_back(form);
  }
  return out;
}

// [SECTION] Reordering -----------------------------------------------------------------

/// Bidirectional classes, reduced.
enum class Dir : std::uint8_t {
  L,        ///< a left-to-right letter (Latin, CJK, Hangul, anything not below)
  R,        ///< a right-to-left letter (Hebrew, Arabic and their presentation forms)
  Number,   ///< a digit (ASCII or Arabic-Indic): its own digits always run left to right
  Neutral,  ///< spaces, punctuation, symbols: take the direction around them
};

Dir dir_of(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9))
    return Dir::Number;
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? Dir::L : Dir::Neutral;
  if (c == 0x060C || c == 0x066B || c == 0x066C) return Dir::Neutral;  // Arabic comma, separators
  if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
    return Dir::R;
  if ((c >= 0x00A0 && c <= 0x00BF && c != 0xAA && c != 0xB5 && c != 0xBA) || c == 0xD7 ||
      c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x3003) ||
      (c >= 0xFE50 && c <= 0xFE6F) || (c >= 0xFF01 && c <= 0xFF0F) || c == 0xFFFD)
    return Dir::Neutral;
  return Dir::L;
}

char32_t mirrored(char32_t c) {
  switch (c) {
    case '(':
      return ')';
    case ')':
      return '(';
    case '[':
      return ']';
    case ']':
      return '[';
    case '{':
      return '}';
    case '}':
      return '{';
    case '<':
      return '>';
    case '>':
      return '<';
    case 0xAB:
      return 0xBB;
    case 0xBB:
      return 0xAB;
    default:
      return c;
  }
}

/// A base code point with the marks that follow it: reordered as one unit.
struct Cluster {
  std::size_t begin;
  std::size_t end;
  Dir dir;
  int level = 0;
};

/// One line (no '\n') in visual order.
void reorder_line(const std::vector<char32_t>& cps, std::size_t begin, std::size_t end,
                  std::vector<char32_t>& out) {
  std::vector<Cluster> clusters;
  for (std::size_t i = begin; i < end;) {
    std::size_t j = i + 1;
    while (j < end && is_mark(cps[j])) ++j;
    clusters.push_back({i, j, dir_of(cps[i])});
    i = j;
  }
  // A single separator between two digits belongs to the number ("10.5", "1,000", "12:30").
  for (std::size_t k = 1; k + 1 < clusters.size(); ++k) {
    const char32_t c = cps[clusters[k].begin];
    if ((c == '.' || c == ',' || c == ':' || c == '/') && clusters[k - 1].dir == Dir::Number &&
        clusters[k + 1].dir == Dir::Number)
      clusters[k].dir = Dir::Number;
  }
  const auto first_strong = std::find_if(clusters.begin(), clusters.end(), [](const Cluster& c) {
    return c.dir == Dir::L || c.dir == Dir::R;
  });
  const bool rtl = first_strong != clusters.end() && first_strong->dir == Dir::R;
  const Dir paragraph = rtl ? Dir::R : Dir::L;
  // Numbers after a left-to-right letter (or at the start of a left-to-right line) are
  // left-to-right text; the others sit inside right-to-left text (W2, W7).
  Dir last_strong = paragraph;
  std::vector<Dir> resolved(clusters.size());
  for (std::size_t k = 0; k < clusters.size(); ++k) {
    const Dir d = clusters[k].dir;
    if (d == Dir::L || d == Dir::R) last_strong = d;
    resolved[k] = d == Dir::Number && last_strong == Dir::L ? Dir::L : d;
  }
  // Neutrals between two sides of the same direction take it, otherwise the line's (N1, N2);
  // numbers count as right-to-left here.
  const auto side = [](Dir d) { return d == Dir::Number ? Dir::R : d; };
  for (std::size_t k = 0; k < clusters.size();) {
    if (resolved[k] != Dir::Neutral) {
      ++k;
      continue;
    }
    std::size_t j = k;
    while (j < clusters.size() && resolved[j] == Dir::Neutral) ++j;
    const Dir before = k == 0 ? paragraph : side(resolved[k - 1]);
    const Dir after = j == clusters.size() ? paragraph : side(resolved[j]);
    const Dir taken = before == after ? before : paragraph;
    for (std::size_t n = k; n < j; ++n) resolved[n] = taken;
    k = j;
  }
  // Embedding levels (I1, I2), then reverse every run at or above each level (L2).
  int highest = 0;
  for (std::size_t k = 0; k < clusters.size(); ++k) {
    const Dir d = resolved[k];
    int level = 0;
    if (!rtl) {
      level = d == Dir::R ? 1 : d == Dir::Number ? 2 : 0;
    } else {
      level = d == Dir::R ? 1 : 2;
    }
    clusters[k].level = level;
    highest = std::max(highest, level);
  }
  for (int level = highest; level >= 1; --level) {
    for (std::size_t k = 0; k < clusters.size();) {
      if (clusters[k].level < level) {
        ++k;
        continue;
      }
      std::size_t j = k;
      while (j < clusters.size() && clusters[j].level >= level) ++j;
      std::reverse(clusters.begin() + static_cast<std::ptrdiff_t>(k),
                   clusters.begin() + static_cast<std::ptrdiff_t>(j));
      k = j;
    }
  }
  for (const Cluster& cluster : clusters) {
    const bool odd = cluster.level % 2 == 1;
    for (std::size_t i = cluster.begin; i < cluster.end; ++i)
      out.push_back(odd && i == cluster.begin ? mirrored(cps[i]) : cps[i]);
  }
}

}  // namespace

bool starts_right_to_left(std::string_view line) {
  for (const char32_t c : decode(line)) {
    const Dir d = dir_of(c);
    if (d == Dir::L || d == Dir::R) return d == Dir::R;
  }
  return false;
}

bool has_arabic(std::string_view text) {
  // U+0600..U+06FF are the two-byte sequences led by 0xD8..0xDB; U+0740..U+077F by 0xDD.
  return std::any_of(text.begin(), text.end(), [](char ch) {
    const auto b = static_cast<unsigned char>(ch);
    return (b >= 0xD8 && b <= 0xDB) || b == 0xDD;
  });
}

std::string shape_for_display(std::string_view text) {
  if (!has_arabic(text)) return std::string(text);
  const std::vector<char32_t> shaped = shape(decode(text));
  std::vector<char32_t> visual;
  visual.reserve(shaped.size());
  std::size_t line = 0;
  for (std::size_t i = 0; i <= shaped.size(); ++i) {
    if (i < shaped.size() && shaped[i] != '\n') continue;
    // A CRLF line's '\r' stays at its end, out of the reordering.
    const bool cr = i > line && shaped[i - 1] == '\r';
    reorder_line(shaped, line, cr ? i - 1 : i, visual);
    if (cr) visual.push_back('\r');
    if (i < shaped.size()) visual.push_back('\n');
    line = i + 1;
  }
  std::string out;
  out.reserve(text.size() + 8);
  for (const char32_t c : visual) encode(c, out);
  return out;
}

}  // namespace smtplab::app
