// Mail actions (see mail_actions.hpp).
#include "gui/app/actions/mail_actions.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sim/agents/maildir.hpp"
#include "sim/message/header.hpp"

namespace smtplab::app {

bool open_mailbox(AppState& state, const std::string& address) {
  MailState& mail = state.mail;
  mail.show = true;
  for (std::size_t i = 0; i < mail.mailboxes.size(); ++i) {
    const MailboxView& box = mail.mailboxes[i];
    if (address.empty() ? !box.messages.empty() : box.address == address) {
      mail.selected_mailbox = static_cast<int>(i);
      return true;
    }
  }
  return false;
}

bool open_message(AppState& state, int k) {
  const MailState& mail = state.mail;
  if (mail.selected_mailbox < 0 || mail.selected_mailbox >= static_cast<int>(mail.mailboxes.size()))
    return false;
  const auto& messages = mail.mailboxes[mail.selected_mailbox].messages;
  if (k < 1 || k > static_cast<int>(messages.size())) return false;
  return open_message_file(state, messages[k - 1].file);
}

bool open_message_file(AppState& state, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    state.errors.push_back({path, Text::ErrorMessageHint, Text::FileNotFound});
    return false;
  }
  open_message_content(state, agents::read_file(path), path);
  return true;
}

void open_message_content(AppState& state, std::string raw, std::string origin) {
  MessageViewState& view = state.message;
  const std::string keep_dir = view.save_dir.empty() ? default_save_dir() : view.save_dir;
  view = MessageViewState{};
  view.open = true;
  view.file = std::move(origin);
  view.raw = std::move(raw);
  view.root = message::parse_message(view.raw);
  view.save_dir = keep_dir;
  // Each MTA prepends its Received field: the last one written is the first hop.
  const auto received = view.root.headers().find_all("Received");
  for (auto it = received.rbegin(); it != received.rend(); ++it)
    view.hops.push_back(message::parse_received((*it)->raw_value));
}

std::vector<const message::MimePart*> attachments(const MessageViewState& view) {
  std::vector<const message::MimePart*> out;
  for (const message::MimePart* part : message::leaf_parts(view.root)) {
    if (part->is_attachment || !part->filename.empty()) out.push_back(part);
  }
  return out;
}

bool save_attachment(AppState& state, int n) {
  MessageViewState& view = state.message;
  const auto parts = attachments(view);
  view.save_failed = true;
  if (n < 1 || n > static_cast<int>(parts.size())) {
    view.save_status = "no attachment " + std::to_string(n);
    return false;
  }
  const message::MimePart& part = *parts[n - 1];
  // Only the last path component of the sender's name: a name like "../../.bashrc" must
  // not write outside the folder the user chose.
  std::string name = std::filesystem::path(part.filename).filename().string();
  if (name.empty() || name == "." || name == "..")
    name = "part-" + std::to_string(part.index) + ".bin";
  const std::filesystem::path target = std::filesystem::path(view.save_dir) / name;
  std::error_code ec;
  if (!std::filesystem::is_directory(view.save_dir, ec)) {
    view.save_status = view.save_dir + ": not a folder";
    return false;
  }
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  out.write(part.body.data(), static_cast<std::streamsize>(part.body.size()));
  out.close();
  if (!out) {
    view.save_status = target.string() + ": cannot be written";
    return false;
  }
  view.save_failed = false;
  view.save_status = target.string();
  return true;
}

std::string default_save_dir() {
  std::error_code ec;
  if (const char* home = std::getenv("HOME"); home && *home) {
    const auto downloads = std::filesystem::path(home) / "Downloads";
    if (std::filesystem::is_directory(downloads, ec)) return downloads.string();
  }
  const auto cwd = std::filesystem::current_path(ec);
  return ec ? "." : cwd.string();
}

}  // namespace smtplab::app
