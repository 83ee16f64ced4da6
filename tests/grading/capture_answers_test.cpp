// Chapter 13's answers read from captures, graded by the same source `smtplab check` and the
// window use (gui/cli/capture_answers):
// - the supplied capture (13.4): its answers come from analysing the file; right answers
//   pass, each wrong one fails, a missing file fails with the reason in French and English;
//   without a frame source (sim/ alone) the checkpoint is "not graded here", never passed;
// - a real lab captured on lo while a student sends TP13 (13.1, 13.3): the right answers,
//   read independently by tshark, pass; wrong ones fail; nothing passes by itself (the
//   demonstration alone, or a demonstration that sends TP13 itself); no capture, or a
//   capture without that connection, fails and says why;
// - `smtplab serve SCENARIO --capture` without the capture permission starts nothing and
//   names the setcap line.
// The live cases need root (capture on lo): skipped with the reason otherwise.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include "capture/capture_recorder.hpp"
#include "gui/cli/capture_answers.hpp"
#include "gui/cli/lab_capture_filter.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_client.hpp"
#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_runner.hpp"

namespace smtplab {
namespace {

namespace fs = std::filesystem;
using lab::CheckpointStep;
using lab::CheckpointVerdict;
using lab::LabState;

const fs::path kScenarios = SMTPLAB_SCENARIOS_DIR;

lab::ScenarioSpec load13() {
  auto loaded = lab::load_scenario(kScenarios / "13-frames.yaml");
  if (!loaded.ok()) throw std::runtime_error(loaded.errors.front().to_string());
  return *loaded.scenario;
}

const CheckpointStep& checkpoint(const lab::ScenarioSpec& scenario, const std::string& id) {
  for (const auto& step : scenario.steps) {
    if (const auto* c = std::get_if<CheckpointStep>(&step.step); c && c->id == id) return *c;
  }
  throw std::runtime_error("no checkpoint " + id);
}

CheckpointVerdict grade(const CheckpointStep& step, const LabState& state,
                        std::vector<std::string> answers, lab::FrameAnswerSource source,
                        const fs::path& dir = kScenarios) {
  lab::GradingContext context{dir, std::move(answers), std::move(source)};
  return lab::evaluate_checkpoint(step, state, context);
}

lab::FrameAnswerSource source_for(cli::LabCapture recorded, const fs::path& dir = kScenarios) {
  return cli::capture_answer_source([recorded] { return recorded; }, dir);
}

std::string run(const std::string& command) {
  std::string out;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// ---------------------------------------------------------------------------------------
// The supplied capture (13.4)

TEST(SuppliedCapture, AnswersAreReadFromTheFile) {
  std::string error;
  const auto analysis =
      capture::analyze_capture_file((kScenarios / "captures/13-wild.pcapng").string(), error);
  ASSERT_TRUE(analysis) << error;
  const auto answers = cli::capture_file_answers(*analysis);
  // What make_13_wild.sh put there: five sessions, one AUTH in clear, one raw client
  // (127.0.3.105) whose DATA holds a bare <LF>.<LF>.
  EXPECT_EQ(answers.sessions, 5u);
  EXPECT_EQ(answers.clear_users, std::vector<std::string>{"sami.k"});
  ASSERT_EQ(answers.smuggling.size(), 1u);
  EXPECT_EQ(capture::to_string(analysis->sessions[answers.smuggling[0] - 1].client.address),
            "127.0.3.105");
}

TEST(SuppliedCapture, RightAnswersPassWrongOnesFail) {
  const auto scenario = load13();
  const auto& step = checkpoint(scenario, "13.4");
  const auto state = LabState::not_run(scenario.topology);
  const auto source = source_for({});
  std::string error;
  const auto analysis =
      capture::analyze_capture_file((kScenarios / "captures/13-wild.pcapng").string(), error);
  ASSERT_TRUE(analysis) << error;
  const auto facts = cli::capture_file_answers(*analysis);
  const std::vector<std::string> right{std::to_string(facts.sessions), facts.clear_users.at(0),
                                       std::to_string(facts.smuggling.at(0))};
  const auto passed = grade(step, state, right, source);
  EXPECT_TRUE(passed.overall.pass) << passed.overall.reason.en;
  EXPECT_TRUE(
      grade(step, state, {" 5", "SAMI.K ", "3"}, source).overall.pass);  // trimmed, any case
  for (std::size_t i = 0; i < right.size(); ++i) {
    auto wrong = right;
    wrong[i] = i == 1 ? "sami" : std::to_string(std::stoi(right[i]) + 1);
    const auto verdict = grade(step, state, wrong, source);
    EXPECT_FALSE(verdict.overall.pass) << "question " << i;
    EXPECT_FALSE(verdict.overall.unavailable);
    EXPECT_TRUE(verdict.conditions[i].reason.en.find("wrong answer") != std::string::npos)
        << verdict.conditions[i].reason.en;
  }
  EXPECT_FALSE(grade(step, state, {}, source).overall.pass);
}

TEST(SuppliedCapture, MissingFileFailsWithTheReason) {
  const auto scenario = load13();
  const auto empty =
      fs::temp_directory_path() / ("smtplab-no-captures-" + std::to_string(getpid()));
  fs::create_directories(empty);
  const auto verdict = grade(checkpoint(scenario, "13.4"), LabState::not_run(scenario.topology),
                             {"5", "sami.k", "3"}, source_for({}, empty), empty);
  fs::remove_all(empty);
  EXPECT_FALSE(verdict.overall.pass);
  EXPECT_FALSE(verdict.overall.unavailable);
  EXPECT_NE(verdict.overall.reason.fr.find("illisible"), std::string::npos)
      << verdict.overall.reason.fr;
  EXPECT_NE(verdict.overall.reason.en.find("cannot be read"), std::string::npos)
      << verdict.overall.reason.en;
}

TEST(SuppliedCapture, WithoutAFrameSourceNotGradedNeverPassed) {
  const auto scenario = load13();
  const auto verdict = grade(checkpoint(scenario, "13.4"), LabState::not_run(scenario.topology),
                             {"5", "sami.k", "3"}, {});
  EXPECT_FALSE(verdict.overall.pass);
  EXPECT_TRUE(verdict.overall.unavailable);
}

// ---------------------------------------------------------------------------------------
// A real lab, captured on lo

/// Frame numbers and senders of one connection, as tshark reads the capture.
struct SharkFrames {
  std::string handshake;  ///< "SYN,SYN-ACK,ACK"
  std::string first_fin;  ///< address
};

SharkFrames tshark_frames(const fs::path& file, const std::string& client) {
  const std::string port = client.substr(client.rfind(':') + 1);
  std::istringstream rows(run("tshark -r '" + file.string() + "' -Y 'tcp.port == " + port +
                              "' -T fields -e frame.number -e tcp.flags -e ip.src "
                              "-e tcp.srcport 2>/dev/null"));
  SharkFrames out;
  std::uint64_t syn = 0, syn_ack = 0, ack = 0;
  std::string frame, flags, source, source_port;
  while (rows >> frame >> flags >> source >> source_port) {
    const unsigned long bits = std::stoul(flags, nullptr, 16);
    const bool from_client = source_port == port;
    if ((bits & 0x12) == 0x02 && from_client && !syn) syn = std::stoull(frame);
    if ((bits & 0x12) == 0x12 && !from_client && syn && !syn_ack) syn_ack = std::stoull(frame);
    if ((bits & 0x12) == 0x10 && from_client && syn_ack && !ack) ack = std::stoull(frame);
    if ((bits & 0x01) && out.first_fin.empty()) out.first_fin = source;
  }
  if (ack)
    out.handshake = std::to_string(syn) + "," + std::to_string(syn_ack) + "," + std::to_string(ack);
  return out;
}

/// Chapter 13's lab on free ports, recorded on lo from its start: the demonstration plays
/// (optionally with extra steps before the student's part), then `student` acts.
struct CapturedLab {
  fs::path dir;
  fs::path file;
  lab::RunReport report;
  std::optional<LabState> state;
};

CapturedLab play_captured(lab::ScenarioSpec scenario, const std::string& name,
                          const std::function<void(lab::LabRuntime&)>& student) {
  CapturedLab out;
  out.dir =
      fs::temp_directory_path() / ("smtplab-grading-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(out.dir);
  fs::create_directories(out.dir);
  out.file = out.dir / "lab.pcapng";
  lab::RuntimeOptions options;
  options.state_dir = out.dir;
  options.standard_ports = false;
  lab::LabRuntime runtime(scenario.topology, options);
  runtime.start();
  capture::LiveOptions live;
  live.filter = cli::lab_capture_filter(runtime.topology(), &runtime);
  std::string error;
  auto recorder = capture::CaptureRecorder::start(live, out.file.string(), error);
  if (!recorder) throw std::runtime_error(error);
  lab::RunOptions run;
  run.settle = std::chrono::milliseconds(500);
  // The runner grades with the frames too: what the lab did by itself must not pass.
  run.frame_answers = cli::capture_answer_source(
      [file = out.file] { return cli::read_lab_capture(file); }, kScenarios);
  lab::ScenarioRunner runner(scenario, runtime, run);
  out.report = runner.run();
  if (student) student(runtime);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the last FIN and ACK
  out.state = LabState::from_runtime(runtime);
  runtime.stop();
  if (!recorder->stop()) throw std::runtime_error(recorder->error());
  return out;
}

/// What 13.1's lesson asks: TP13 by hand to mail.gsimaroc.com, one command per write.
void send_tp13(lab::LabRuntime& runtime) {
  const auto* mail = runtime.topology().find_node("mail.gsimaroc.com");
  lab::RawSmtpClient nc(mail->address, runtime.port(mail->id, "smtp"), "",
                        std::chrono::seconds(10));
  ASSERT_TRUE(nc.read_reply());
  for (const char* line :
       {"EHLO pc-student.gsimaroc.com\r\n", "MAIL FROM:<benharraf@gsimaroc.com>\r\n",
        "RCPT TO:<ali.belabbas@gsimaroc.com>\r\n", "DATA\r\n",
        "Subject: TP13\r\n\r\nWatch the frames.\r\n.\r\n", "QUIT\r\n"}) {
    nc.write(line);
    ASSERT_TRUE(nc.read_reply()) << line;
  }
}

bool can_capture() {
  return geteuid() == 0;
}

class LiveLab : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!can_capture()) GTEST_SKIP() << "capturing on lo needs root (or CAP_NET_RAW)";
  }
};

TEST_F(LiveLab, TheStudentsSessionIsGradedOnItsFrames) {
  const auto scenario = load13();
  auto played = play_captured(scenario, "live", send_tp13);
  const LabState& state = *played.state;
  // The session that carried TP13, and its frames as tshark reads them.
  std::string client;
  const LabState mine = state.for_student();
  for (const auto& s : mine.sessions()) {
    if (std::find(s.subjects.begin(), s.subjects.end(), "TP13") != s.subjects.end())
      client = s.client;
  }
  ASSERT_FALSE(client.empty()) << "no student session carried TP13";
  if (std::system("tshark -v >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark is not installed";
  const SharkFrames shark = tshark_frames(played.file, client);
  ASSERT_FALSE(shark.handshake.empty());
  ASSERT_FALSE(shark.first_fin.empty());

  const auto source = source_for(cli::read_lab_capture(played.file));
  const auto& handshake = checkpoint(scenario, "13.1");
  const auto& fin = checkpoint(scenario, "13.3");
  const auto right = grade(handshake, state, {shark.handshake}, source);
  EXPECT_TRUE(right.overall.pass) << right.overall.reason.en;
  EXPECT_TRUE(grade(fin, state, {shark.first_fin}, source).overall.pass);
  // Wrong answers: the numbers out of order, another address.
  const auto comma = shark.handshake.find(',');
  const std::string swapped =
      shark.handshake.substr(comma + 1) + "," + shark.handshake.substr(0, comma);
  EXPECT_FALSE(grade(handshake, state, {swapped}, source).overall.pass);
  EXPECT_FALSE(grade(fin, state, {"127.0.0.2"}, source).overall.pass);
  // 13.2's segment as captured (one write per line here: the whole command).
  EXPECT_TRUE(grade(checkpoint(scenario, "13.2"), state,
                    {lab::model_answer(std::get<lab::AnswerCondition>(
                                           checkpoint(scenario, "13.2").conditions[0].check),
                                       state.for_student())
                         .value_or("?")},
                    source)
                  .overall.pass);

  // No capture: never a pass, and the reason says how to make one.
  cli::LabCapture none;
  none.missing = {"le lab n'a pas été capturé", "the lab was not captured"};
  for (const auto* step : {&handshake, &fin}) {
    const auto verdict = grade(*step, state, {shark.handshake}, source_for(none));
    EXPECT_FALSE(verdict.overall.pass);
    EXPECT_FALSE(verdict.overall.unavailable);
    EXPECT_NE(verdict.overall.reason.fr.find("pas été capturé"), std::string::npos);
    EXPECT_NE(verdict.overall.reason.en.find("not captured"), std::string::npos);
  }
  // A capture that does not hold that connection (another one).
  const auto other = source_for(cli::read_lab_capture(kScenarios / "captures/13-wild.pcapng"));
  const auto elsewhere = grade(handshake, state, {shark.handshake}, other);
  EXPECT_FALSE(elsewhere.overall.pass);
  EXPECT_NE(elsewhere.overall.reason.en.find("holds no frame of the connection"), std::string::npos)
      << elsewhere.overall.reason.en;
  EXPECT_NE(elsewhere.overall.reason.fr.find("ne contient aucune trame"), std::string::npos)
      << elsewhere.overall.reason.fr;
  fs::remove_all(played.dir);
}

TEST_F(LiveLab, NothingPassesByItself) {
  // The demonstration alone, graded with the lab's capture: 13.1 and 13.3 fail (the
  // student sent nothing), and say so; none is "not graded".
  const auto scenario = load13();
  auto played = play_captured(scenario, "idle", {});
  for (const auto& step : played.report.steps) {
    if (step.kind != "checkpoint") continue;
    EXPECT_EQ(step.outcome, lab::StepOutcome::Failed) << step.id << ": " << step.text.en;
    if (step.id == "13.1" || step.id == "13.3") {
      EXPECT_NE(step.text.en.find("none of your sessions carried \"TP13\""), std::string::npos)
          << step.text.en;
    }
  }
  fs::remove_all(played.dir);
}

TEST_F(LiveLab, ADemonstrationSendingTp13PassesNothing) {
  // 13.1's solution (TP13 sent by a scripted client) played as a demonstration step: the
  // capture holds a TP13 session, the lab's, so the right frame numbers still fail.
  auto scenario = load13();
  const auto& solution = checkpoint(scenario, "13.1").solution;
  ASSERT_FALSE(solution.empty());
  std::vector<lab::StepSpec> demo;
  for (const auto& action : solution) {
    lab::StepSpec s;
    s.origin = action.origin;
    std::visit([&](const auto& a) { s.step = a; }, action.action);
    demo.push_back(std::move(s));
  }
  const auto begin = std::find_if(scenario.steps.begin(), scenario.steps.end(), [](const auto& s) {
    const auto* section = std::get_if<lab::SectionStep>(&s.step);
    return section && section->kind == lab::SectionKind::Lab;
  });
  scenario.steps.insert(begin, demo.begin(), demo.end());
  auto played = play_captured(scenario, "demo", {});
  std::string client;
  for (const auto& s : played.state->sessions()) {
    if (std::find(s.subjects.begin(), s.subjects.end(), "TP13") != s.subjects.end())
      client = s.client;
  }
  ASSERT_FALSE(client.empty()) << "the demonstration sent no TP13";
  if (std::system("tshark -v >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark is not installed";
  const SharkFrames shark = tshark_frames(played.file, client);
  ASSERT_FALSE(shark.handshake.empty());  // the lab's TP13 is in the capture, with its opening
  const auto source = source_for(cli::read_lab_capture(played.file));
  EXPECT_FALSE(
      grade(checkpoint(scenario, "13.1"), *played.state, {shark.handshake}, source).overall.pass);
  EXPECT_FALSE(
      grade(checkpoint(scenario, "13.3"), *played.state, {shark.first_fin}, source).overall.pass);
  fs::remove_all(played.dir);
}

// ---------------------------------------------------------------------------------------
// `smtplab run SCENARIO --capture`: the frame checkpoints are graded in a headless run

TEST(RunCapture, TheFrameCheckpointsAreGradedFromTheRunsOwnCapture) {
  if (geteuid() != 0) GTEST_SKIP() << "capturing on lo needs root (CI runs as root)";
  const auto dir = fs::temp_directory_path() / ("smtplab-run-capture-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto file = dir / "run.pcapng";
  const std::string out =
      run(SMTPLAB_BINARY " run 13 --solve --free-ports --capture '" + file.string() + "' --out '" +
          (dir / "state").string() + "' 2>&1; echo \"exit=$?\"");
  EXPECT_NE(out.find("exit=0"), std::string::npos) << out;
  EXPECT_NE(out.find("failed, 0 not graded here"), std::string::npos) << out;
  EXPECT_NE(out.find("checkpoints "), std::string::npos) << out;
  EXPECT_EQ(out.find(" 0 passed"), std::string::npos) << out;
  EXPECT_NE(out.find("frame(s) captured into"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(file));
  // Without --capture the same run says those checkpoints are not graded, never passed.
  const std::string bare = run(SMTPLAB_BINARY " run 13 --solve --free-ports --out '" +
                               (dir / "bare").string() + "' 2>&1");
  EXPECT_EQ(bare.find(", 0 not graded here"), std::string::npos) << bare;
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// `smtplab serve SCENARIO --capture` without the permission

TEST(ServeCapture, WithoutPermissionNothingStartsAndTheSetcapLineIsShown) {
  if (geteuid() != 0 || std::system("command -v setpriv >/dev/null") != 0)
    GTEST_SKIP() << "needs root and setpriv to drop the capture capabilities";
  const auto dir = fs::temp_directory_path() / ("smtplab-serve-denied-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const std::string lang : {"en", "fr"}) {
    const auto file = dir / ("lab-" + lang + ".pcapng");
    const std::string out =
        run("cd '" + dir.string() +
            "' && SMTPLAB_UNPRIVILEGED_PORTS=1 setpriv --bounding-set -net_raw,-net_admin "
            "--inh-caps -net_raw,-net_admin " SMTPLAB_BINARY " serve 13 --free-ports --lang " +
            lang + " --capture '" + file.string() + "' --out state 2>&1; echo \"exit=$?\"");
    EXPECT_NE(out.find("setcap cap_net_raw,cap_net_admin=eip"), std::string::npos) << out;
    EXPECT_NE(out.find("exit=1"), std::string::npos) << out;
    EXPECT_NE(out.find(lang == "fr" ? "Le lab n'a pas démarré" : "The lab was not started"),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("is up"), std::string::npos) << out;
    EXPECT_FALSE(fs::exists(file));
    // Nothing ran, so nothing was left behind: no empty mailboxes or spools.
    EXPECT_FALSE(fs::exists(dir / "state" / "spool"));
    EXPECT_FALSE(fs::exists(dir / "state" / "mail"));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace smtplab
