// smtplab analyze FILE [--json] [--extract DIR] [--show-secrets]: SMTP sessions, dialogues,
// messages and notes rebuilt from a capture. Thin: the work and the rendering live in
// capture/ so the GUI shows the same thing.
#include <cstdio>
#include <string>

#include "capture/analysis_report.hpp"
#include "capture/capture_analyzer.hpp"
#include "gui/cli/commands.hpp"

namespace smtplab::cli {
namespace {

void print_help(std::FILE* out) {
  std::fputs(
      "usage: smtplab analyze FILE [--json] [--extract DIR] [--show-secrets]\n"
      "  Rebuilds the SMTP sessions of a .pcap/.pcapng file: endpoints, dialogue (with frame\n"
      "  numbers), messages, exposed credentials, TLS after STARTTLS, expert notes.\n"
      "  --json          machine-readable output (documented keys)\n"
      "  --extract DIR   write every message as DIR/<session>-<message>.eml\n"
      "  --show-secrets  print decoded AUTH passwords (masked by default)\n",
      out);
}

}  // namespace

int run_analyze_command(const Args& args) {
  std::string file;
  std::string extract_dir;
  bool json = false;
  capture::ReportOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      print_help(stdout);
      return 0;
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--show-secrets") {
      options.show_secrets = true;
    } else if (arg == "--extract") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "smtplab analyze: --extract needs a directory\n");
        return 2;
      }
      extract_dir = args[++i];
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "smtplab analyze: unknown option '%s'\n", arg.c_str());
      print_help(stderr);
      return 2;
    } else if (file.empty()) {
      file = arg;
    } else {
      std::fprintf(stderr, "smtplab analyze: one capture file at a time ('%s')\n", arg.c_str());
      return 2;
    }
  }
  if (file.empty()) {
    print_help(stderr);
    return 2;
  }
  std::string error;
  auto result = capture::analyze_capture_file(file, error);
  if (!result) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), error.c_str());
    return 1;
  }
  // Deliberately never freed: on a capture of 100k sessions, freeing them one by one takes
  // longer than the process exit that returns the memory at once.
  const auto* analysis = new capture::CaptureAnalysis(std::move(*result));
  if (json) {
    capture::write_analysis_json(*analysis, options, stdout);
  } else {
    const std::string text = capture::analysis_to_text(*analysis, options);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  if (!extract_dir.empty()) {
    const int written = capture::extract_messages(*analysis, extract_dir, error);
    if (written < 0) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    std::fprintf(stderr, "%d message(s) written to %s\n", written, extract_dir.c_str());
  }
  return 0;
}

}  // namespace smtplab::cli
