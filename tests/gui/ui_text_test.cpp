// Every entry of the window's text catalogue exists in both languages, and the French
// side reads as French: no entry left in English (words that are only English are looked
// for; names of protocols and commands are the same in both languages).
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <sstream>
#include <string>

#include "gui/app/model/ui_text.hpp"

namespace smtplab::app {
namespace {

/// Lower-case words of `text` (letters only; format specifiers and codes drop out).
std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::string word;
  for (const char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (!word.empty()) out.insert(word);
      word.clear();
    }
  }
  return out;
}

TEST(UiText, EveryEntryHasBothLanguages) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(Text::Count); ++i) {
    const auto key = static_cast<Text>(i);
    EXPECT_STRNE(tr(Language::Fr, key), "") << "entry " << i;
    EXPECT_STRNE(tr(Language::En, key), "") << "entry " << i;
  }
}

TEST(UiText, NoEnglishLeftInTheFrenchSide) {
  // Words a French sentence never holds. Not "file" (file d'attente), nor "to" and
  // "from" (RCPT TO, MAIL FROM are the commands' names).
  const std::set<std::string> english = {
      "the",     "and",       "with",    "failed", "waiting", "expected", "cannot",  "found",
      "open",    "delivered", "sent",    "step",   "reply",   "click",    "select",  "error",
      "warning", "refused",   "timeout", "retry",  "this",    "that",     "which",   "is",
      "are",     "was",       "not",     "no",     "yes",     "of",       "show",    "hide",
      "start",   "stop",      "send",    "save",   "load",    "loading",  "running", "stopped",
      "none",    "empty",     "mailbox", "queue",  "frames"};
  for (std::size_t i = 0; i < static_cast<std::size_t>(Text::Count); ++i) {
    const auto key = static_cast<Text>(i);
    const std::string fr = tr(Language::Fr, key);
    for (const auto& w : words(fr)) {
      EXPECT_EQ(english.count(w), 0u)
          << "entry " << i << " in French: \"" << fr << "\" holds \"" << w << "\"";
    }
  }
}

}  // namespace
}  // namespace smtplab::app
