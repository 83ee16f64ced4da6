// What a lab's state is made of, for grading: the timeline, the Maildir mailboxes and the
// node queues. Built from a running LabRuntime or read back from a state directory
// written by `smtplab run` / `smtplab serve` (timeline.jsonl, mail/, spool/), so that a
// live checkpoint and `smtplab check` evaluate the very same data the same way.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/agents/mail_queue.hpp"
#include "sim/lab/session_dialogue.hpp"
#include "sim/lab/timeline.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {

class LabRuntime;

/// One message stored in a mailbox.
struct StoredMessage {
  std::string node;            ///< node whose MDA wrote it
  std::string mailbox;         ///< the mailbox's address
  std::filesystem::path file;  ///< the Maildir file
  std::string raw;             ///< its octets
};

class LabState {
 public:
  /// A snapshot of a running lab (its timeline now, its mail and spool folders).
  static LabState from_runtime(LabRuntime& runtime);
  /// A recorded lab: DIR/timeline.jsonl, DIR/mail/<node>/<mailbox>, DIR/spool/<node>.
  /// Throws std::runtime_error when the timeline is missing or unreadable.
  static LabState from_directory(const std::filesystem::path& dir, TopologySpec topology);
  /// A lab that has not run: no event, no mail, no queue (typed answers are still graded).
  static LabState not_run(TopologySpec topology);

  const std::vector<TimelineEvent>& events() const { return events_; }
  const TopologySpec& topology() const { return topology_; }
  /// Every session of the timeline with its exchanges.
  const std::vector<SessionRecord>& sessions() const { return sessions_; }
  /// Messages in a mailbox (any node holding it), oldest first.
  std::vector<StoredMessage> mailbox(const std::string& address) const;
  /// The message a Delivered event wrote (its `file`, found under this state's mail/).
  std::optional<StoredMessage> delivered_message(const TimelineEvent& delivered) const;
  /// The entries in a node's queue.
  std::vector<agents::QueueEntry> queue(const std::string& node) const;
  /// The decoded Subject of the message an event is about: a delivery (its file), a
  /// transaction, a queue event (through the transaction that queued it), a session
  /// event (the first message the session carried); empty when unknown.
  std::string subject_of(const TimelineEvent& event) const;
  /// The addresses an event is about (its mailbox, recipients, a notice's recipient; a
  /// deferral: the recipients of its queue entry), in lower case, each preceded by ",".
  std::string addresses_of(const TimelineEvent& event) const;
  /// Node id of a host name (a node's hostname or id), empty when none.
  std::string node_of_host(const std::string& host) const;
  /// The same lab seen through the student's events only (student_scope.hpp): their
  /// sessions, the deliveries, queue entries and notices their messages caused. What a
  /// checkpoint grades.
  LabState for_student() const;

 private:
  LabState(std::vector<TimelineEvent> events, TopologySpec topology, std::filesystem::path dir);

  std::vector<TimelineEvent> events_;
  TopologySpec topology_;
  std::filesystem::path dir_;
  std::vector<SessionRecord> sessions_;
  // Set in a student view: only these Maildir files and queue entries are visible.
  std::optional<std::set<std::string>> files_;
  std::optional<std::set<std::pair<std::string, std::string>>> entries_;
};

}  // namespace smtplab::lab
