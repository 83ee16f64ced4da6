// Driving a running `smtplab serve SCENARIO` from another terminal, as the window's
// topology menu and clock do: `smtplab fault` breaks or repairs a node, `smtplab clock`
// moves the lab's simulated clock on. The two processes talk through files in the lab's
// state folder (DIR/control/): a request is written whole (written aside, then renamed),
// the lab applies it within a tenth of a second and writes its answer beside it. Files,
// not a socket: nothing more listens, and a student's account can always write there.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "sim/lab/lab_runtime.hpp"

namespace smtplab::cli {

/// The answer to a request: whether the lab did it, and what it says (in the language the
/// request asked for).
struct ControlAnswer {
  bool ok = false;
  std::string text;
};

/// Sends one request line to the lab whose state folder is `state_dir` and waits for its
/// answer (a few seconds); nullopt when no lab answered (it is not running there).
std::optional<ControlAnswer> ask_lab(const std::filesystem::path& state_dir,
                                     const std::string& request);

/// Makes `state_dir`'s request folder, empty (requests left by an earlier run are dropped),
/// before the lab answers requests.
void open_control(const std::filesystem::path& state_dir);

/// Removes the request folder when the lab stops, so that a later request knows at once
/// that no lab runs there (instead of waiting for an answer).
void close_control(const std::filesystem::path& state_dir);

/// Applies every request waiting in `state_dir` to `lab` and answers each (serve's loop).
/// Requests: "LANG fault NODE NAME [ARGUMENT...]", "LANG clear NODE NAME [ARGUMENT...]",
/// "LANG clock DURATION", "LANG save" (LANG is fr or en).
void answer_requests(const std::filesystem::path& state_dir, lab::LabRuntime& lab);

/// Writes what `smtplab check` grades and the student reads: `state_dir`/timeline.jsonl
/// and transcript.txt (mail/ and spool/ are written by the lab as it goes). Serve does it
/// when it stops, and on a "save" request while it runs.
void save_lab_state(const std::filesystem::path& state_dir, lab::LabRuntime& lab);

}  // namespace smtplab::cli
