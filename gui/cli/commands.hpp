// The program's subcommands. Each takes the arguments after its name and returns the
// process exit code; each lives in its own file under gui/cli (or gui/app for the GUI).
#pragma once

#include <string>
#include <vector>

namespace smtplab::cli {

using Args = std::vector<std::string>;

int run_serve_command(const Args& args);    ///< smtplab serve: one MTA (or a scenario) on loopback
int run_send_command(const Args& args);     ///< smtplab send: a MUA submitting one message
int run_run_command(const Args& args);      ///< smtplab run: a topology headless
int run_analyze_command(const Args& args);  ///< smtplab analyze: SMTP rebuilt from a capture
int run_capture_command(const Args& args);  ///< smtplab capture: live capture, then analyze
int run_check_command(const Args& args);    ///< smtplab check: grade a lab
int run_dns_command(const Args& args);      ///< smtplab dns: ask the lab's simulated DNS
int run_fault_command(const Args& args);    ///< smtplab fault: break a node of a served lab
int run_clock_command(const Args& args);    ///< smtplab clock: move a served lab's clock on
int run_log_command(const Args& args);      ///< smtplab log: what one node of a lab did
int run_gui_command(const Args& args);      ///< smtplab gui: the window (default)

}  // namespace smtplab::cli
