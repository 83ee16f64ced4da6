// smtplab capture: live capture with libpcap for N seconds or until SIGINT, saved as
// .pcap/.pcapng if asked, then the same report as `smtplab analyze`. Thin: capture/ does
// the work (LiveSession feeds the analyzer an opened file would use).
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/analysis_report.hpp"
#include "capture/bpf_filter.hpp"
#include "capture/live_session.hpp"
#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage = R"(usage: smtplab capture [OPTIONS]

Captures SMTP traffic live with libpcap, then prints the sessions, dialogues, messages
and notes exactly as `smtplab analyze` does for a file.

  -i, --interface IFACE  device to capture on (default lo)
  --host ADDR            keep traffic to/from ADDR; repeatable (default: any host)
  --port PORT            keep traffic to/from PORT; repeatable
                         (default: 25, 465, 587, 2525 unless --filter is given)
  --filter EXPR          a BPF expression of your own instead of --host/--port
  --seconds N            stop after N seconds (default 0: until SIGINT/SIGTERM)
  -w, --write FILE       save the frames (.pcapng by name, else .pcap)
  --json                 the analysis as JSON (same keys as analyze --json)
  --extract DIR          write every message as DIR/<session>-<message>.eml
  --show-secrets         print decoded AUTH passwords (masked by default)
  --lang fr|en           language of the report and its notes (default: the locale's,
                         French for LANG=fr_...; --json stays English)

Frame counts and drops (kernel, from pcap_stats) go to stderr at the end. Capturing
needs CAP_NET_RAW and CAP_NET_ADMIN: run as root, or grant them once with
  sudo setcap cap_net_raw,cap_net_admin=eip $(command -v smtplab)
)";

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) {
  g_stop = 1;
}

}  // namespace

int run_capture_command(const Args& args) {
  capture::LiveOptions options;
  std::vector<std::string> hosts;
  std::vector<std::uint16_t> ports;
  std::string filter;
  std::string save_path;
  std::string extract_dir;
  double seconds = 0;
  bool json = false;
  capture::ReportOptions report;
  try {
    const Options parsed(args,
                         {"-i", "--interface", "--host", "--port", "--filter", "--seconds", "-w",
                          "--write", "--extract", "--lang"},
                         {"--help", "-h", "--json", "--show-secrets"});
    if (parsed.flag("--help") || parsed.flag("-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (!parsed.positionals().empty())
      throw UsageError("unexpected argument '" + parsed.positionals()[0] + "'");
    json = parsed.flag("--json");
    report.show_secrets = parsed.flag("--show-secrets");
    report.language =
        language_option(parsed) == "fr" ? capture::NoteLanguage::Fr : capture::NoteLanguage::En;
    if (const auto v = parsed.value("--interface")) options.interface = *v;
    if (const auto v = parsed.value("-i")) options.interface = *v;
    hosts = parsed.values("--host");
    for (const auto& text : parsed.values("--port")) {
      unsigned port = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
      if (ec != std::errc{} || ptr != text.data() + text.size() || port == 0 || port > 65535) {
        throw UsageError("bad port '" + text + "'");
      }
      ports.push_back(static_cast<std::uint16_t>(port));
    }
    filter = parsed.value("--filter").value_or("");
    if (const auto v = parsed.value("--seconds")) {
      char* end = nullptr;
      seconds = std::strtod(v->c_str(), &end);
      if (v->empty() || *end != '\0' || seconds < 0) throw UsageError("bad --seconds '" + *v + "'");
    }
    save_path = parsed.value("--write").value_or(parsed.value("-w").value_or(""));
    extract_dir = parsed.value("--extract").value_or("");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab capture: %s\n", e.what());
    return 2;
  }
  if (filter.empty()) {
    if (ports.empty() && hosts.empty()) ports.assign({25, 465, 587, 2525});
    filter = capture::build_bpf_filter(hosts, ports);
  } else if (!hosts.empty() || !ports.empty()) {
    std::fprintf(stderr,
                 "smtplab capture: --filter replaces --host/--port; give one or the other\n");
    return 2;
  }
  options.filter = filter;

  std::string error;
  auto session = capture::LiveSession::start(options, save_path, error);
  if (!session) {
    std::fprintf(stderr, "smtplab capture: %s\n", error.c_str());
    return 1;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::fprintf(stderr, "capturing on %s (filter: %s)%s\n", options.interface.c_str(),
               filter.c_str(), seconds > 0 ? "" : ", Ctrl-C to stop");
  std::fflush(stderr);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(seconds));
  while (!g_stop && (seconds <= 0 || std::chrono::steady_clock::now() < deadline)) {
    session->drain(std::chrono::milliseconds(100));
  }
  const capture::CaptureAnalysis analysis = session->finish();
  const capture::LiveStats stats = session->stats();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::fprintf(stderr,
               "%llu frames captured; pcap_stats: %llu received, %llu dropped by the kernel, "
               "%llu by the interface; %llu dropped by a lagging consumer\n",
               static_cast<unsigned long long>(session->frames()),
               static_cast<unsigned long long>(stats.received),
               static_cast<unsigned long long>(stats.kernel_dropped),
               static_cast<unsigned long long>(stats.if_dropped),
               static_cast<unsigned long long>(stats.queue_dropped));
  if (!save_path.empty()) std::fprintf(stderr, "frames saved to %s\n", save_path.c_str());
  const std::string text = json ? capture::analysis_to_json(analysis, report).dump(2) + "\n"
                                : capture::analysis_to_text(analysis, report);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!extract_dir.empty()) {
    error.clear();
    const int written = capture::extract_messages(analysis, extract_dir, error);
    if (written >= 0)
      std::fprintf(stderr, "%d file(s) written to %s\n", written, extract_dir.c_str());
    if (!error.empty()) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace smtplab::cli
