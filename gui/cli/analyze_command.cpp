// smtplab analyze FILE [--json] [--frames] [--extract DIR] [--show-secrets] [--lang fr|en]:
// SMTP, POP3 and IMAP sessions, dialogues, messages and notes rebuilt from a capture. Thin: the
// work and the rendering live in capture/ so the GUI shows the same thing.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "capture/analysis_report.hpp"
#include "capture/capture_analyzer.hpp"
#include "capture/tcp_segments.hpp"
#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"

namespace smtplab::cli {
namespace {

void print_help(std::FILE* out) {
  std::fputs(
      "usage: smtplab analyze FILE [--json] [--frames] [--extract DIR] [--show-secrets]\n"
      "                            [--lang fr|en]\n"
      "  Rebuilds the SMTP, POP3 and IMAP sessions of a .pcap/.pcapng file (by port, else by\n"
      "  the server's greeting): endpoints, dialogue (with frame numbers), messages sent or\n"
      "  retrieved, exposed credentials, TLS after STARTTLS/STLS, expert notes.\n"
      "  --json          machine-readable output (documented keys, notes' text in English)\n"
      "  --frames        also list each session's TCP segments (frame, flags, relative\n"
      "                  Seq/Ack, length, first line of data); text output only, and the\n"
      "                  file is read twice, so meant for a lab's capture, not a huge one\n"
      "  --extract DIR   write every message as DIR/<session>-<message>.eml\n"
      "  --show-secrets  print decoded AUTH, PASS and LOGIN passwords (masked by default)\n"
      "  --lang fr|en    language of the text report and its notes (default: the locale's,\n"
      "                  French for LANG=fr_...)\n",
      out);
}

}  // namespace

int run_analyze_command(const Args& args) {
  std::string file;
  std::string extract_dir;
  bool json = false;
  bool frames = false;
  capture::ReportOptions options;
  try {
    const Options parsed(args, {"--extract", "--lang"},
                         {"--json", "--frames", "--show-secrets", "--help", "-h"});
    if (parsed.flag("--help") || parsed.flag("-h")) {
      print_help(stdout);
      return 0;
    }
    json = parsed.flag("--json");
    frames = parsed.flag("--frames");
    options.show_secrets = parsed.flag("--show-secrets");
    extract_dir = parsed.value("--extract").value_or("");
    options.language =
        language_option(parsed) == "fr" ? capture::NoteLanguage::Fr : capture::NoteLanguage::En;
    if (parsed.positionals().size() > 1) {
      throw UsageError("one capture file at a time ('" + parsed.positionals()[1] + "')");
    }
    if (!parsed.positionals().empty()) file = parsed.positionals().front();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab analyze: %s\n", e.what());
    print_help(stderr);
    return 2;
  }
  if (file.empty()) {
    print_help(stderr);
    return 2;
  }
  if (frames && json) {
    std::fprintf(stderr,
                 "smtplab analyze: --frames lists segments in the text report, not in --json\n");
    return 2;
  }
  // The segments are read in a pass of their own: the analysis streams its sessions out as
  // they finish, and a session's last segments (the final ACK) may come after that.
  std::optional<capture::SegmentLog> segments;
  if (frames) {
    std::string error;
    segments = capture::read_segment_log(file, error);
    if (!segments) {
      std::fprintf(stderr, "%s: %s\n", file.c_str(), error.c_str());
      return 1;
    }
    options.segments = &*segments;
  }
  if (!extract_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(extract_dir, ec);
    if (ec) {
      std::fprintf(stderr, "%s: %s\n", extract_dir.c_str(), ec.message().c_str());
      return 1;
    }
  }
  // Each session is printed (and its messages extracted) as soon as it and every older
  // session are finished, then freed: memory follows the open connections, not the capture.
  // Made at the first session (or the end), so an unreadable file prints only the error.
  std::unique_ptr<capture::AnalysisJsonWriter> json_writer;
  auto start_json = [&] {
    if (!json_writer) {
      json_writer = std::make_unique<capture::AnalysisJsonWriter>(stdout, options, file);
    }
  };
  std::string text;
  std::size_t number = 0;
  int written = 0;
  std::string error;
  std::string extract_error;
  auto sink = [&](capture::SmtpSession&& session) {
    ++number;
    if (json) {
      start_json();
      json_writer->session(session);
    } else {
      capture::append_session_text(text, number, session, options);
      if (text.size() >= (1u << 20)) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        text.clear();
      }
    }
    if (!extract_dir.empty()) {
      written += capture::extract_session_messages(session, number, extract_dir, extract_error);
    }
  };
  auto result = capture::analyze_capture_file(file, error, sink);
  if (!result) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), error.c_str());
    return 1;
  }
  if (json) {
    start_json();
    json_writer->finish(*result);
  } else {
    // The capture line comes last: the session count is known only at the end.
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::string summary = "\n";
    capture::append_capture_text(summary, *result, number, options);
    std::fwrite(summary.data(), 1, summary.size(), stdout);
  }
  std::fflush(stdout);
  if (!extract_dir.empty()) {
    std::fprintf(stderr, "%d file(s) written to %s\n", written, extract_dir.c_str());
    if (!extract_error.empty()) {
      std::fprintf(stderr, "%s\n", extract_error.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace smtplab::cli
