// The lab state: timeline, mailboxes and queues, from a runtime or a folder.
#include "sim/lab/lab_state.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/agents/maildir.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/student_scope.hpp"
#include "sim/message/ascii.hpp"
#include "sim/message/mime.hpp"

namespace smtplab::lab {
namespace {

/// The Maildir unique name of a file (what a reader's ":2,FLAGS" suffix is added to).
std::string unique_name(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  return name.substr(0, name.find(':'));
}

}  // namespace

LabState::LabState(std::vector<TimelineEvent> events, TopologySpec topology,
                   std::filesystem::path dir)
    : events_(std::move(events)), topology_(std::move(topology)), dir_(std::move(dir)) {
  sessions_ = rebuild_sessions(events_);
}

LabState LabState::from_runtime(LabRuntime& runtime) {
  return LabState(runtime.timeline().snapshot(), runtime.topology(),
                  runtime.mail_dir().parent_path());
}

LabState LabState::from_directory(const std::filesystem::path& dir, TopologySpec topology) {
  std::ifstream in(dir / "timeline.jsonl", std::ios::binary);
  if (!in)
    throw std::runtime_error((dir / "timeline.jsonl").string() +
                             ": cannot read the recorded timeline");
  std::ostringstream text;
  text << in.rdbuf();
  auto events = Timeline::parse_jsonl(text.str());
  return LabState(std::move(events), std::move(topology), dir);
}

LabState LabState::not_run(TopologySpec topology) {
  return LabState({}, std::move(topology), {});
}

std::vector<StoredMessage> LabState::mailbox(const std::string& address) const {
  std::vector<StoredMessage> out;
  if (dir_.empty()) return out;  // not run: no mail folder (never the current directory's)
  for (const auto& node : topology_.nodes) {
    if (node.kind != NodeKind::Mx && node.kind != NodeKind::Relay && node.kind != NodeKind::Msa)
      continue;
    const agents::MaildirStore store(dir_ / "mail" / node.id);
    if (!std::filesystem::exists(store.mailbox_path(address))) continue;
    for (const auto& file : store.list(address)) {
      if (files_ && !files_->count(unique_name(file))) continue;
      out.push_back({node.id, address, file, agents::read_file(file)});
    }
  }
  return out;
}

std::optional<StoredMessage> LabState::delivered_message(const TimelineEvent& delivered) const {
  const auto* details = delivered.details<DeliveredPayload>();
  if (!details) return std::nullopt;
  // The recorded path may be absolute in another folder (a moved state directory): the
  // part from "mail/" on is what locates it here.
  std::filesystem::path recorded(details->file);
  std::filesystem::path relative;
  bool after_mail = false;
  std::vector<std::filesystem::path> parts(recorded.begin(), recorded.end());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!after_mail && parts[i] == "mail" && i + 1 < parts.size() && parts[i + 1] == delivered.node)
      after_mail = true;
    if (after_mail) relative /= parts[i];
  }
  std::filesystem::path here = after_mail ? dir_ / relative : recorded;
  if (!std::filesystem::exists(here)) {
    // A reader (or the lab itself) may have moved it from new/ to cur/.
    const auto name = here.filename().string();
    const auto cur = here.parent_path().parent_path() / "cur";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(cur, ec)) {
      if (entry.path().filename().string().starts_with(name)) here = entry.path();
    }
    if (!std::filesystem::exists(here)) return std::nullopt;
  }
  return StoredMessage{delivered.node, details->mailbox, here, agents::read_file(here)};
}

std::vector<agents::QueueEntry> LabState::queue(const std::string& node) const {
  if (dir_.empty()) return {};
  const auto spool = dir_ / "spool" / node;
  if (!std::filesystem::exists(spool)) return {};
  auto entries = agents::MailQueue(spool).entries();
  if (entries_) {
    std::erase_if(entries, [&](const agents::QueueEntry& entry) {
      return !entries_->count({node, entry.id});
    });
  }
  return entries;
}

LabState LabState::for_student() const {
  const StudentScope scope = student_scope(events_, topology_);
  std::vector<TimelineEvent> mine;
  for (const auto& e : events_) {
    if (scope.events.count(e.seq)) mine.push_back(e);
  }
  LabState view(std::move(mine), topology_, dir_);
  view.files_ = scope.files;
  view.entries_ = scope.entries;
  return view;
}

std::string LabState::addresses_of(const TimelineEvent& e) const {
  std::string out;
  const auto add = [&](const std::string& address) { out += "," + address; };
  if (const auto* p = e.details<DeliveredPayload>()) add(p->mailbox);
  if (const auto* p = e.details<PolicyPayload>(); p && p->mailbox) add(*p->mailbox);
  if (const auto* p = e.details<RelayedPayload>()) add(p->rcpt);
  if (const auto* p = e.details<QueuedPayload>())
    for (const auto& rcpt : p->rcpts) add(rcpt);
  if (const auto* p = e.details<BouncedPayload>()) {
    for (const auto& rcpt : p->rcpts) add(rcpt);
    add(p->to);
  }
  if (const auto* p = e.details<DeferredPayload>()) {
    // A deferral is about its whole entry: the recipients its Queued event listed.
    for (const auto& q : events_) {
      const auto* queued = q.details<QueuedPayload>();
      if (queued && q.node == e.node && queued->queue_id == p->queue_id)
        for (const auto& rcpt : queued->rcpts) add(rcpt);
    }
  }
  return message::to_lower(out);
}

std::string LabState::subject_of(const TimelineEvent& event) const {
  if (event.kind == TimelineKind::Delivered) {
    const auto stored = delivered_message(event);
    return stored ? message::decoded_subject(message::parse_message(stored->raw)) : "";
  }
  if (const auto* transaction = event.details<TransactionPayload>()) return transaction->subject;
  if (const std::string id = queue_id_of(event.payload); !id.empty()) {
    // The Queued event of that entry follows the transaction that brought it.
    std::string last_subject;
    for (const auto& e : events_) {
      if (e.node != event.node) continue;
      if (const auto* transaction = e.details<TransactionPayload>())
        last_subject = transaction->subject;
      if (const auto* queued = e.details<QueuedPayload>(); queued && queued->queue_id == id)
        return queued->dsn ? "" : last_subject;
    }
    return {};
  }
  if (event.session) {
    for (const auto& s : sessions_) {
      if (s.id == event.session && !s.subjects.empty()) return s.subjects.front();
    }
  }
  return {};
}

std::string LabState::node_of_host(const std::string& host) const {
  const std::string wanted = message::to_lower(host);
  for (const auto& n : topology_.nodes) {
    if (message::to_lower(n.id) == wanted ||
        (!n.hostname.empty() && message::to_lower(n.hostname) == wanted))
      return n.id;
  }
  return {};
}

}  // namespace smtplab::lab
