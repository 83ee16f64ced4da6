// The one table of fault names (sim/lab/fault_kinds.hpp): every kind has one row, each name
// leads back to its kind, and the readers of those names accept every one of them: the
// scenario reader (`inject:`/`clear:`) and make_fault (`smtplab fault`, the topology menu,
// the UI script's inject-fault).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "sim/lab/fault_by_name.hpp"
#include "sim/lab/fault_kinds.hpp"
#include "sim/lab/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
using namespace smtplab::lab;

constexpr FaultKind kEveryKind[] = {FaultKind::NodeDown,     FaultKind::Refuse,
                                    FaultKind::DelayReplies, FaultKind::ReplyToVerb,
                                    FaultKind::DropData,     FaultKind::FillMailbox,
                                    FaultKind::BreakDns,     FaultKind::StripStartTls,
                                    FaultKind::ModifyBody,   FaultKind::All};

TEST(FaultKinds, EveryKindHasOneRow) {
  std::set<FaultKind> seen;
  for (const auto& row : fault_kind_table()) EXPECT_TRUE(seen.insert(row.kind).second);
  for (FaultKind kind : kEveryKind) {
    EXPECT_TRUE(seen.count(kind)) << static_cast<int>(kind);
    EXPECT_EQ(fault_kind_names(kind).kind, kind);
  }
  EXPECT_EQ(seen.size(), std::size(kEveryKind));
}

TEST(FaultKinds, EveryNameLeadsBackToItsKind) {
  for (const auto& row : fault_kind_table()) {
    ASSERT_FALSE(row.yaml.empty()) << "every kind can be written in a scenario";
    EXPECT_EQ(fault_kind_from_yaml(row.yaml), row.kind) << row.yaml;
    if (!row.person.empty()) {
      EXPECT_EQ(fault_kind_from_person(row.person), row.kind) << row.person;
      // What a person can inject, the runtime records under its own name.
      EXPECT_FALSE(row.timeline.empty()) << row.person;
      EXPECT_EQ(row.usage.substr(0, row.person.size()), row.person);
      EXPECT_FALSE(row.help.empty()) << row.person;
    }
    if (!row.timeline.empty()) {
      EXPECT_EQ(fault_kind_from_timeline(row.timeline), row.kind) << row.timeline;
      EXPECT_EQ(fault_timeline_name(row.kind), row.timeline);
    }
  }
  EXPECT_FALSE(fault_kind_from_yaml("explode"));
  EXPECT_FALSE(fault_kind_from_person(""));
  EXPECT_FALSE(fault_kind_from_timeline("drop-data"));  // the person's spelling, not the log's
}

// The spellings are contracts: scenario files, `smtplab fault`, timeline JSON lines.
TEST(FaultKinds, KeepTheirSpellings) {
  EXPECT_EQ(fault_yaml_names(), (std::vector<std::string>{"down", "refuse", "delay", "reply",
                                                          "drop_data", "mailbox_full", "dns",
                                                          "strip_starttls", "modify_body", "all"}));
  EXPECT_EQ(std::set<std::string>(fault_names().begin(), fault_names().end()),
            (std::set<std::string>{"down", "reply", "delay", "drop-data", "strip-starttls",
                                   "modify-body", "fill-mailbox", "break-dns"}));
  EXPECT_EQ(fault_timeline_name(FaultKind::NodeDown), "node_down");
  EXPECT_EQ(fault_timeline_name(FaultKind::ReplyToVerb), "reply");
  EXPECT_EQ(fault_timeline_name(FaultKind::DelayReplies), "delay");
  EXPECT_EQ(fault_timeline_name(FaultKind::DropData), "drop_data");
  EXPECT_EQ(fault_timeline_name(FaultKind::FillMailbox), "fill_mailbox");
  EXPECT_EQ(fault_timeline_name(FaultKind::BreakDns), "break_dns");
  EXPECT_EQ(fault_timeline_name(FaultKind::StripStartTls), "strip_starttls");
  EXPECT_EQ(fault_timeline_name(FaultKind::ModifyBody), "modify_body");
}

/// A scenario with one fault step, `clear: NAME` with the keys its kind needs.
class FaultScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("smtplab-fault-kinds-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  LoadResult load(const std::string& step) {
    const fs::path file = dir_ / "faults.yaml";
    std::ofstream(file) << R"(scenario: faults
title: { fr: "x", en: "x" }
lesson: 02-first-session
topology:
  dns:
    gsimaroc.com: { mx: [ { pref: 10, host: mail.gsimaroc.com } ] }
  nodes:
    - { id: mail.gsimaroc.com, kind: mta, address: 127.0.1.20, domains: [gsimaroc.com],
        mailboxes: [ali.belabbas] }
steps:
  - fault: )" << step << "\n";
    LoadOptions options;
    options.lessons_dir = SMTPLAB_LESSONS_DIR;
    options.check_lesson_checkpoints = false;
    return load_scenario(file, options);
  }

  fs::path dir_;
};

std::string keys_for(FaultKind kind) {
  switch (kind) {
    case FaultKind::FillMailbox:
      return ", mailbox: ali.belabbas@gsimaroc.com";
    case FaultKind::BreakDns:
      return ", domain: gsimaroc.com";
    case FaultKind::All:
      return "";
    default:
      return ", node: mail.gsimaroc.com";
  }
}

TEST_F(FaultScenario, TheReaderAcceptsEveryYamlName) {
  for (const auto& row : fault_kind_table()) {
    const auto result = load("{ clear: " + std::string(row.yaml) + keys_for(row.kind) + " }");
    ASSERT_TRUE(result.ok()) << row.yaml << ": "
                             << (result.errors.empty() ? "" : result.errors.front().to_string());
    const auto& step = std::get<FaultStep>(result.scenario->steps.at(0).step);
    EXPECT_EQ(step.kind, row.kind) << row.yaml;
    EXPECT_FALSE(step.inject);
  }
}

TEST_F(FaultScenario, MakeFaultAcceptsEveryPersonName) {
  const auto result = load("{ clear: all }");
  ASSERT_TRUE(result.ok());
  const TopologySpec& topology = result.scenario->topology;
  for (const auto& row : fault_kind_table()) {
    if (row.person.empty()) continue;
    const std::string argument = row.argument == FaultArgument::CodeVerb ? "451 RCPT" : "";
    std::string error;
    const auto fault =
        make_fault(topology, "mail.gsimaroc.com", std::string(row.person), argument, error);
    ASSERT_TRUE(fault) << row.person << ": " << error;
    EXPECT_EQ(fault->kind, row.kind) << row.person;
  }
  std::string error;
  EXPECT_FALSE(make_fault(topology, "mail.gsimaroc.com", "drop_data", "", error))
      << "the scenario spelling is not a person's";
  EXPECT_NE(error.find("drop-data"), std::string::npos) << error;
}

}  // namespace
