// The live lab snapshot and the mail views built from it (see lab_snapshot.hpp).
#include "gui/app/lab_snapshot.hpp"

#include <algorithm>
#include <filesystem>

#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/lab_state.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/header.hpp"

namespace smtplab::app {
namespace {

/// From, Subject and Date of a stored message, read from its header only.
MailSummary summarize(const lab::StoredMessage& stored) {
  const auto block = message::parse_header_block(stored.raw);
  const auto decoded = [&](const char* name) {
    const auto* field = block.headers.find(name);
    return field ? message::decode_header_text(field->raw_value) : std::string();
  };
  return {stored.file.string(), decoded("From"), decoded("Subject"),
          block.headers.get("Date").value_or("")};
}

}  // namespace

void fill_mail_views(AppState& state, const lab::LabState& lab, const std::string& mail_dir) {
  MailState& mail = state.mail;
  const std::string selected =
      mail.selected_mailbox >= 0 && mail.selected_mailbox < static_cast<int>(mail.mailboxes.size())
          ? mail.mailboxes[mail.selected_mailbox].address
          : "";
  mail.queues.clear();
  mail.mailboxes.clear();
  mail.selected_mailbox = -1;
  for (const auto& node : lab.topology().nodes) {
    if (node.kind == lab::NodeKind::Mua) continue;
    mail.queues.push_back({node.id, lab.queue(node.id)});
    // Mailboxes are the folders under mail/<node>/, whatever their names (aliases,
    // postmaster, bounces): the disk is the truth the MDA wrote.
    std::error_code ec;
    const std::filesystem::path node_dir = std::filesystem::path(mail_dir) / node.id;
    if (!std::filesystem::is_directory(node_dir, ec)) continue;
    std::vector<std::string> addresses;
    for (const auto& entry : std::filesystem::directory_iterator(node_dir, ec)) {
      if (entry.is_directory(ec)) addresses.push_back(entry.path().filename().string());
    }
    std::sort(addresses.begin(), addresses.end());
    for (const auto& address : addresses) {
      MailboxView view{node.id, address, {}};
      for (const auto& stored : lab.mailbox(address)) {
        if (stored.node == node.id) view.messages.push_back(summarize(stored));
      }
      if (address == selected) mail.selected_mailbox = static_cast<int>(mail.mailboxes.size());
      mail.mailboxes.push_back(std::move(view));
    }
  }
}

bool open_state_dir(AppState& state, const std::string& dir) {
  try {
    auto snapshot = std::make_shared<const lab::LabState>(
        lab::LabState::from_directory(dir, state.topology.topology));
    fill_mail_views(state, *snapshot, (std::filesystem::path(dir) / "mail").string());
    state.lab_state = std::move(snapshot);
    state.mail.show = true;
    return true;
  } catch (const std::exception& e) {
    state.errors.push_back({e.what(), Text::ScenarioHint});
    return false;
  }
}

bool refresh_lab_snapshot(AppState& state) {
  lab::LabRuntime* runtime = state.live.runtime();
  if (!runtime || state.live.last_seq() == state.lab_state_seq) return false;
  // The agents write their Maildirs and spools while this reads them: a file renamed
  // under a directory walk throws. Keep the last snapshot then; the next growth retries.
  try {
    auto snapshot = std::make_shared<const lab::LabState>(lab::LabState::from_runtime(*runtime));
    fill_mail_views(state, *snapshot, runtime->mail_dir().string());
    state.lab_state = std::move(snapshot);
  } catch (const std::exception&) {
    return false;
  }
  state.lab_state_seq = state.live.last_seq();
  return true;
}

}  // namespace smtplab::app
