// What the user does with mail, shared by the mailboxes panel, the message view and the UI
// script: pick a mailbox, open a stored message (parsed once: MIME tree, Received chain),
// save an attachment to a folder.
#pragma once

#include <string>
#include <vector>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// Shows the mailboxes panel on `address` ("" = the first mailbox holding a message);
/// false when there is no such mailbox (yet).
bool open_mailbox(AppState& state, const std::string& address);
/// Opens the `k`-th (1-based) message of the selected mailbox in the message view.
bool open_message(AppState& state, int k);
/// Opens a message file (an .eml, a Maildir file) in the message view; false when unreadable.
bool open_message_file(AppState& state, const std::string& path);
/// Shows a message held in memory (one rebuilt from a capture) in the message view;
/// `origin` says where it came from ("capture.pcap, session 2, message 1").
void open_message_content(AppState& state, std::string raw, std::string origin);
/// The parts of the open message that are attachments (or carry a file name), in order.
std::vector<const message::MimePart*> attachments(const MessageViewState& view);
/// Writes the `n`-th (1-based) attachment's decoded octets into view.save_dir; the result
/// (path or error) goes to view.save_status. False on error.
bool save_attachment(AppState& state, int n);
/// ~/Downloads when it exists, else the current directory.
std::string default_save_dir();

}  // namespace smtplab::app
