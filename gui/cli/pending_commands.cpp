// Subcommands whose work belongs to issues not landed yet. Each says so plainly and exits
// non-zero (2), so that scripts never mistake it for success. Remove a function from here
// when its real implementation lands in its own file.
#include <cstdio>

#include "gui/cli/commands.hpp"

namespace smtplab::cli {
namespace {

int not_yet(const char* name, const char* what) {
  std::fprintf(stderr,
               "smtplab %s: not available yet in this version (%s).\n"
               "See README.md, section \"Status\".\n",
               name, what);
  return 2;
}

}  // namespace

int run_check_command(const Args&) {
  return not_yet("check", "lab grading comes with the scenarios, issue #5");
}

}  // namespace smtplab::cli
