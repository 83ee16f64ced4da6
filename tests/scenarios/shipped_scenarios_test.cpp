// Every file shipped in scenarios/ loads without error; each scenario's checkpoints exist
// in its lesson in both languages (read here independently of the loader); every lesson
// has a scenario and every checkpoint of every lesson is covered by one.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "sim/lab/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
using namespace smtplab::lab;

const fs::path kScenarioDir = SMTPLAB_SCENARIOS_DIR;
const fs::path kLessonDir = SMTPLAB_LESSONS_DIR;

std::vector<fs::path> yaml_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string all_errors(const std::vector<LoadError>& errors) {
  std::string text;
  for (const auto& e : errors) text += e.to_string() + "\n";
  return text;
}

/// Checkpoint numbers of a lesson, from its headings (an independent reading).
std::set<std::string> lesson_checkpoints(const fs::path& file) {
  std::set<std::string> ids;
  std::ifstream in(file);
  std::string line;
  const std::regex en("^### Checkpoint ([0-9]+\\.[0-9]+) \xE2\x80\x94 ");
  const std::regex fr("^### Point de contr\xC3\xB4le ([0-9]+\\.[0-9]+) \xE2\x80\x94 ");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, en) || std::regex_search(line, m, fr)) ids.insert(m[1]);
  }
  return ids;
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& f : yaml_files(kScenarioDir)) names.push_back(f.stem().string());
  return names;
}

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, LoadsWithoutErrorAndMatchesItsLesson) {
  const auto result = load_scenario(kScenarioDir / (GetParam() + ".yaml"));
  ASSERT_TRUE(result.ok()) << all_errors(result.errors);
  const ScenarioSpec& spec = *result.scenario;
  EXPECT_EQ(spec.id, GetParam());
  for (const std::string lang : {"fr", "en"}) {
    const fs::path lesson = kLessonDir / lang / (spec.lesson + ".md");
    ASSERT_TRUE(fs::exists(lesson)) << lesson;
    const auto ids = lesson_checkpoints(lesson);
    for (const auto& step : spec.steps) {
      if (const auto* cp = std::get_if<CheckpointStep>(&step.step)) {
        EXPECT_TRUE(ids.count(cp->id)) << "checkpoint " << cp->id << " not in " << lesson;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario, ::testing::ValuesIn(scenario_names()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return "s" + name;
                         });

TEST(ShippedTopologies, EveryTopologyLoads) {
  const auto files = yaml_files(kScenarioDir / "topologies");
  EXPECT_FALSE(files.empty());
  for (const auto& file : files) {
    const auto result = load_topology(file);
    EXPECT_TRUE(result.ok()) << all_errors(result.errors);
  }
}

TEST(ShippedScenarios, EveryLessonHasAScenarioCoveringAllItsCheckpoints) {
  std::map<std::string, std::set<std::string>> covered;  // lesson -> checkpoint ids
  for (const auto& file : yaml_files(kScenarioDir)) {
    const auto result = load_scenario(file);
    if (!result.ok()) continue;  // reported by the test above
    auto& ids = covered[result.scenario->lesson];
    for (const auto& step : result.scenario->steps) {
      if (const auto* cp = std::get_if<CheckpointStep>(&step.step)) ids.insert(cp->id);
    }
  }
  for (const auto& entry : fs::directory_iterator(kLessonDir / "en")) {
    if (entry.path().extension() != ".md") continue;
    const std::string lesson = entry.path().stem().string();
    ASSERT_TRUE(covered.count(lesson)) << "no scenario for lesson " << lesson;
    const auto ids = lesson_checkpoints(entry.path());
    EXPECT_FALSE(ids.empty()) << lesson;
    for (const auto& id : ids) {
      EXPECT_TRUE(covered[lesson].count(id))
          << "checkpoint " << id << " of " << lesson << " is in no scenario";
    }
  }
}

}  // namespace
