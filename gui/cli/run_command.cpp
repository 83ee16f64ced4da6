// `smtplab run [SCENARIO] --out DIR`: plays a topology headless over real loopback SMTP and
// writes what happened: DIR/transcript.txt (C:/S: lines per session, with node names),
// DIR/timeline.jsonl (every event), and the Maildir mailboxes under DIR/mail/. Exits
// non-zero when a delivery it expected did not happen.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "gui/cli/capture_answers.hpp"
#include "gui/cli/commands.hpp"
#include "gui/cli/lab_recording.hpp"
#include "gui/cli/options.hpp"
#include "gui/cli/scenario_lookup.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_loader.hpp"
#include "sim/lab/scenario_runner.hpp"
#include "sim/message/builder.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage = R"(usage: smtplab run [SCENARIO] --out DIR [OPTIONS]

With SCENARIO (a chapter: see below), builds its topology and plays its steps:
narration, sends, raw client dialogues, faults, the clock, waits; console steps and
quizzes are fed from --answers FILE or skipped; each checkpoint is graded and printed
with its reason. Exit status 1 when a checkpoint or a scripted step failed.
  --answers FILE     typed answers: "q1: 2", "ID: ANSWER", "console: HELO me" (one per line);
                     a quiz's lines are its tries in order ("q1: 3" then "q1: 2"): each
                     gets its feedback, the score counts the first
  --solve            play each checkpoint's solution before grading it
  --lang fr|en       language of the printed lines (default: the locale's, French for LANG=fr_...)
  --capture FILE     record the lab's frames on lo into FILE (.pcapng by name, else
                     .pcap), so the checkpoints about frames (chapter 13) are graded too;
                     needs root or the capture capabilities (the error gives the setcap line)

Runs a mail topology headless: every agent is a real SMTP client or server on its own
loopback address (127.0.x.y). Without SCENARIO, the built-in topology
  mua.ali -> msa.gsimaroc.com (587, STARTTLS + AUTH) -> relay.gsimaroc.com -> mx.menara.ma
sends three messages through every hop: one to a mailbox, one to an alias and a
mailing list with an attachment, and one to an unknown user, whose bounce (DSN) comes
back to the sender.

  --out DIR          where to write transcript.txt, timeline.jsonl and mail/ (required)
  --timeout SECONDS  how long to wait for the queues to drain (default 60)
  --free-ports       bind any free port instead of 25/587/465 (or 2525/5587/4465)
Exit status: 0 when every expected delivery happened, 1 otherwise, 2 on a usage error.

)";

struct Expectation {
  std::string node;
  std::string mailbox;
  std::size_t messages;
};

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

std::string compose(const std::string& to_header, const std::string& subject,
                    const std::string& text, bool attachment) {
  message::MessageBuilder builder;
  builder.from({"Ali Belabbas", "ali.belabbas", "gsimaroc.com", ""});
  builder.to({"", to_header.substr(0, to_header.find('@')),
              to_header.substr(to_header.find('@') + 1), ""});
  builder.subject(subject);
  builder.text(text);
  if (attachment) {
    builder.attach({"emploi-du-temps.txt", "text/plain",
                    "Lundi : réseaux\nMardi : messagerie (SMTP)\nMercredi : DNS\n"});
  }
  return builder.build();
}

/// `smtplab run SCENARIO`: the scenario's topology, its steps, its checkpoints.
int run_scenario(const Options& options, const std::filesystem::path& dir) {
  const auto loaded = lab::load_scenario(resolve_scenario(options.positionals().front()));
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 2;
  }
  const lab::ScenarioSpec& scenario = *loaded.scenario;
  lab::RunOptions run;
  run.solve = options.flag("--solve");
  run.lang = language_option(options);
  if (const auto answers = options.value("--answers"))
    run.answers = lab::AnswerSheet::load(*answers);
  run.print = [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };
  lab::RuntimeOptions runtime_options;
  runtime_options.state_dir = dir;
  runtime_options.standard_ports = !options.flag("--free-ports");
  lab::LabRuntime lab(scenario.topology, runtime_options);
  lab.start();
  // With --capture, the frame questions read the capture as it stands when each is graded
  // (after the frames of the steps just played have reached the file).
  std::unique_ptr<capture::CaptureRecorder> recorder;
  if (const auto file = options.value("--capture")) {
    recorder = start_lab_recording(lab, *file, run.lang == "fr", "smtplab run");
    if (!recorder) {
      lab.stop();
      return 1;
    }
    run.frame_answers = [rec = recorder.get(), file = *file, files = make_capture_file_cache(),
                         dir = std::filesystem::path(scenario.origin.file).parent_path()](
                            const lab::AnswerCondition& condition, const lab::LabState& state) {
      settle_recording(*rec);
      return capture_answer_source([&] { return read_lab_capture(file); }, dir, files)(condition,
                                                                                       state);
    };
  }
  std::printf("smtplab run: %s \u2014 %s\n", scenario.id.c_str(),
              scenario.title.in(run.lang).c_str());
  lab::ScenarioRunner runner(scenario, lab, run);
  const auto report = runner.run();
  const auto seconds = options.number("--timeout").value_or(10);
  lab.wait_idle(std::chrono::seconds(seconds));  // a deferred message may stay queued: that is fine
  lab.stop();
  if (recorder) {
    recorder->stop();
    std::printf(run.lang == "fr" ? "smtplab run : %llu trame(s) capturée(s) dans %s\n"
                                 : "smtplab run: %llu frame(s) captured into %s\n",
                static_cast<unsigned long long>(recorder->frames()),
                options.value("--capture")->c_str());
  }
  write_text(dir / "transcript.txt", lab.transcript());
  write_text(dir / "timeline.jsonl", lab.timeline().to_jsonl());
  std::printf(
      "smtplab run: checkpoints %d passed, %d failed, %d not graded here; %d scripted step(s) "
      "failed; "
      "quiz %d right at the first try, %d wrong\n",
      report.checkpoints_passed, report.checkpoints_failed, report.checkpoints_unavailable,
      report.step_failures, report.quiz_right, report.quiz_wrong);
  std::printf("smtplab run: wrote %s/transcript.txt, timeline.jsonl, mail/\n",
              dir.string().c_str());
  return report.ok() ? 0 : 1;
}

}  // namespace

int run_run_command(const Args& args) {
  try {
    Options options(args, {"--out", "--timeout", "--answers", "--lang", "--capture"},
                    {"--help", "-h", "--free-ports", "--solve"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(kUsage, stdout);
      std::fputs(kScenarioLookupHelp, stdout);
      return 0;
    }
    if (options.positionals().size() > 1) throw UsageError("one scenario at a time");
    const auto out = options.value("--out");
    if (!out) throw UsageError("--out DIR is required");
    const std::filesystem::path dir(*out);
    std::filesystem::create_directories(dir);
    // A fresh run: old mailboxes and spools would make the counts meaningless.
    std::filesystem::remove_all(dir / "mail");
    std::filesystem::remove_all(dir / "spool");
    if (!options.positionals().empty()) return run_scenario(options, dir);
    if (options.value("--capture"))
      throw UsageError(
          "--capture records a chapter's lab: give a SCENARIO (or use smtplab capture)");

    lab::RuntimeOptions runtime_options;
    runtime_options.state_dir = dir;
    runtime_options.standard_ports = !options.flag("--free-ports");
    lab::LabRuntime lab(lab::default_topology(), runtime_options);
    lab.start();
    std::printf("smtplab run: topology %s started:\n", lab.topology().name.c_str());
    for (const auto& node : lab.topology().nodes) {
      std::printf("  %-20s %-11s", node.id.c_str(), node.address.c_str());
      for (const char* l : {"smtp", "submission", "smtps"}) {
        if (const auto p = lab.port(node.id, l)) std::printf(" %s:%u", l, p);
      }
      std::printf("\n");
    }

    struct Send {
      std::vector<std::string> to;
      std::string subject;
      std::string text;
      bool attachment;
    };
    const std::vector<Send> sends{
        {{"benharraf@menara.ma"},
         "Réunion à l'école — été",
         "Bonjour,\n\nLa réunion a lieu lundi à 10 h.\n",
         false},
        {{"dupont@menara.ma", "profs@menara.ma"},
         "Emploi du temps",
         "Voici l'emploi du temps.\n",
         true},
        {{"nobody@menara.ma"}, "Message pour personne", "Ce destinataire n'existe pas.\n", false},
    };
    int refused_at_submission = 0;
    for (const auto& s : sends) {
      protocol::OutgoingMessage message{"ali.belabbas@gsimaroc.com",
                                        s.to,
                                        compose(s.to.front(), s.subject, s.text, s.attachment),
                                        {}};
      const auto results = lab.submit("mua.ali", message);
      for (const auto& r : results.at(0).recipients) {
        std::printf("  submit %-22s %d %s\n", r.address.c_str(), r.reply.code,
                    r.reply.text().c_str());
        if (r.outcome != protocol::RecipientResult::Outcome::Delivered) ++refused_at_submission;
      }
    }
    const auto seconds = options.number("--timeout").value_or(60);
    const bool idle = lab.wait_idle(std::chrono::seconds(seconds));
    lab.stop();

    write_text(dir / "transcript.txt", lab.transcript());
    write_text(dir / "timeline.jsonl", lab.timeline().to_jsonl());

    // The built-in run's expected mailboxes: the list and the alias both reach
    // Henri.Dupont and benharraf; the unknown user's bounce reaches the sender.
    const std::vector<Expectation> expected{
        {"mx.menara.ma", "benharraf@menara.ma", 2},
        {"mx.menara.ma", "Henri.Dupont@menara.ma", 2},
        {"msa.gsimaroc.com", "ali.belabbas@gsimaroc.com", 1},
    };
    int missing = 0;
    for (const auto& e : expected) {
      agents::MaildirStore store(dir / "mail" / e.node);
      const std::size_t got = store.count(e.mailbox);
      std::printf("  mailbox %-28s %zu message(s)%s\n", e.mailbox.c_str(), got,
                  got == e.messages ? "" : (" — expected " + std::to_string(e.messages)).c_str());
      if (got != e.messages) ++missing;
    }
    std::printf(
        "smtplab run: %zu timeline events; wrote %s/transcript.txt, timeline.jsonl, mail/\n",
        lab.timeline().size(), dir.string().c_str());
    if (!idle) std::printf("smtplab run: the queues did not drain within %llu s\n", seconds);
    if (missing || !idle || refused_at_submission) {
      std::printf("smtplab run: FAILED: an expected delivery did not happen\n");
      return 1;
    }
    std::printf("smtplab run: every expected delivery happened\n");
    return 0;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab run: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab run: %s\n", e.what());
    return 1;
  }
}

}  // namespace smtplab::cli
