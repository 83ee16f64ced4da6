// `smtplab gui` in a build without the window (SMTPLAB_BUILD_GUI=OFF, e.g. fuzzing or a
// server): says so plainly and points to the headless subcommands.
#include <cstdio>

#include "gui/cli/commands.hpp"

namespace smtplab::cli {

int run_gui_command(const Args&) {
  std::fprintf(
      stderr,
      "smtplab: this build has no window (configured with SMTPLAB_BUILD_GUI=OFF).\n"
      "Use the headless subcommands: smtplab run, serve, send, analyze, check (--help).\n");
  return 2;
}

}  // namespace smtplab::cli
