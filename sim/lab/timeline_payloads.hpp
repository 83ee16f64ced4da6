// The typed details of timeline events: one payload struct per kind of event that has
// details (the agents' own, sim/agents/agent_event.hpp, and the lab's, here), gathered in
// one std::variant. Readers take the payload they expect with std::get_if (a misspelt
// field is a compile error, a number is a number). The JSON form, with the keys tools and
// graders read, is sim/lab/timeline_json.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/agents/agent_event.hpp"
#include "sim/agents/node_spec.hpp"
#include "sim/lab/fault_kinds.hpp"

namespace smtplab::lab {

using agents::AgentNotePayload;
using agents::BouncedPayload;
using agents::DeferredPayload;
using agents::DeliveredPayload;
using agents::LocalizedText;
using agents::PolicyPayload;
using agents::QueuedPayload;
using agents::QueueExpiredPayload;
using agents::RelayedPayload;
using agents::RewritePayload;

/// DnsQuery: a resolver query and its answer.
struct DnsQueryPayload {
  std::string name;                  ///< the name asked (lower case, no final dot)
  std::string type;                  ///< "MX", "A", "TXT"...
  std::string result;                ///< the status ("NOERROR", "NXDOMAIN"...)
  std::vector<std::string> answers;  ///< the records as text (JSON: joined with ", ")
  bool operator==(const DnsQueryPayload&) const = default;
};

/// SessionOpened in a lab run: the server's listener that took the connection.
struct SessionOpenedPayload {
  std::string listener;  ///< "smtp", "submission", "smtps"
  bool operator==(const SessionOpenedPayload&) const = default;
};

/// Note: a server received a message (the end of a DATA or BDAT transaction).
/// JSON: transaction = "data".
struct TransactionPayload {
  std::string subject;             ///< the decoded Subject
  std::string mail_from;           ///< the reverse-path, empty for <>
  std::vector<std::string> rcpts;  ///< the accepted recipients (JSON: joined with ",")
  /// How many RCPT were accepted: rcpts.size(), kept apart because an address with a comma
  /// (a quoted local part) cannot be told from two in the joined JSON list.
  std::size_t rcpt_count = 0;
  bool operator==(const TransactionPayload&) const = default;
};

/// Note: a lab client's session failed (refused, timed out, cut).
struct ClientFailurePayload {
  bool connected = false;    ///< it got as far as a session (JSON failure: "session"/"connect")
  std::string reason;        ///< in English
  std::string failure_kind;  ///< the transport's name: "refused", "timed_out", "tls_failed"...
  bool operator==(const ClientFailurePayload&) const = default;
};

/// Note: a queue runner could not connect to a mail exchanger and tries the next.
/// JSON: connect_failed = address, failure = "connect".
struct ConnectFailedPayload {
  std::string address;  ///< the exchanger's address
  std::string to_node;  ///< the node it is (empty outside the lab)
  std::string reason;   ///< "cannot connect to HOST"
  bool operator==(const ConnectFailedPayload&) const = default;
};

/// Note: who opened a session (the student or the lab), for the student's scope.
struct SessionOriginPayload {
  bool student = false;       ///< JSON origin: "student" or "lab"
  std::uint64_t session = 0;  ///< the session it is about (JSON origin_session)
  std::string via;            ///< the source: "console", "send", a step kind...
  bool operator==(const SessionOriginPayload&) const = default;
};

/// Fault: a fault injected or cleared. The optional parts are those of the kind applied.
struct FaultPayload {
  bool inject = true;  ///< JSON action: "inject" or "clear"
  std::string target;  ///< the node, or the name or mailbox the fault is about
  /// The kind, absent when the fault applied to nothing (an unknown node...).
  std::optional<FaultKind> fault;
  std::optional<std::string> verb;           ///< ReplyToVerb (clear: empty = every verb)
  std::optional<int> code;                   ///< ReplyToVerb, inject
  std::optional<std::uint32_t> delay_ms;     ///< DelayReplies, inject
  std::optional<std::uint64_t> after_bytes;  ///< DropData, inject
  bool operator==(const FaultPayload&) const = default;
};

/// The score of a quiz over its tries, in order: right at the first try or not, and
/// whether some try was right (the student may retry until it is). In a Step event: JSON
/// first_try "right"/"wrong", tries, solved "true"/"false".
struct QuizScore {
  int tries = 0;                 ///< valid tries
  bool first_try_right = false;  ///< what the score records
  bool solved = false;           ///< some try was right
  bool operator==(const QuizScore&) const = default;
};

/// Step: a scenario step's result.
struct StepPayload {
  std::string step;                         ///< the step's kind: "say", "send", "checkpoint"...
  std::size_t index = 0;                    ///< its position in the scenario
  std::string result;                       ///< "done", "passed", "failed", "skipped"...
  int line = 0;                             ///< its line in the scenario file
  LocalizedText text;                       ///< what happened (JSON text_fr, text_en)
  std::optional<std::string> id;            ///< the checkpoint or quiz id
  std::optional<std::string> student_part;  ///< a section's mark: "begin" or "demo"
  std::optional<QuizScore> quiz;            ///< a quiz's score
  std::vector<LocalizedText> hints;         ///< unlocked hints (JSON hint1_fr, hint1_en...)
  bool operator==(const StepPayload&) const = default;
};

/// Step: the mark that a part of a chapter begins ("begin": the student's, "demo").
struct PartMarkPayload {
  std::string part;  ///< JSON student_part
  bool operator==(const PartMarkPayload&) const = default;
};

/// Any kind, in a timeline made from a capture file: where in the capture the event is.
struct CaptureRefPayload {
  std::uint64_t frame = 0;                   ///< the frame (from 1) that completed it
  std::optional<std::uint64_t> first_frame;  ///< a dialogue line: its first frame
  std::optional<std::size_t> entry;          ///< a dialogue line: its index in the dialogue
  bool auth = false;                         ///< an AUTH exchange line (masked)
  std::optional<std::uint64_t> data_bytes;   ///< the end of DATA: the content's size
  bool implicit_tls = false;                 ///< TlsStarted on a port with implicit TLS
  bool operator==(const CaptureRefPayload&) const = default;
};

/// The details of an event; std::monostate for the kinds and events without any.
using TimelinePayload =
    std::variant<std::monostate, DnsQueryPayload, SessionOpenedPayload, QueuedPayload,
                 DeferredPayload, RelayedPayload, DeliveredPayload, BouncedPayload, PolicyPayload,
                 RewritePayload, QueueExpiredPayload, AgentNotePayload, TransactionPayload,
                 ClientFailurePayload, ConnectFailedPayload, SessionOriginPayload, FaultPayload,
                 StepPayload, PartMarkPayload, CaptureRefPayload>;

/// The queue entry an event is about (Queued, Deferred, Relayed, Bounced, an expired
/// entry's note); empty for the others.
std::string queue_id_of(const TimelinePayload& payload);

/// The student's-part mark an event carries (a PartMark, or a step result with one);
/// empty for the others.
std::string student_part_of(const TimelinePayload& payload);

}  // namespace smtplab::lab
