// `smtplab serve SCENARIO`: the scenario's topology, left up until a signal, its state
// written afterwards so that `smtplab check SCENARIO --state DIR` can grade the lab.
#include "gui/cli/serve_scenario.hpp"

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gui/cli/hand_session_hint.hpp"
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
  lab::RuntimeOptions options;
  options.state_dir = dir;
  options.standard_ports = !request.free_ports;
  lab::LabRuntime lab(loaded.scenario->topology, options);
  lab.start();
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
  std::fputs(hand_session_hint(lab, request.lang).c_str(), stdout);
  std::printf(fr ? "Ctrl-C arr\u00eate le lab et \u00e9crit son \u00e9tat dans %s\n"
                 : "Ctrl-C stops the lab and writes its state to %s\n",
              dir.string().c_str());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::printf(
      fr ? "smtplab serve : signal %d, arr\u00eat\n" : "smtplab serve: signal %d, stopping\n",
      signal);
  lab.stop();
  write_text(dir / "timeline.jsonl", lab.timeline().to_jsonl());
  write_text(dir / "transcript.txt", lab.transcript());
  std::printf(
      fr ? "smtplab serve : \u00e9tat \u00e9crit dans %s (pour le noter : smtplab check %s "
           "--state %s --lang fr)\n"
         : "smtplab serve: state written to %s (grade it with: smtplab check %s --state %s)\n",
      dir.string().c_str(), request.name.c_str(), dir.string().c_str());
  return 0;
}

}  // namespace smtplab::cli
