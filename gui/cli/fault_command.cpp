// `smtplab fault NODE NAME [ARGUMENT] [--clear]` and `smtplab clock DURATION`: what the
// window's topology menu and clock do, for a student working in a terminal beside
// `smtplab serve SCENARIO` (chapters 3, 9, 12). They ask the running lab through its
// state folder (lab_control.hpp) and print its answer.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "gui/cli/commands.hpp"
#include "gui/cli/lab_control.hpp"
#include "gui/cli/options.hpp"
#include "sim/lab/duration_text.hpp"
#include "sim/lab/fault_kinds.hpp"

namespace smtplab::cli {
namespace {

/// The usage text; the fault names, their arguments and what they do are the table's.
std::string fault_usage() {
  std::string text =
      "usage: smtplab fault NODE NAME [ARGUMENT] [--clear] [--state DIR] [--lang fr|en]\n\n"
      "Breaks a node of the lab that `smtplab serve SCENARIO` runs (or repairs it with "
      "--clear),\nas the window's right-click menu on a node does:\n";
  const auto line = [&](std::string_view left, std::string_view right) {
    std::string padded(left);
    padded.resize(std::max<std::size_t>(padded.size() + 1, 24), ' ');
    text += "  " + padded + std::string(right) + "\n";
  };
  for (const auto& row : lab::fault_kind_table()) {
    if (!row.person.empty()) line(row.usage, row.help);
  }
  line("--state DIR", "the lab's state folder (default ./lab-state, as serve's --out)");
  text +=
      "Exit status: 0 when the lab applied it, 1 when it refused or no lab runs there, 2 on a\n"
      "usage error.\n\n";
  return text;
}

constexpr const char* kClockUsage = R"(usage: smtplab clock DURATION [--state DIR] [--lang fr|en]

Moves the simulated clock of the lab that `smtplab serve SCENARIO` runs on by DURATION
(90s, 5m, 1h, 6d), as the window's clock does: queued messages whose retry time has come
are tried at once, and those older than the queue's lifetime are returned to their sender.
  --state DIR             the lab's state folder (default ./lab-state, as serve's --out)
Exit status: 0 when the lab applied it, 1 when no lab runs there, 2 on a usage error.

)";

int ask(const Options& options, const std::string& request, bool fr) {
  const std::string state = options.value("--state").value_or("lab-state");
  const auto answer = ask_lab(state, std::string(fr ? "fr " : "en ") + request);
  if (!answer) {
    std::fprintf(stderr,
                 fr ? "smtplab : aucun lab ne tourne avec l'\u00e9tat %s (lancez d'abord smtplab "
                      "serve CHAPITRE dans ce dossier, ou donnez --state DOSSIER)\n"
                    : "smtplab: no lab is running with its state in %s (start smtplab serve "
                      "CHAPTER in this folder first, or give --state DIR)\n",
                 state.c_str());
    return 1;
  }
  std::printf("%s\n", answer->text.c_str());
  return answer->ok ? 0 : 1;
}

}  // namespace

int run_fault_command(const Args& args) {
  try {
    Options options(args, {"--state", "--lang"}, {"--clear", "--help", "-h"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(fault_usage().c_str(), stdout);
      return 0;
    }
    const auto& words = options.positionals();
    if (words.size() < 2) throw UsageError("give NODE and NAME (e.g. mx.menara.ma down)");
    if (!lab::fault_kind_from_person(words[1]))
      throw UsageError("unknown fault '" + words[1] + "' (see smtplab fault --help)");
    std::string request =
        (options.flag("--clear") ? "clear " : "fault ") + words[0] + " " + words[1];
    for (std::size_t i = 2; i < words.size(); ++i) request += " " + words[i];
    return ask(options, request, language_option(options) == "fr");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab fault: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab fault: %s\n", e.what());
    return 1;
  }
}

int run_clock_command(const Args& args) {
  try {
    Options options(args, {"--state", "--lang"}, {"--help", "-h"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(kClockUsage, stdout);
      return 0;
    }
    if (options.positionals().size() != 1 || !lab::parse_duration(options.positionals()[0]))
      throw UsageError("give one DURATION (90s, 5m, 1h, 6d)");
    return ask(options, "clock " + options.positionals()[0], language_option(options) == "fr");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab clock: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab clock: %s\n", e.what());
    return 1;
  }
}

}  // namespace smtplab::cli
