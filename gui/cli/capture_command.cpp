// smtplab capture: live capture with libpcap for N seconds or until SIGINT, saved as
// .pcap/.pcapng if asked, then the same report as `smtplab analyze`. Thin: capture/ does
// the work (LiveSession feeds the analyzer an opened file would use).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/analysis_report.hpp"
#include "capture/bpf_filter.hpp"
#include "capture/live_session.hpp"
#include "gui/cli/commands.hpp"

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

Frame counts and drops (kernel, from pcap_stats) go to stderr at the end. Capturing
needs CAP_NET_RAW and CAP_NET_ADMIN: run as root, or grant them once with
  sudo setcap cap_net_raw,cap_net_admin=eip $(command -v smtplab)
)";

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) {
  g_stop = 1;
}

// Parses a port number; false when it is not one.
bool parse_port(const std::string& text, std::uint16_t& port) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < 1 || value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
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
  auto value = [&](std::size_t& i, const char* name) -> const std::string* {
    if (i + 1 >= args.size()) {
      std::fprintf(stderr, "smtplab capture: %s needs a value\n", name);
      return nullptr;
    }
    return &args[++i];
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const std::string* v = nullptr;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--show-secrets") {
      report.show_secrets = true;
    } else if (arg == "-i" || arg == "--interface") {
      if (!(v = value(i, "--interface"))) return 2;
      options.interface = *v;
    } else if (arg == "--host") {
      if (!(v = value(i, "--host"))) return 2;
      hosts.push_back(*v);
    } else if (arg == "--port") {
      if (!(v = value(i, "--port"))) return 2;
      std::uint16_t port = 0;
      if (!parse_port(*v, port)) {
        std::fprintf(stderr, "smtplab capture: bad port '%s'\n", v->c_str());
        return 2;
      }
      ports.push_back(port);
    } else if (arg == "--filter") {
      if (!(v = value(i, "--filter"))) return 2;
      filter = *v;
    } else if (arg == "--seconds") {
      if (!(v = value(i, "--seconds"))) return 2;
      char* end = nullptr;
      seconds = std::strtod(v->c_str(), &end);
      if (v->empty() || *end != '\0' || seconds < 0) {
        std::fprintf(stderr, "smtplab capture: bad --seconds '%s'\n", v->c_str());
        return 2;
      }
    } else if (arg == "-w" || arg == "--write") {
      if (!(v = value(i, "--write"))) return 2;
      save_path = *v;
    } else if (arg == "--extract") {
      if (!(v = value(i, "--extract"))) return 2;
      extract_dir = *v;
    } else {
      std::fprintf(stderr, "smtplab capture: unknown argument '%s'\n", arg.c_str());
      std::fputs(kUsage, stderr);
      return 2;
    }
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
    const int written = capture::extract_messages(analysis, extract_dir, error);
    if (written < 0) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    std::fprintf(stderr, "%d file(s) written to %s\n", written, extract_dir.c_str());
  }
  return 0;
}

}  // namespace smtplab::cli
