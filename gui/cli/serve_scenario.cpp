// `smtplab serve SCENARIO`: the scenario's topology, left up until a signal, its state
// written afterwards so that `smtplab check SCENARIO --state DIR` can grade the lab;
// with --capture, the lab's frames recorded on lo into a file while it runs.
#include "gui/cli/serve_scenario.hpp"

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gui/cli/capture_answers.hpp"
#include "gui/cli/hand_session_hint.hpp"
#include "gui/cli/lab_control.hpp"
#include "gui/cli/lab_recording.hpp"
#include "gui/cli/live_grading.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_loader.hpp"

namespace smtplab::cli {
namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

int serve_scenario(const ServeScenarioRequest& request) {
  const bool fr = request.lang == "fr";
  const auto loaded = lab::load_scenario(request.file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 2;
  }
  // Block the stop signals before any lab thread exists, so that only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::filesystem::path dir(request.out);
  std::filesystem::create_directories(dir);
  std::filesystem::remove_all(dir / "mail");
  std::filesystem::remove_all(dir / "spool");
  open_control(dir);
  lab::RuntimeOptions options;
  options.state_dir = dir;
  options.standard_ports = !request.free_ports;
  lab::LabRuntime lab(loaded.scenario->topology, options);
  lab.start();
  // Recording starts once the ports are bound (the filter names them) and before anything
  // is printed, so no session of the student's can come before it. A stale note from an
  // earlier run must not point `smtplab check` at another capture.
  std::filesystem::remove(capture_note_path(dir));
  std::unique_ptr<capture::CaptureRecorder> recorder;
  if (!request.capture.empty()) {
    recorder = start_lab_recording(lab, request.capture, fr, "smtplab serve");
    if (!recorder) {
      lab.stop();
      // Nothing ran: the empty mailboxes and spools this start made go, so the folder is
      // as the student left it (they were removed above anyway).
      std::filesystem::remove_all(dir / "mail");
      std::filesystem::remove_all(dir / "spool");
      return 1;
    }
    write_text(capture_note_path(dir),
               std::filesystem::absolute(request.capture).lexically_normal().string() + "\n");
  }
  std::printf(fr ? "smtplab serve : %s (%s) est pr\u00eat :\n" : "smtplab serve: %s (%s) is up:\n",
              loaded.scenario->id.c_str(), loaded.scenario->title.in(request.lang).c_str());
  for (const auto& node : lab.topology().nodes) {
    std::printf("  %-28s %-11s", node.id.c_str(), node.address.c_str());
    if (node.kind == lab::NodeKind::Mua)
      std::printf(fr ? " (client de messagerie, sans port)" : " (mail client, no listener)");
    for (const char* l : {"smtp", "submission", "smtps"}) {
      if (const auto p = lab.port(node.id, l)) std::printf(" %s:%u", l, p);
    }
    std::printf("\n");
  }
  if (recorder) {
    std::printf(fr ? "Capture des trames du lab sur lo dans %s (lisible pendant que le lab "
                     "tourne : smtplab analyze %s --frames)\n"
                   : "Capturing the lab's frames on lo into %s (readable while the lab runs: "
                     "smtplab analyze %s --frames)\n",
                request.capture.c_str(), request.capture.c_str());
  }
  std::fputs(hand_session_hint(lab, request.lang).c_str(), stdout);
  std::printf(fr ? "Son \u00e9tat est tenu \u00e0 jour dans %s ; Ctrl-C arr\u00eate le lab\n"
                 : "Its state is kept up to date in %s; Ctrl-C stops the lab\n",
              dir.string().c_str());
  std::fflush(stdout);
  // Until a stop signal, the lab answers the requests of `smtplab fault` and `smtplab clock`
  // typed in another terminal, ten times a second.
  int signal = 0;
  const timespec tick{0, 100'000'000};
  LiveGrading grading(*loaded.scenario, request.lang);
  std::size_t saved_events = 0;
  for (;;) {
    signal = sigtimedwait(&stop_signals, nullptr, &tick);
    if (signal > 0) break;
    answer_requests(dir, lab);
    // The state folder follows the lab (its transcript is read while it runs), and the
    // checkpoints are graded again, each time something happened.
    if (const std::size_t events = lab.timeline().size(); events != saved_events) {
      saved_events = events;
      save_lab_state(dir, lab);
      grading.update(lab);
    }
  }
  std::printf(
      fr ? "smtplab serve : signal %d, arr\u00eat\n" : "smtplab serve: signal %d, stopping\n",
      signal);
  close_control(dir);
  lab.stop();
  // After the lab: its sessions' last segments (421, FIN) are in the file.
  int status = 0;
  if (recorder) {
    if (!recorder->stop()) {
      std::fprintf(stderr, "smtplab serve: %s: %s\n", request.capture.c_str(),
                   recorder->error().c_str());
      status = 1;
    }
    std::printf(fr ? "smtplab serve : %llu trame(s) captur\u00e9e(s) dans %s\n"
                   : "smtplab serve: %llu frame(s) captured into %s\n",
                static_cast<unsigned long long>(recorder->frames()), request.capture.c_str());
  }
  save_lab_state(dir, lab);
  std::printf(
      fr ? "smtplab serve : \u00e9tat \u00e9crit dans %s (pour le noter : smtplab check %s "
           "--state %s --lang fr)\n"
         : "smtplab serve: state written to %s (grade it with: smtplab check %s --state %s)\n",
      dir.string().c_str(), request.name.c_str(), dir.string().c_str());
  return status;
}

}  // namespace smtplab::cli
