// `smtplab serve SCENARIO`: a scenario's whole topology up for practice with nc/telnet.
#pragma once

#include <filesystem>
#include <string>

namespace smtplab::cli {

/// What `smtplab serve SCENARIO` was asked for.
struct ServeScenarioRequest {
  std::string name;            ///< SCENARIO as the student typed it (shown back in hints)
  std::filesystem::path file;  ///< the scenario file it resolved to
  std::string out;             ///< state folder (default ./lab-state)
  bool free_ports = false;     ///< any free port instead of 25/587/465 (or 2525/5587/4465)
  std::string lang = "en";     ///< language of the printed lines: fr or en
  std::string capture;         ///< record the lab's frames into this file ("" = no capture)
};

/// Starts every node of the scenario's topology, prints their listeners and the commands
/// for a hand session, waits for SIGINT/SIGTERM, then writes the state (timeline.jsonl,
/// mail/, transcript.txt) to `out` for `smtplab check`. With `capture`, records the lab's
/// traffic on lo into that file all along (and notes it in `out` for `smtplab check`);
/// when capturing is not permitted nothing starts and the error says how to allow it.
/// Returns the exit status.
int serve_scenario(const ServeScenarioRequest& request);

}  // namespace smtplab::cli
