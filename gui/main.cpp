// Entry point of smtplab: picks the subcommand (the GUI when none is given).
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "gui/cli/commands.hpp"

namespace {

struct Subcommand {
  std::string_view name;
  int (*run)(const smtplab::cli::Args&);
  std::string_view summary;
};

constexpr Subcommand kSubcommands[] = {
    {"gui", smtplab::cli::run_gui_command,
     "open the lab's window (default; --lang fr|en, --scenario S, --screenshot F.png)"},
    {"serve", smtplab::cli::run_serve_command,
     "a chapter's lab on loopback (serve 2), or one SMTP server (--listen, --maildir...)"},
    {"send", smtplab::cli::run_send_command,
     "send one message as a mail client (--server, --from, --to, --verbose)"},
    {"run", smtplab::cli::run_run_command, "run a mail topology headless (--out DIR)"},
    {"analyze", smtplab::cli::run_analyze_command,
     "rebuild SMTP sessions and messages from a .pcap/.pcapng file (--json, --extract DIR)"},
    {"capture", smtplab::cli::run_capture_command,
     "capture SMTP live with libpcap, save .pcap(ng), then analyze (-i IFACE, --seconds N)"},
    {"check", smtplab::cli::run_check_command, "grade a lab from its recorded state"},
    {"dns", smtplab::cli::run_dns_command,
     "ask the lab's simulated DNS, like dig +short (NAME TYPE [--scenario S])"},
    {"fault", smtplab::cli::run_fault_command,
     "break (or --clear) a node of the lab smtplab serve runs (NODE down, NODE reply 451 RCPT)"},
    {"clock", smtplab::cli::run_clock_command,
     "move the simulated clock of the lab smtplab serve runs on (1h, 6d)"},
    {"log", smtplab::cli::run_log_command,
     "what one node of a lab did, as the window's Log tab shows it (NODE [--kind rewrite])"},
};

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "smtplab %s: a lab for teaching and analysing SMTP\n\n"
               "usage: smtplab [SUBCOMMAND] [OPTIONS]\n\nsubcommands:\n",
               SMTPLAB_VERSION);
  for (const auto& sub : kSubcommands) {
    std::fprintf(out, "  %-8.*s %.*s\n", static_cast<int>(sub.name.size()), sub.name.data(),
                 static_cast<int>(sub.summary.size()), sub.summary.data());
  }
  std::fprintf(out,
               "\nWithout a subcommand smtplab opens the window.\n"
               "`smtplab SUBCOMMAND --help` describes each one.\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    print_usage(stdout);
    return 0;
  }
  if (!args.empty() && (args[0] == "--version" || args[0] == "-V")) {
    std::printf("smtplab %s\n", SMTPLAB_VERSION);
    return 0;
  }
  std::string name = "gui";
  if (!args.empty() && !args[0].starts_with("-")) {
    name = args[0];
    args.erase(args.begin());
  }
  for (const auto& sub : kSubcommands) {
    if (sub.name == name) return sub.run(args);
  }
  std::fprintf(stderr, "smtplab: unknown subcommand '%.*s'\n\n", static_cast<int>(name.size()),
               name.data());
  print_usage(stderr);
  return 2;
}
