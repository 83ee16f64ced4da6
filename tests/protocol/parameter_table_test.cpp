// The MAIL/RCPT parameter table: every row is found by its keyword, and the console's Tab
// completes a parameter typed after the path from it.
#include <gtest/gtest.h>

#include "sim/protocol/parameter_table.hpp"

namespace {

using namespace smtplab::protocol;

TEST(ParameterTable, EveryRowIsFoundCaseInsensitively) {
  for (const auto& spec : parameter_table()) {
    std::string lower(spec.keyword);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    EXPECT_EQ(find_parameter_spec(spec.verb, lower), &spec) << spec.keyword;
    EXPECT_FALSE(spec.syntax.empty());
    EXPECT_NE(spec.rfc.find("RFC"), std::string_view::npos) << spec.keyword;
  }
  EXPECT_EQ(find_parameter_spec(Verb::Rcpt, "SIZE"), nullptr);  // SIZE is MAIL's
}

TEST(ParameterTable, TabCompletesAParameterAfterThePath) {
  EXPECT_EQ(complete_parameter("MAIL FROM:<a@b.example> SI"), "MAIL FROM:<a@b.example> SIZE=");
  EXPECT_EQ(complete_parameter("mail from:<a@b.example> smtp"), "mail from:<a@b.example> SMTPUTF8");
  EXPECT_EQ(complete_parameter("RCPT TO:<c@d.example> NOTIFY=SUCCESS OR"),
            "RCPT TO:<c@d.example> NOTIFY=SUCCESS ORCPT=");
  EXPECT_EQ(complete_parameter("RCPT TO:<c@d.example> n"), "RCPT TO:<c@d.example> NOTIFY=");
  // Nothing to complete: no path yet, a value begun, another verb, no such parameter, or
  // a parameter of the other verb.
  EXPECT_EQ(complete_parameter("MAIL FROM:<a@b"), "MAIL FROM:<a@b");
  EXPECT_EQ(complete_parameter("MAIL FROM:<a@b.example> SIZE=1"), "MAIL FROM:<a@b.example> SIZE=1");
  EXPECT_EQ(complete_parameter("EHLO x> SI"), "EHLO x> SI");
  EXPECT_EQ(complete_parameter("MAIL FROM:<a@b.example> XY"), "MAIL FROM:<a@b.example> XY");
  EXPECT_EQ(complete_parameter("RCPT TO:<c@d.example> SI"), "RCPT TO:<c@d.example> SI");
}

}  // namespace
