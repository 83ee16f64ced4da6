// The window's explanations of verbs come from the command table: every verb, in either
// spelling and language, with its RFC section as the reference line prints it; trap lines
// are explained too.
#include "gui/app/model/explanations.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sim/protocol/command.hpp"

namespace smtplab::app {
namespace {

TEST(Explanations, EveryVerbOfTheTableIsExplained) {
  for (const auto& spec : protocol::command_table()) {
    const Explanation fr = explain_command(Language::Fr, spec.name);
    const Explanation en = explain_command(Language::En, spec.name);
    ASSERT_NE(fr.text, nullptr) << spec.name;
    ASSERT_NE(en.text, nullptr) << spec.name;
    EXPECT_EQ(std::string(fr.text), spec.explain_fr);
    EXPECT_EQ(std::string(en.text), spec.explain_en);
    // "Reference: RFC %s" adds the "RFC " itself.
    EXPECT_EQ("RFC " + std::string(en.rfc), spec.rfc);
  }
}

TEST(Explanations, KeepsTheWindowsTextForAVerb) {
  const Explanation mail = explain_command(Language::En, "mail");
  ASSERT_NE(mail.text, nullptr);
  EXPECT_EQ(std::string(mail.text),
            "Starts a transaction: the envelope sender (where bounces go).");
  EXPECT_EQ(std::string(mail.rfc), "5321 §4.1.1.2");
}

TEST(Explanations, TrapLinesAndUnknownVerbs) {
  const Explanation header = explain_command(Language::En, "Subject:");
  ASSERT_NE(header.text, nullptr);
  EXPECT_NE(std::string(header.text).find("forgot DATA"), std::string::npos);
  ASSERT_NE(explain_command(Language::Fr, "GET").text, nullptr);
  EXPECT_EQ(explain_command(Language::En, "FOO").text, nullptr);
}

}  // namespace
}  // namespace smtplab::app
