// The student's events: one pass over the timeline in order, following each message from
// the session that brought it, through the queue entries and relay sessions it went
// through, to its deliveries and notices.
#include "sim/lab/student_scope.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

namespace smtplab::lab {
namespace {

/// A queue runner's verdict on one attempt of an entry (what follows its relay session).
bool is_attempt(const TimelineEvent& e) {
  return e.session == 0 && !queue_id_of(e.payload).empty() &&
         (e.kind == TimelineKind::Relayed || e.kind == TimelineKind::Deferred ||
          e.kind == TimelineKind::Bounced);
}

/// The Maildir name of a delivered file, without the ":2,FLAGS" a reader may add.
std::string unique_name(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name.substr(0, name.find(':'));
}

}  // namespace

StudentScope student_scope(const std::vector<TimelineEvent>& events, const TopologySpec& topology) {
  StudentScope scope;
  std::map<std::uint64_t, bool> marked;  // session -> opened for the student?
  for (const auto& e : events) {
    const std::string part = student_part_of(e.payload);
    if (e.kind == TimelineKind::Step && part == kStudentPartBegin && !scope.part_begin)
      scope.part_begin = e.seq;
    if (e.kind == TimelineKind::Step && part == kStudentPartDemo && !scope.demo_begin)
      scope.demo_begin = e.seq;
    if (const auto* origin = e.details<SessionOriginPayload>())
      marked[origin->session] = origin->student;
  }
  const bool all_student = scope.part_begin == 0 && scope.demo_begin == 0;
  // What nobody marked is the student's once their part has begun; while a demonstration
  // plays (begun, the student's part not yet), only what came before it is.
  const auto by_time = [&](const TimelineEvent& e) {
    if (scope.part_begin) return e.seq > scope.part_begin;
    if (scope.demo_begin) return e.seq < scope.demo_begin;
    return true;
  };
  const auto is_agent = [&](const std::string& id) {
    const NodeSpec* node = id.empty() ? nullptr : topology.find_node(id);
    return node && node->kind != NodeKind::Mua;
  };

  std::map<std::uint64_t, bool> session_owner;
  std::map<std::pair<std::string, std::string>, bool> entry_owner;
  std::map<std::uint64_t, int> outstanding;      // session -> commands awaiting a reply
  std::map<std::string, std::uint64_t> serving;  // node -> session with a command pending
  std::map<std::string, bool> runner_owner;      // node -> owner of its last attempt
  // The owner of the entry a node's queue runner is about to report on: its relay session
  // (and the DNS lookups, failed connections before it) come before the verdict.
  std::map<std::string, std::vector<std::size_t>> attempts;  // node -> positions, in order
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (is_attempt(events[i])) attempts[events[i].node].push_back(i);
  }
  const auto next_attempt_owner = [&](std::size_t from,
                                      const std::string& node) -> std::optional<bool> {
    const auto at = attempts.find(node);
    if (at == attempts.end()) return std::nullopt;
    const auto next = std::upper_bound(at->second.begin(), at->second.end(), from);
    if (next == at->second.end()) return std::nullopt;
    const auto it = entry_owner.find({node, queue_id_of(events[*next].payload)});
    if (it == entry_owner.end()) return std::nullopt;
    return it->second;
  };

  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    bool student = false;
    if (e.kind == TimelineKind::Step || e.kind == TimelineKind::Fault ||
        e.details<SessionOriginPayload>()) {
      continue;  // the scenario's own bookkeeping, never a student's act
    }
    if (e.session != 0) {
      auto owner = session_owner.find(e.session);
      // A session opening again under a number already seen is a new one (a timeline
      // recorded before a restarted node's sessions got fresh numbers).
      if (owner == session_owner.end() || e.kind == TimelineKind::SessionOpened) {
        bool mine = by_time(e);
        if (const auto m = marked.find(e.session); m != marked.end()) {
          mine = m->second;
        } else if (!all_student && is_agent(e.peer)) {
          // An agent relaying: whoever's message it carries.
          mine = next_attempt_owner(i, e.peer).value_or(mine);
        }
        owner = session_owner.insert_or_assign(e.session, mine).first;
      }
      student = owner->second;
      // Which session a node is serving: agent events while a command awaits its reply
      // are that command's doing.
      const auto stop_serving = [&] {
        const auto it = serving.find(e.node);
        if (it != serving.end() && it->second == e.session) serving.erase(it);
      };
      if (e.kind == TimelineKind::Command || e.kind == TimelineKind::MessageData) {
        ++outstanding[e.session];
        serving[e.node] = e.session;
      } else if (e.kind == TimelineKind::Reply && outstanding[e.session] > 0) {
        if (--outstanding[e.session] == 0) stop_serving();
      } else if (e.kind == TimelineKind::SessionClosed) {
        stop_serving();
      }
    } else {
      // An agent's event: the session it is serving caused it, else its queue runner did.
      const std::string node = e.kind == TimelineKind::DnsQuery ? e.peer : e.node;
      const std::string queue_id = queue_id_of(e.payload);
      if (const auto s = serving.find(node); s != serving.end()) {
        const auto owner = session_owner.find(s->second);
        student = owner != session_owner.end() && owner->second;
      } else if (is_attempt(e)) {
        const auto it = entry_owner.find({node, queue_id});
        student = it == entry_owner.end() ? by_time(e) : it->second;
        runner_owner[node] = student;
      } else if (e.kind == TimelineKind::Queued || e.kind == TimelineKind::Delivered) {
        // A notice the runner just generated (queued, or delivered here).
        const auto it = runner_owner.find(node);
        student = it == runner_owner.end() ? by_time(e) : it->second;
      } else {
        const auto it = runner_owner.find(node);
        student = next_attempt_owner(i, node).value_or(it == runner_owner.end() ? by_time(e)
                                                                                : it->second);
      }
      if (e.kind == TimelineKind::Queued && !queue_id.empty())
        entry_owner[{node, queue_id}] = student;
    }
    if (!student) continue;
    scope.events.insert(e.seq);
    if (e.kind == TimelineKind::SessionOpened) scope.sessions.insert(e.session);
    if (e.kind == TimelineKind::Queued) scope.entries.insert({e.node, queue_id_of(e.payload)});
    if (const auto* delivered = e.details<DeliveredPayload>();
        delivered && !delivered->file.empty())
      scope.files.insert(unique_name(delivered->file));
  }
  return scope;
}

namespace {

/// The scenario's mark that a part of the chapter begins (student_part = `part`).
TimelineEvent part_mark(const char* part, const char* text) {
  TimelineEvent e;
  e.kind = TimelineKind::Step;
  e.node = "scenario";
  e.text = text;
  e.payload = PartMarkPayload{part};
  return e;
}

}  // namespace

TimelineEvent student_part_begins() {
  return part_mark(kStudentPartBegin, "the student's part begins");
}

TimelineEvent demonstration_begins() {
  return part_mark(kStudentPartDemo, "the demonstration begins");
}

TimelineEvent session_origin(std::uint64_t session, const std::string& client, bool student,
                             const std::string& via) {
  TimelineEvent e;
  e.kind = TimelineKind::Note;
  e.node = "scenario";
  e.client = client;
  e.text = "session " + std::to_string(session) + " opened by " +
           (student ? "the student (" : "the lab (") + via + ")";
  e.payload = SessionOriginPayload{student, session, via};
  return e;
}

}  // namespace smtplab::lab
