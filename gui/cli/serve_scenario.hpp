// `smtplab serve SCENARIO`: a scenario's whole topology up for practice with telnet/nc.
#pragma once

#include <string>

namespace smtplab::cli {

/// Starts every node of the scenario's topology, prints their listeners, waits for
/// SIGINT/SIGTERM, then writes the state (timeline.jsonl, mail/, transcript.txt) to
/// `out` for `smtplab check`. Returns the exit status.
int serve_scenario(const std::string& scenario_file, const std::string& out, bool free_ports);

}  // namespace smtplab::cli
