// Recording a running lab's frames (see lab_recording.hpp).
#include "gui/cli/lab_recording.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

#include "gui/cli/lab_capture_filter.hpp"

namespace smtplab::cli {

std::unique_ptr<capture::CaptureRecorder> start_lab_recording(const lab::LabRuntime& lab,
                                                              const std::string& file, bool fr,
                                                              const char* program) {
  capture::LiveOptions options;
  options.interface = "lo";
  options.filter = lab_capture_filter(lab.topology(), &lab);
  std::string error;
  auto recorder = capture::CaptureRecorder::start(options, file, error);
  if (recorder) return recorder;
  const std::string detail = error.substr(0, error.find('\n'));
  const bool permission = error.find("setcap") != std::string::npos;
  std::fprintf(stderr,
               fr ? "%s : capture impossible dans %s : %s\n" : "%s: cannot capture into %s: %s\n",
               program, file.c_str(), detail.c_str());
  if (!permission) {
    std::fputs(fr ? "Le lab n'a pas d\u00e9marr\u00e9.\n" : "The lab was not started.\n", stderr);
    return nullptr;
  }
  std::fprintf(stderr,
               fr ? "Capturer demande les capacit\u00e9s CAP_NET_RAW et CAP_NET_ADMIN : lancez la "
                    "commande en root, ou accordez-les une fois pour toutes avec\n  %s\n"
                    "Le lab n'a pas d\u00e9marr\u00e9 : relancez la m\u00eame commande une fois "
                    "la capture permise, ou sans --capture (les questions sur les trames ne "
                    "pourront alors pas \u00eatre not\u00e9es).\n"
                  : "Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities: run the "
                    "command as root, or grant them once with\n  %s\n"
                    "The lab was not started: run the same command again once capturing is "
                    "allowed, or without --capture (the questions about frames then cannot be "
                    "graded).\n",
               capture::setcap_command().c_str());
  return nullptr;
}

void settle_recording(const capture::CaptureRecorder& recorder) {
  using namespace std::chrono_literals;
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  std::uint64_t seen = recorder.frames();
  auto quiet_since = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    const std::uint64_t now = recorder.frames();
    if (now != seen) {
      seen = now;
      quiet_since = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - quiet_since >= 200ms) {
      return;
    }
  }
}

}  // namespace smtplab::cli
