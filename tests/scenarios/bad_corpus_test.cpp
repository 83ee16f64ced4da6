// The corpus of broken scenario files: each bad/NAME.yaml comes with bad/NAME.expected,
// the exact errors (`file:line:column: message`, paths relative to bad/), one per line.
// Every file must fail, with exactly those errors, and no scenario.
// SMTPLAB_UPDATE_EXPECTED=1 rewrites the .expected files (review the diff before committing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/lab/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
using smtplab::lab::load_scenario;

const fs::path kBadDir = SMTPLAB_BAD_SCENARIOS_DIR;

std::vector<std::string> read_lines(const fs::path& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> bad_cases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kBadDir)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class BadScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(BadScenario, ReportsExactlyTheExpectedErrors) {
  const fs::path file = kBadDir / (GetParam() + ".yaml");
  const fs::path expected_file = kBadDir / (GetParam() + ".expected");
  const auto result = load_scenario(file);
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.scenario.has_value()) << "a scenario with errors must not be returned";
  std::vector<std::string> actual;
  const std::string prefix = kBadDir.string() + "/";
  for (const auto& error : result.errors) {
    std::string text = error.to_string();
    if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
    actual.push_back(text);
  }
  if (std::getenv("SMTPLAB_UPDATE_EXPECTED") != nullptr) {
    std::ofstream out(expected_file);
    for (const auto& line : actual) out << line << "\n";
  }
  ASSERT_TRUE(fs::exists(expected_file)) << "missing " << expected_file;
  EXPECT_EQ(actual, read_lines(expected_file));
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadScenario, ::testing::ValuesIn(bad_cases()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(BadCorpus, HasAtLeastTwentyCases) {
  EXPECT_GE(bad_cases().size(), 20u);
}

TEST(BadCorpus, EveryExpectedFileHasItsScenario) {
  for (const auto& entry : fs::directory_iterator(kBadDir)) {
    if (entry.path().extension() != ".expected") continue;
    fs::path yaml = entry.path();
    yaml.replace_extension(".yaml");
    EXPECT_TRUE(fs::exists(yaml)) << "orphan " << entry.path();
  }
}

}  // namespace
