// `smtplab gui`: reads the options (--lang, --screenshot, --frames, --scenario, --script,
// --capture, --bench-frames, --size) and opens the window.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "gui/app/model/lesson_files.hpp"
#include "gui/app/shell/gui_options.hpp"
#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"
#include "gui/cli/scenario_lookup.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage =
    "usage: smtplab gui [--lang fr|en] [--capture FILE.pcap] [--scenario S]\n"
    "                   [--screenshot FILE.png [--frames N]] [--script ACTIONS]\n"
    "                   [--bench-frames N [--bench-mail-every S]] [--size WxH]\n"
    "Opens the lab's window. With --screenshot it draws N frames (default 3) after the\n"
    "script, saves the window as a PNG and exits 0. --script runs one UI action per line\n"
    "(see gui/app/testing/ui_script.hpp). --bench-frames N prints median and p99 frame times;\n"
    "with a running lab (script: start-lab) its MUA keeps sending, one message every S\n"
    "seconds with --bench-mail-every S, else flat out. Without --lang the window opens in\n"
    "the language last chosen in its Language menu, else in the locale's (LC_ALL,\n"
    "LC_MESSAGES, LANG: French for fr_*, English otherwise).\n\n"
    "--scenario S opens a chapter's lab and its lesson; S is found as below.\n";

}  // namespace

int run_gui_command(const Args& args) {
  app::GuiOptions options;
  try {
    const Options opts(args,
                       {"--lang", "--screenshot", "--frames", "--scenario", "--script", "--capture",
                        "--bench-frames", "--bench-mail-every", "--size"},
                       {"--help", "-h"});
    if (opts.flag("--help") || opts.flag("-h")) {
      std::fputs(kUsage, stdout);
      std::fputs(kScenarioLookupHelp, stdout);
      return 0;
    }
    if (!opts.positionals().empty())
      throw UsageError("unexpected argument '" + opts.positionals().front() + "'");
    if (auto lang = opts.value("--lang")) {
      if (*lang != "fr" && *lang != "en") throw UsageError("--lang must be fr or en");
      options.language = *lang == "fr" ? app::Language::Fr : app::Language::En;
    }
    options.screenshot = opts.value("--screenshot").value_or("");
    if (auto frames = opts.number("--frames"))
      options.frames = static_cast<int>(std::max(1ULL, *frames));
    options.scenario = opts.value("--scenario").value_or("");
    options.capture = opts.value("--capture").value_or("");
    if (auto bench = opts.number("--bench-frames")) options.bench_frames = static_cast<int>(*bench);
    if (auto every = opts.value("--bench-mail-every")) {
      char* end = nullptr;
      options.bench_mail_every = std::strtod(every->c_str(), &end);
      if (end == every->c_str() || *end != '\0' || options.bench_mail_every < 0)
        throw UsageError("--bench-mail-every needs a number of seconds");
    }
    if (auto size = opts.value("--size")) {
      int w = 0;
      int h = 0;
      if (std::sscanf(size->c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 240)
        throw UsageError("--size WxH");
      options.width = w;
      options.height = h;
    }
    if (auto script = opts.value("--script")) {
      const std::string text = app::read_text_file(*script);
      if (text.empty()) throw UsageError(*script + ": cannot read the script (or it is empty)");
      std::string error;
      auto actions = app::parse_ui_script(text, *script, error);
      if (!actions) throw UsageError(error);
      options.script = std::move(*actions);
      options.has_script = true;
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab gui: %s\n%s", e.what(), kUsage);
    return 2;
  }
  return app::run_gui(options);
}

}  // namespace smtplab::cli
