// `smtplab log NODE [--state DIR]`: a node's log, as the window's Log tab shows it (the
// topology view, a node selected): its sessions' commands and replies, queueing, relaying,
// rewrites, policy verdicts, faults. It reads the state folder that `smtplab serve` keeps
// up to date (or that `smtplab run --out` wrote), so a student at a terminal sees what the
// node did while the lab runs.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"
#include "sim/lab/node_log.hpp"
#include "sim/lab/timeline.hpp"
#include "sim/message/ascii.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage =
    R"(usage: smtplab log NODE [--state DIR] [--kind KIND]... [--lang fr|en]

Prints what NODE did, one line per event, as the window's Log tab does: the time in
seconds since the lab started, the session number (#3) for protocol lines, then
"C: command", "S: reply" or the kind of event and its text. DIR (default ./lab-state) is
the state folder of `smtplab serve` (kept up to date while it runs) or `smtplab run --out`.
--kind keeps only events of that kind (rewrite, policy, queued, relayed, delivered,
deferred, bounced, dns_query, fault, command, reply...); it may be repeated.
Exit status: 0 when NODE has events, 1 when it has none, 2 on a usage error or an
unreadable state folder.

)";

}  // namespace

int run_log_command(const Args& args) {
  try {
    Options options(args, {"--state", "--kind", "--lang"}, {"--help", "-h"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (options.positionals().size() != 1) throw UsageError("give one NODE");
    const bool fr = language_option(options) == "fr";
    const std::string node = options.positionals().front();
    std::set<lab::TimelineKind> kinds;
    for (const auto& name : options.values("--kind")) {
      const auto kind = lab::timeline_kind_from_name(name);
      if (!kind) throw UsageError("unknown --kind '" + name + "'");
      kinds.insert(*kind);
    }
    const std::filesystem::path file =
        std::filesystem::path(options.value("--state").value_or("lab-state")) / "timeline.jsonl";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr,
                   fr ? "smtplab log : %s illisible (lancez d'abord smtplab serve CHAPITRE dans "
                        "ce dossier, ou donnez --state DOSSIER)\n"
                      : "smtplab log: cannot read %s (start smtplab serve CHAPTER in this folder "
                        "first, or give --state DIR)\n",
                   file.string().c_str());
      return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::size_t printed = 0;
    for (const auto& event : lab::Timeline::parse_jsonl(text.str())) {
      if (!lab::concerns_node(event, node) || (!kinds.empty() && !kinds.count(event.kind)))
        continue;
      // Lines typed by a client reach the terminal escaped, never as control sequences.
      std::printf("%s\n", message::escape_controls(lab::node_log_line(event)).c_str());
      ++printed;
    }
    if (printed == 0) {
      std::fprintf(stderr,
                   fr ? "smtplab log : aucun \u00e9v\u00e9nement pour %s dans %s\n"
                      : "smtplab log: no event of %s in %s\n",
                   message::escape_controls(node).c_str(), file.string().c_str());
      return 1;
    }
    return 0;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab log: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab log: %s\n", e.what());
    return 2;
  }
}

}  // namespace smtplab::cli
