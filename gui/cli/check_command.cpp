// `smtplab check SCENARIO --state DIR`: grades a recorded lab (written by `smtplab run`
// or `smtplab serve`) against the scenario's checkpoints, with the same evaluator as a
// live run, and prints each checkpoint's pass/fail with its reason. Answers read from
// frames come from the lab's capture (the one `smtplab serve --capture` noted in DIR, or
// --capture FILE) and from the capture files the scenario names.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "gui/cli/capture_answers.hpp"
#include "gui/cli/commands.hpp"
#include "gui/cli/lab_control.hpp"
#include "gui/cli/options.hpp"
#include "gui/cli/scenario_lookup.hpp"
#include "sim/lab/answers_file.hpp"
#include "sim/lab/condition_evaluator.hpp"
#include "sim/lab/scenario_loader.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage =
    R"(usage: smtplab check SCENARIO [--state DIR] [--lang fr|en] [--answers FILE] [--capture FILE]

Grades a lab: DIR (default ./lab-state) holds timeline.jsonl, mail/ and spool/ as written
by `smtplab run SCENARIO --out DIR` or `smtplab serve SCENARIO --out DIR`. While
`smtplab serve` still runs there, it is asked to write its state first, so a student can
check at any time without stopping the lab. Each checkpoint of SCENARIO is evaluated and
printed with the reason. Answers to questions ("ID: ANSWER")
come from --answers FILE (default DIR/answers.txt when it exists).
Answers about the lab's frames (chapter 13: handshake, first FIN) are computed from the
capture of the lab: --capture FILE, else the file `smtplab serve SCENARIO --capture FILE`
recorded (noted in DIR/capture.txt); without a capture those checkpoints fail and say so.
Exit status: 0 when every checkpoint passes, 1 otherwise, 2 on a usage or scenario error.

)";

/// The capture of the lab: the one asked for, else the one `smtplab serve` noted in the
/// state folder; when there is none, why, and how to make one.
LabCapture lab_capture(const std::optional<std::string>& asked, const std::filesystem::path& dir,
                       const std::string& scenario) {
  if (asked) return read_lab_capture(*asked);
  std::ifstream note(capture_note_path(dir));
  std::string file;
  if (note && std::getline(note, file) && !file.empty()) return read_lab_capture(file);
  LabCapture none;
  none.missing = {"le lab n'a pas été capturé : lancez-le avec « smtplab serve " + scenario +
                      " --capture FICHIER » (ou donnez --capture FICHIER à smtplab check)",
                  "the lab was not captured: start it with `smtplab serve " + scenario +
                      " --capture FILE` (or give smtplab check --capture FILE)"};
  return none;
}

}  // namespace

int run_check_command(const Args& args) {
  try {
    Options options(args, {"--state", "--lang", "--answers", "--capture"}, {"--help", "-h"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(kUsage, stdout);
      std::fputs(kScenarioLookupHelp, stdout);
      return 0;
    }
    if (options.positionals().size() != 1) throw UsageError("give one SCENARIO");
    const std::string state_dir = options.value("--state").value_or("lab-state");
    const std::string lang = language_option(options);
    // A lab still serving there writes its state now; when none runs, the files are what
    // the last one wrote when it stopped.
    const bool running = ask_lab(state_dir, lang + " save").has_value();
    const auto loaded = lab::load_scenario(resolve_scenario(options.positionals().front()));
    if (!loaded.ok()) {
      for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
      return 2;
    }
    const auto& scenario = *loaded.scenario;
    std::optional<lab::AnswerSheet> sheet;
    const std::filesystem::path default_answers = std::filesystem::path(state_dir) / "answers.txt";
    if (const auto file = options.value("--answers"); file && !std::filesystem::exists(*file)) {
      // A student checks before answering: the rest is graded, the questions say "no answer".
      std::printf(lang == "fr" ? "smtplab check : %s n'existe pas encore, aucune question n'a "
                                 "de r\u00e9ponse\n"
                               : "smtplab check: %s does not exist yet: no question is answered\n",
                  file->c_str());
    } else if (file) {
      sheet = lab::AnswerSheet::load(*file);
    } else if (std::filesystem::exists(default_answers)) {
      sheet = lab::AnswerSheet::load(default_answers);
    }
    const auto state = lab::LabState::from_directory(state_dir, scenario.topology);
    lab::GradingContext context;
    context.scenario_dir = std::filesystem::path(scenario.origin.file).parent_path();
    context.frame_answers = capture_answer_source(
        [asked = options.value("--capture"), dir = std::filesystem::path(state_dir),
         id = scenario.id] { return lab_capture(asked, dir, id); },
        context.scenario_dir);
    int passed = 0, failed = 0, ungraded = 0;
    std::printf("smtplab check: %s \u2014 %s\n", scenario.id.c_str(),
                scenario.title.in(lang).c_str());
    if (running)
      std::printf(lang == "fr"
                      ? "smtplab check : le lab tourne encore, not\u00e9 sur son \u00e9tat "
                        "de maintenant\n"
                      : "smtplab check: the lab is still running, graded on its state "
                        "now\n");
    for (const auto& step : scenario.steps) {
      const auto* checkpoint = std::get_if<lab::CheckpointStep>(&step.step);
      if (!checkpoint) continue;
      context.answers.clear();
      if (sheet && sheet->answers.count(checkpoint->id))
        context.answers = sheet->answers.at(checkpoint->id);
      const auto verdict = lab::evaluate_checkpoint(*checkpoint, state, context);
      const char* mark = verdict.overall.unavailable ? "n/a "
                         : verdict.overall.pass      ? "PASS"
                                                     : "FAIL";
      std::printf("%s %s %s: %s\n", mark, checkpoint->id.c_str(),
                  checkpoint->title.in(lang).c_str(), verdict.overall.reason.in(lang).c_str());
      if (verdict.overall.unavailable) {
        ++ungraded;
      } else if (verdict.overall.pass) {
        ++passed;
      } else {
        ++failed;
        for (const auto& hint : checkpoint->hints) {
          if (hint.after <= 1)
            std::printf("     %s %s\n",
                        lang == "fr" ? "indice :" : "hint:", hint.text.in(lang).c_str());
        }
      }
    }
    std::printf("smtplab check: %d passed, %d failed, %d not graded here\n", passed, failed,
                ungraded);
    return failed == 0 && ungraded == 0 ? 0 : 1;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab check: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab check: %s\n", e.what());
    return 1;
  }
}

}  // namespace smtplab::cli
