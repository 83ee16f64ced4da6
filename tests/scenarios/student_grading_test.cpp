// Checkpoints grade what the student did, on real loopback servers:
// - nothing passes by itself: every shipped scenario played with its demonstration and no
//   student action passes no checkpoint, and its demonstration leaves no fault armed and
//   shows every fault it injects at work;
// - a demonstration that does what the student must do still passes nothing (each
//   checkpoint's solution played as a demonstration step, before the student's part);
// - the student's actions (each checkpoint's solution, played as the student) pass every
//   checkpoint, with a verdict in French and in English;
// - the timeline says where the student's part began and who opened each scripted session;
// - the student's own client (a plain connection, as nc makes) counts once their part began;
// - lines typed in the console (an answers file) are graded on what the lesson announces.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <thread>

#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_client.hpp"
#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_runner.hpp"
#include "sim/lab/student_scope.hpp"
#include "sim/lab/timeline_json.hpp"

namespace smtplab::lab {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> scenario_stems() {
  std::vector<std::string> stems;
  for (const auto& entry : fs::directory_iterator(SMTPLAB_SCENARIOS_DIR)) {
    if (entry.path().extension() == ".yaml") stems.push_back(entry.path().stem().string());
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

ScenarioSpec load(const std::string& stem) {
  auto loaded = load_scenario(fs::path(SMTPLAB_SCENARIOS_DIR) / (stem + ".yaml"));
  if (!loaded.ok()) throw std::runtime_error(loaded.errors.front().to_string());
  return *loaded.scenario;
}

/// A scenario played on real servers (free loopback ports), its report and timeline.
struct Played {
  RunReport report;
  std::vector<TimelineEvent> timeline;
};

Played play(const ScenarioSpec& scenario, const std::string& name, bool solve) {
  const auto dir =
      fs::temp_directory_path() / ("smtplab-grading-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  RuntimeOptions options;
  options.state_dir = dir;
  options.standard_ports = false;
  Played played;
  {
    LabRuntime lab(scenario.topology, options);
    lab.start();
    RunOptions run;
    run.solve = solve;
    run.settle = std::chrono::milliseconds(solve ? 4000 : 1500);
    ScenarioRunner runner(scenario, lab, run);
    played.report = runner.run();
    lab.stop();
    played.timeline = lab.timeline().snapshot();
  }
  fs::remove_all(dir);
  return played;
}

std::string where(const StepResult& step) {
  return step.origin.file + ":" + std::to_string(step.origin.line) + ": " + step.text.en;
}

/// Seq of the student part's begin mark, 0 when absent.
std::uint64_t part_begin(const std::vector<TimelineEvent>& timeline) {
  for (const auto& e : timeline) {
    if (e.kind == TimelineKind::Step && student_part_of(e.payload) == "begin") return e.seq;
  }
  return 0;
}

class StudentGrading : public ::testing::TestWithParam<std::string> {};

TEST_P(StudentGrading, NothingPassesByItself) {
  const auto scenario = load(GetParam());
  const auto played = play(scenario, GetParam() + "-idle", false);
  int checkpoints = 0;
  for (const auto& step : played.report.steps) {
    if (step.kind == "checkpoint") {
      ++checkpoints;
      EXPECT_NE(step.outcome, StepOutcome::Passed) << "passed by itself: " << where(step);
    } else {
      // The demonstration itself plays as written.
      EXPECT_NE(step.outcome, StepOutcome::Failed) << where(step);
    }
  }
  EXPECT_GT(checkpoints, 0);

  const auto begin = part_begin(played.timeline);
  ASSERT_GT(begin, 0u) << "no student_part mark in the timeline";
  // The demonstration's faults: each one cleared before the student's part, and each one
  // seen at work (a session or a connection attempt) while it was on.
  std::map<std::string, std::uint64_t> armed;  // fault kind + target -> seq injected
  for (const auto& e : played.timeline) {
    if (e.seq > begin) break;
    if (e.kind == TimelineKind::Fault) {
      const auto* change = e.details<FaultPayload>();
      ASSERT_TRUE(change) << e.text;
      const std::string key = change->fault ? fault_timeline_name(*change->fault) : "";
      const std::string what = key + " " + change->target;
      if (change->inject) {
        armed[what] = e.seq;
        continue;
      }
      const auto it = armed.find(what);
      if (it == armed.end()) continue;
      const bool shown = std::any_of(played.timeline.begin(), played.timeline.end(), [&](auto& s) {
        return s.seq > it->second && s.seq < e.seq &&
               (s.kind == TimelineKind::SessionOpened ||
                s.template details<ConnectFailedPayload>());
      });
      EXPECT_TRUE(shown) << GetParam() << ": fault " << what << " injected and cleared with nothing"
                         << " going through in between";
      armed.erase(it);
    }
  }
  for (const auto& [what, seq] : armed)
    ADD_FAILURE() << GetParam() << ": the demonstration leaves fault " << what << " armed";
}

TEST_P(StudentGrading, ADemonstrationDoingTheSolutionsPassesNothing) {
  // Every checkpoint's solution becomes a demonstration step, played before the student's
  // part: the lab now holds exactly what each checkpoint looks for, made by the lab.
  auto scenario = load(GetParam());
  std::vector<StepSpec> demo;
  for (const auto& step : scenario.steps) {
    if (const auto* c = std::get_if<CheckpointStep>(&step.step)) {
      for (const auto& action : c->solution) {
        StepSpec s;
        s.origin = action.origin;
        std::visit([&](const auto& a) { s.step = a; }, action.action);
        demo.push_back(std::move(s));
      }
    }
  }
  const auto lab = std::find_if(scenario.steps.begin(), scenario.steps.end(), [](const auto& s) {
    const auto* section = std::get_if<SectionStep>(&s.step);
    return section && section->kind == SectionKind::Lab;
  });
  ASSERT_NE(lab, scenario.steps.end());
  scenario.steps.insert(lab, demo.begin(), demo.end());
  const auto played = play(scenario, GetParam() + "-demo", false);
  for (const auto& step : played.report.steps) {
    if (step.kind != "checkpoint") continue;
    EXPECT_NE(step.outcome, StepOutcome::Passed)
        << "passed from the demonstration: " << where(step);
  }
}

TEST_P(StudentGrading, TheStudentsActionsPassEveryCheckpointInFrenchAndEnglish) {
  const auto scenario = load(GetParam());
  const auto played = play(scenario, GetParam() + "-solve", true);
  for (const auto& step : played.report.steps) {
    if (step.kind != "checkpoint") continue;
    ASSERT_TRUE(step.outcome == StepOutcome::Passed || step.outcome == StepOutcome::Unavailable)
        << where(step);
    if (step.outcome == StepOutcome::Unavailable) continue;
    EXPECT_NE(step.text.fr.find("r\u00e9ussi"), std::string::npos) << step.text.fr;
    EXPECT_NE(step.text.en.find("passed"), std::string::npos) << step.text.en;
  }
  // Every scripted session says who opened it; the solutions' are the student's.
  const auto begin = part_begin(played.timeline);
  ASSERT_GT(begin, 0u);
  int student_marks = 0;
  for (const auto& e : played.timeline) {
    const auto* origin = e.details<SessionOriginPayload>();
    if (!origin) continue;
    if (origin->student) {
      ++student_marks;
      EXPECT_GT(e.seq, begin) << e.text;
    } else {
      EXPECT_EQ(payload_fields(e).at("origin"), "lab") << e.text;
    }
  }
  bool solutions_open_sessions = false;
  for (const auto& step : scenario.steps) {
    if (const auto* c = std::get_if<CheckpointStep>(&step.step)) {
      for (const auto& a : c->solution) {
        solutions_open_sessions = solutions_open_sessions ||
                                  std::holds_alternative<SendStep>(a.action) ||
                                  std::holds_alternative<ClientStep>(a.action);
      }
    }
  }
  if (solutions_open_sessions) {
    EXPECT_GT(student_marks, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, StudentGrading, ::testing::ValuesIn(scenario_stems()),
                         [](const ::testing::TestParamInfo<std::string>& scenario_param) {
                           std::string name = scenario_param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return "s" + name;
                         });

// The student's own client (what nc or telnet does: a plain TCP connection the lab did not
// open, after the demonstration) counts; the same dialogue before the student's part
// would not.
TEST(StudentsOwnClient, CountsOnceTheirPartHasBegun) {
  const auto scenario = load("02-first-session");
  const auto dir =
      fs::temp_directory_path() / ("smtplab-grading-own-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  RuntimeOptions options;
  options.state_dir = dir;
  options.standard_ports = false;
  LabRuntime lab(scenario.topology, options);
  lab.start();
  RunOptions run;
  run.settle = std::chrono::milliseconds(500);
  ScenarioRunner runner(scenario, lab, run);
  const auto report = runner.run();
  EXPECT_EQ(report.checkpoints_passed, 0);
  const NodeSpec* mail = lab.topology().find_node("mail.gsimaroc.com");
  ASSERT_NE(mail, nullptr);
  {
    RawSmtpClient nc(mail->address, lab.port(mail->id, "smtp"), "", std::chrono::seconds(10));
    ASSERT_TRUE(nc.read_reply());
    nc.write("HELO pc-student.example\r\n");
    ASSERT_TRUE(nc.read_reply());
    nc.write("QUIT\r\n");
    ASSERT_TRUE(nc.read_reply());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto state = LabState::from_runtime(lab);
  std::map<std::string, bool> passed;
  for (const auto& step : scenario.steps) {
    if (const auto* c = std::get_if<CheckpointStep>(&step.step))
      passed[c->id] = evaluate_checkpoint(*c, state, {SMTPLAB_SCENARIOS_DIR, {}, {}}).overall.pass;
  }
  lab.stop();
  fs::remove_all(dir);
  EXPECT_TRUE(passed["2.1"]);  // banner, HELO 250
  EXPECT_TRUE(passed["2.4"]);  // QUIT 221
  EXPECT_FALSE(passed["2.2"]);
  EXPECT_FALSE(passed["2.3"]);
}

// Lines typed in the console (an answers file) are graded, and graded strictly: 2.3 wants
// the two-line body the lesson announces, and says how many lines it got.
TEST(StudentsConsole, TypedMessageIsGradedOnWhatTheLessonAnnounces) {
  const auto scenario = load("02-first-session");
  const auto typed = [&](const std::string& body) {
    const auto dir =
        fs::temp_directory_path() / ("smtplab-grading-typed-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    RuntimeOptions options;
    options.state_dir = dir;
    options.standard_ports = false;
    LabRuntime lab(scenario.topology, options);
    lab.start();
    RunOptions run;
    run.settle = std::chrono::milliseconds(1500);
    run.answers = AnswerSheet::parse(
        "console: HELO pc-student.gsimaroc.com\n"
        "console: MAIL FROM:<benharraf@gsimaroc.com>\n"
        "console: RCPT TO:<ali.belabbas@gsimaroc.com>\n"
        "console: DATA\n"
        "console: From: benharraf@gsimaroc.com\n"
        "console: To: ali.belabbas@gsimaroc.com\n"
        "console: Subject: TP2\n"
        "console: Date: Mon, 3 Mar 2025 10:20:00 +0100\n"
        "console: \n" +
        body + "console: .\nconsole: QUIT\n");
    ScenarioRunner runner(scenario, lab, run);
    auto report = runner.run();
    lab.stop();
    fs::remove_all(dir);
    std::map<std::string, StepResult> by_id;
    for (auto& step : report.steps) {
      if (step.kind == "checkpoint") by_id[step.id] = step;
    }
    return by_id;
  };
  auto three = typed("console: line one\nconsole: line two\nconsole: line three\n");
  EXPECT_EQ(three["2.1"].outcome, StepOutcome::Passed) << three["2.1"].text.en;
  EXPECT_EQ(three["2.4"].outcome, StepOutcome::Passed) << three["2.4"].text.en;
  EXPECT_EQ(three["2.2"].outcome, StepOutcome::Failed);
  ASSERT_EQ(three["2.3"].outcome, StepOutcome::Failed);
  EXPECT_NE(three["2.3"].text.en.find("the body has 3 line(s), not 2"), std::string::npos)
      << three["2.3"].text.en;
  EXPECT_NE(three["2.3"].text.fr.find("le corps compte 3 ligne(s), pas 2"), std::string::npos)
      << three["2.3"].text.fr;
  auto two = typed("console: line one\nconsole: line two\n");
  EXPECT_EQ(two["2.3"].outcome, StepOutcome::Passed) << two["2.3"].text.en;
}

// The scope on a hand-made timeline: the demonstration's message and its delivery are the
// lab's; the student's session after the mark, its relay and delivery are the student's.
TEST(StudentScope, FollowsEachMessageFromItsSessionToItsDelivery) {
  TopologySpec topology;
  NodeSpec mua;
  mua.id = "pc";
  mua.kind = NodeKind::Mua;
  NodeSpec msa;
  msa.id = "msa";
  msa.kind = NodeKind::Msa;
  NodeSpec mx;
  mx.id = "mx";
  mx.kind = NodeKind::Mx;
  topology.nodes = {mua, msa, mx};
  std::vector<TimelineEvent> events;
  const auto add = [&](TimelineKind kind, std::string node, std::uint64_t session,
                       TimelinePayload payload = {}, std::string peer = "") {
    TimelineEvent e;
    e.seq = events.size() + 1;
    e.kind = kind;
    e.node = std::move(node);
    e.session = session;
    e.peer = std::move(peer);
    e.payload = std::move(payload);
    events.push_back(e);
    return e.seq;
  };
  // A message submitted, queued and relayed, as the demonstration and then the student do.
  const auto message = [&](std::uint64_t first_session, const std::string& queue_id) {
    add(TimelineKind::SessionOpened, "msa", first_session, {}, "pc");
    add(TimelineKind::Command, "msa", first_session);
    add(TimelineKind::MessageData, "msa", first_session);
    add(TimelineKind::Queued, "msa", 0, QueuedPayload{queue_id, "", {}, std::nullopt, false});
    add(TimelineKind::Reply, "msa", first_session);
    add(TimelineKind::Reply, "msa", first_session);
    add(TimelineKind::DnsQuery, "dns", 0, {}, "msa");
    add(TimelineKind::SessionOpened, "mx", first_session + 1, {}, "msa");
    add(TimelineKind::MessageData, "mx", first_session + 1);
    const auto delivered = add(TimelineKind::Delivered, "mx", 0,
                               DeliveredPayload{"", "/x/mail/mx/a/new/" + queue_id + ".mx", ""});
    add(TimelineKind::Reply, "mx", first_session + 1);
    add(TimelineKind::Relayed, "msa", 0, RelayedPayload{queue_id, "", "", ""});
    return delivered;
  };
  const auto demo = message(1, "Q1");
  add(TimelineKind::Step, "scenario", 0, PartMarkPayload{"begin"});
  const auto mine = message(3, "Q2");
  const auto scope = student_scope(events, topology);
  EXPECT_FALSE(scope.events.count(demo));
  EXPECT_TRUE(scope.events.count(mine));
  EXPECT_EQ(scope.sessions, (std::set<std::uint64_t>{3, 4}));
  EXPECT_EQ(scope.entries, (std::set<std::pair<std::string, std::string>>{{"msa", "Q2"}}));
  EXPECT_EQ(scope.files, (std::set<std::string>{"Q2.mx"}));
  // No mark at all (`smtplab serve`): everything is the student's.
  std::erase_if(events, [](const TimelineEvent& e) { return e.kind == TimelineKind::Step; });
  for (std::size_t i = 0; i < events.size(); ++i) events[i].seq = i + 1;
  EXPECT_EQ(student_scope(events, topology).sessions.size(), 4u);
}

}  // namespace
}  // namespace smtplab::lab
