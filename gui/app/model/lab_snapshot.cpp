// The live lab snapshot and the mail views built from it (see lab_snapshot.hpp).
#include "gui/app/model/lab_snapshot.hpp"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "gui/app/model/exercise.hpp"
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

MailViews read_mail_views(const lab::LabState& lab, const std::string& mail_dir) {
  MailViews views;
  for (const auto& node : lab.topology().nodes) {
    if (node.kind == lab::NodeKind::Mua) continue;
    views.queues.push_back({node.id, lab.queue(node.id)});
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
      views.mailboxes.push_back(std::move(view));
    }
  }
  return views;
}

void adopt_mail_views(AppState& state, MailViews views) {
  MailState& mail = state.mail;
  const std::string selected =
      mail.selected_mailbox >= 0 && mail.selected_mailbox < static_cast<int>(mail.mailboxes.size())
          ? mail.mailboxes[static_cast<std::size_t>(mail.selected_mailbox)].address
          : "";
  mail.queues = std::move(views.queues);
  mail.mailboxes = std::move(views.mailboxes);
  mail.selected_mailbox = -1;
  for (std::size_t i = 0; i < mail.mailboxes.size(); ++i) {
    if (!selected.empty() && mail.mailboxes[i].address == selected)
      mail.selected_mailbox = static_cast<int>(i);
  }
}

void fill_mail_views(AppState& state, const lab::LabState& lab, const std::string& mail_dir) {
  adopt_mail_views(state, read_mail_views(lab, mail_dir));
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
  const bool delivered = std::exchange(state.lab_state_delivered, false);
  // Shared: a Lab > Stop while the task reads must not free the runtime under it.
  std::shared_ptr<lab::LabRuntime> runtime = state.live.shared_runtime();
  const std::uint64_t seq = state.live.last_seq();
  if (!runtime || seq == state.lab_state_seq || state.lab_state_task.running()) return delivered;
  // The checkpoints are graded on the new snapshot in the same task: grading reads the
  // delivered messages from the Maildirs too.
  state.lab_state_task.run([runtime, seq, job = grading_job(state), &queue = state.queue,
                            retired = std::move(state.retired_lab_states)]() mutable {
    retired.clear();  // the last references to replaced snapshots: freed here, not in the UI
    // The agents write their Maildirs and spools while this reads them: a file renamed
    // under a directory walk throws. Then the last snapshot stays; the next frame retries.
    try {
      auto snapshot = std::make_shared<const lab::LabState>(lab::LabState::from_runtime(*runtime));
      MailViews views = read_mail_views(*snapshot, runtime->mail_dir().string());
      auto grades = grade_job(job, *snapshot);
      queue.post([snapshot = std::move(snapshot), views = std::move(views),
                  grades = std::move(grades), scenario = job.scenario, seq](AppState& s) mutable {
        // The latest timeline wins: an older read never replaces a newer snapshot.
        if (seq < s.lab_state_seq) return;
        adopt_mail_views(s, std::move(views));
        if (s.exercise.scenario == scenario) {
          s.exercise.grades = std::move(grades);
          s.retired_lab_states.push_back(std::exchange(s.exercise.graded_on, snapshot));
        }
        s.retired_lab_states.push_back(std::exchange(s.lab_state, std::move(snapshot)));
        s.lab_state_seq = seq;
        s.lab_state_delivered = true;
      });
    } catch (const std::exception&) {
    }
  });
  return delivered;
}

}  // namespace smtplab::app
