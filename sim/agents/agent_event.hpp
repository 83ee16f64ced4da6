// What a mail agent reports for the lab's timeline: one readable line and one typed payload
// per kind of event (queued, deferred, relayed, delivered, bounced, a policy decision, a
// rewrite, a note). The lab's timeline keeps these payloads as they are (its variant,
// sim/lab/timeline_payloads.hpp, holds them); their JSON form is sim/lab/timeline_json.cpp.
// Here, in sim/agents, because agents never include sim/lab.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/agents/delivery_problem.hpp"
#include "sim/agents/dsn.hpp"

namespace smtplab::agents {

/// A message entered the node's queue.
struct QueuedPayload {
  std::string queue_id;                ///< the spool's id of the entry
  std::string from;                    ///< its reverse-path, empty for a DSN
  std::vector<std::string> rcpts;      ///< its recipients (JSON: joined with ",")
  std::optional<std::string> smtp_id;  ///< the id the receiving session answered (not for a DSN)
  bool dsn = false;                    ///< a notice this node generated (JSON: dsn = "yes")
  bool operator==(const QueuedPayload&) const = default;
};

/// A delivery attempt failed temporarily: the entry waits for its next try.
struct DeferredPayload {
  std::string queue_id;       ///< the entry
  double next_retry = 0;      ///< simulated time of the next try (JSON: std::to_string)
  std::int64_t retry_in = 0;  ///< whole seconds until then
  std::string reason;         ///< the problem in English, empty when unknown
  /// The problem as data (absent from timelines recorded before the queue kept kinds).
  std::optional<DeliveryProblem> problem;
  unsigned attempts = 0;  ///< attempts made so far
  bool operator==(const DeferredPayload&) const = default;
};

/// A recipient of an entry left for the next hop.
struct RelayedPayload {
  std::string queue_id;  ///< the entry
  std::string rcpt;      ///< the recipient the hop accepted
  std::string to_node;   ///< the hop (a node id, or a host name outside the lab)
  std::string reply;     ///< the hop's reply line
  bool operator==(const RelayedPayload&) const = default;
};

/// A message reached a mailbox of the node.
struct DeliveredPayload {
  std::string mailbox;  ///< the address delivered to
  std::string file;     ///< the Maildir file written
  std::string from;     ///< the reverse-path
  bool operator==(const DeliveredPayload&) const = default;
};

/// A delivery status notification was generated (a bounce, a delay warning, a receipt).
struct BouncedPayload {
  std::vector<std::string> rcpts;  ///< the recipients reported on (JSON key "rcpt", joined ",")
  std::string to;                  ///< the notice's recipient (the original sender)
  std::string reason;              ///< the first recipient's diagnostic
  std::string queue_id;            ///< the entry the notice is about (empty: at reception)
  DsnAction action = DsnAction::Failed;  ///< what the notice reports
  bool operator==(const BouncedPayload&) const = default;
};

/// A policy decision: relay control, client checks, AUTH, quota, SPF, DKIM, DMARC...
/// The keys a decision has beyond policy and result depend on the policy.
struct PolicyPayload {
  std::string policy;                      ///< "relay", "spf", "auth", "quota"...
  std::string result;                      ///< "allow", "fail", "defer"...
  std::optional<std::string> client;       ///< the client's address (relay, client checks)
  std::optional<std::string> mailbox;      ///< the mailbox (quota)
  std::optional<std::string> domain;       ///< the domain checked (SPF, DKIM, DMARC)
  std::optional<std::string> decided_by;   ///< the SPF mechanism that decided
  std::optional<std::string> disposition;  ///< the DMARC disposition
  std::optional<std::string> user;         ///< the AUTH user name
  bool operator==(const PolicyPayload&) const = default;
};

/// An address or content rewrite.
struct RewritePayload {
  std::string rule;                  ///< "alias", "masquerade", "srs", "body_footer"...
  std::string before;                ///< the address before
  std::optional<std::string> after;  ///< the result (absent when one became several)
  bool operator==(const RewritePayload&) const = default;
};

/// A Note: an entry outlived the queue's lifetime and is given up.
struct QueueExpiredPayload {
  std::string queue_id;  ///< the entry
  bool operator==(const QueueExpiredPayload&) const = default;
};

/// A Note from an agent with nothing beyond its text (a DKIM signing failure...).
struct AgentNotePayload {
  bool operator==(const AgentNotePayload&) const = default;
};

/// An agent's event: its kind is its payload's type.
using AgentPayload =
    std::variant<QueuedPayload, DeferredPayload, RelayedPayload, DeliveredPayload, BouncedPayload,
                 PolicyPayload, RewritePayload, QueueExpiredPayload, AgentNotePayload>;

struct AgentEvent {
  std::string text;      ///< one readable line
  AgentPayload payload;  ///< the details
};

using AgentEventSink = std::function<void(const AgentEvent&)>;

}  // namespace smtplab::agents
