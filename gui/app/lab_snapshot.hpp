// The live lab's state as the panels read it: when the runtime's timeline has grown since
// the last frame, one LabState snapshot (sim/lab: timeline, Maildirs, spools) is taken and
// the mailbox and queue lists are rebuilt from it. Reading the disk only on growth keeps
// idle frames free of file I/O; the lesson's checkpoints are graded on the same snapshot.
// A recorded state directory can stand in for the live lab.
#pragma once

#include "gui/app/app_state.hpp"

namespace smtplab::app {

/// Takes a new snapshot when the live timeline grew; true when it did.
bool refresh_lab_snapshot(AppState& state);

/// Reads a recorded lab (DIR/timeline.jsonl, mail/, spool/ written by `smtplab run` or
/// `smtplab serve`) for the current topology as the snapshot; errors go to the window.
bool open_state_dir(AppState& state, const std::string& dir);

/// Rebuilds state.mail's queues and mailboxes from `lab` and the Maildir root `mail_dir`.
void fill_mail_views(AppState& state, const lab::LabState& lab, const std::string& mail_dir);

}  // namespace smtplab::app
