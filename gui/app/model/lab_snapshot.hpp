// The live lab's state as the panels read it: when the runtime's timeline has grown, a
// LabState snapshot (sim/lab: timeline, Maildirs, spools) and the mailbox and queue lists
// built from it are read on a background task, at most one at a time, and handed to the
// UI through the UI queue; a growth during a read is picked up by the next read, so the
// latest timeline wins and the window never waits for the disk. The lesson's checkpoints
// are graded in the same task, on the same snapshot. A recorded state directory can stand
// in for the live lab.
#pragma once

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// Starts reading a new snapshot when the live timeline grew and no read is running;
/// true when a finished read was adopted since the last call (grade on it then).
bool refresh_lab_snapshot(AppState& state);

/// Reads a recorded lab (DIR/timeline.jsonl, mail/, spool/ written by `smtplab run` or
/// `smtplab serve`) for the current topology as the snapshot; errors go to the window.
bool open_state_dir(AppState& state, const std::string& dir);

/// The queues and mailboxes of a lab, read from its spools and Maildirs.
struct MailViews {
  std::vector<QueueView> queues;
  std::vector<MailboxView> mailboxes;
};

/// Reads the queues and mailboxes of `lab` (Maildir root `mail_dir`); any thread.
MailViews read_mail_views(const lab::LabState& lab, const std::string& mail_dir);

/// Shows `views` in state.mail, keeping the selected mailbox selected.
void adopt_mail_views(AppState& state, MailViews views);

/// Rebuilds state.mail's queues and mailboxes from `lab` and the Maildir root `mail_dir`.
void fill_mail_views(AppState& state, const lab::LabState& lab, const std::string& mail_dir);

}  // namespace smtplab::app
