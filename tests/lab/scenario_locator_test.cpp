// Chapter lookup: a path, a stem or a chapter number finds the scenario file, from any
// working directory; an unknown or ambiguous name says which chapters exist.
#include "sim/lab/scenario_locator.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using smtplab::lab::locate_scenario;

namespace {

class ScenarioLocatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("smtplab-locator-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    dir_ = root_ / "scenarios";
    other_ = root_ / "other";
    fs::create_directories(dir_);
    fs::create_directories(other_);
    for (const char* name : {"01-actors.yaml", "02-first-session.yaml", "13-frames.yaml"})
      std::ofstream(dir_ / name) << "scenario: x\n";
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_, dir_, other_;
};

TEST_F(ScenarioLocatorTest, FindsAStem) {
  const auto found = locate_scenario("02-first-session", {other_, dir_});
  ASSERT_TRUE(found.ok()) << found.error;
  EXPECT_EQ(found.file, dir_ / "02-first-session.yaml");
}

TEST_F(ScenarioLocatorTest, FindsAFileNameWithItsExtension) {
  const auto found = locate_scenario("13-frames.yaml", {dir_});
  ASSERT_TRUE(found.ok()) << found.error;
  EXPECT_EQ(found.file, dir_ / "13-frames.yaml");
}

TEST_F(ScenarioLocatorTest, FindsAChapterNumberWithOrWithoutItsZero) {
  for (const char* name : {"2", "02"}) {
    const auto found = locate_scenario(name, {dir_});
    ASSERT_TRUE(found.ok()) << name << ": " << found.error;
    EXPECT_EQ(found.file, dir_ / "02-first-session.yaml") << name;
  }
  EXPECT_EQ(locate_scenario("13", {dir_}).file, dir_ / "13-frames.yaml");
}

TEST_F(ScenarioLocatorTest, AnExistingPathComesFirst) {
  std::ofstream(other_ / "mine.yaml") << "scenario: mine\n";
  const auto found = locate_scenario((other_ / "mine.yaml").string(), {dir_});
  ASSERT_TRUE(found.ok()) << found.error;
  EXPECT_EQ(found.file, other_ / "mine.yaml");
}

TEST_F(ScenarioLocatorTest, TheFirstFolderThatHasTheNameWins) {
  std::ofstream(other_ / "02-first-session.yaml") << "scenario: override\n";
  EXPECT_EQ(locate_scenario("2", {other_, dir_}).file, other_ / "02-first-session.yaml");
}

TEST_F(ScenarioLocatorTest, AnUnknownNameListsTheChapters) {
  const auto found = locate_scenario("01-acteurs", {other_, dir_});
  EXPECT_FALSE(found.ok());
  EXPECT_NE(found.error.find("no scenario \"01-acteurs\""), std::string::npos) << found.error;
  EXPECT_NE(found.error.find("01-actors"), std::string::npos) << found.error;
  EXPECT_NE(found.error.find("13-frames"), std::string::npos) << found.error;
  EXPECT_FALSE(locate_scenario("7", {dir_}).ok());
}

TEST_F(ScenarioLocatorTest, TwoFilesForOneChapterAreAmbiguous) {
  std::ofstream(dir_ / "02-extra.yaml") << "scenario: extra\n";
  const auto found = locate_scenario("2", {dir_});
  EXPECT_FALSE(found.ok());
  EXPECT_NE(found.error.find("02-extra"), std::string::npos) << found.error;
  EXPECT_NE(found.error.find("02-first-session"), std::string::npos) << found.error;
}

TEST_F(ScenarioLocatorTest, NoFolderAtAllSaysWhereItLooked) {
  const auto found = locate_scenario("2", {root_ / "nowhere"});
  EXPECT_FALSE(found.ok());
  EXPECT_NE(found.error.find("SMTPLAB_SCENARIOS"), std::string::npos) << found.error;
}

}  // namespace
