// The lab's one timeline: an append-only log of typed events (sessions with their
// 4-tuples, commands and replies with stream offsets, DNS queries, queue changes, policy
// decisions, rewrites, deliveries, bounces, faults). The GUI, transcripts, checkpoints,
// replay and tests all read it. Thread-safe: agents append from their threads, readers
// take snapshots. Serialises to JSON lines and reads them back for replay. The details of
// each kind are typed payloads (timeline_payloads.hpp); their JSON keys are
// timeline_json.cpp's.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/lab/timeline_payloads.hpp"

namespace smtplab::lab {

/// What a timeline event records.
enum class TimelineKind {
  SessionOpened,  ///< a TCP connection between two nodes (client, server = "ip:port")
  SessionClosed,  ///< it closed (text = why)
  Command,        ///< a client command line (verb, text; offset/length in the C->S stream)
  Reply,          ///< a server reply (code, enhanced, text; offset/length in the S->C stream)
  StateChange,    ///< a protocol state change (text = "From -> To")
  MessageData,    ///< the content of DATA/BDAT (offset/length of the octets)
  TlsStarted,     ///< STARTTLS handshake done (offsets restart in tls_epoch 1)
  Discarded,      ///< bytes dropped on purpose
  Note,           ///< an explanation (payload: Transaction, ClientFailure, ConnectFailed,
                  ///< SessionOrigin, QueueExpired, AgentNote, or none)
  DnsQuery,       ///< a resolver query (payload: DnsQueryPayload)
  Queued,         ///< a message entered a node's queue (payload: QueuedPayload)
  Deferred,       ///< a delivery attempt failed temporarily (payload: DeferredPayload)
  Relayed,        ///< a message left a node for the next hop (payload: RelayedPayload)
  Delivered,      ///< a message reached a mailbox (payload: DeliveredPayload)
  Bounced,        ///< a DSN was generated (payload: BouncedPayload)
  Policy,         ///< a policy decision (payload: PolicyPayload) - SPF, DKIM, relay...
  Rewrite,        ///< an address rewrite (payload: RewritePayload)
  Fault,          ///< a fault injected or cleared (payload: FaultPayload)
  Step,           ///< a scenario step started or a checkpoint result (payload: StepPayload,
                  ///< PartMarkPayload, or none)
};

std::string_view timeline_kind_name(TimelineKind kind);
std::optional<TimelineKind> timeline_kind_from_name(std::string_view name);

struct TimelineEvent {
  std::uint64_t seq = 0;  ///< 1, 2, 3... in order of appending (set by append)
  double time = 0;        ///< real seconds since the lab started (monotonic)
  double sim_time = 0;    ///< simulated seconds (the clock with its speed factor)
  TimelineKind kind = TimelineKind::Note;
  std::string node;           ///< node where it happened (the server for protocol events)
  std::string peer;           ///< the other node, when known (the client for a session)
  std::uint64_t session = 0;  ///< session number, 0 when not about a session
  std::string client;         ///< "127.0.1.10:40312"
  std::string server;         ///< "127.0.1.20:587"
  char direction = 0;         ///< 'C' client->server, 'S' server->client, 0 none
  std::uint64_t offset = 0;   ///< first octet in that direction's stream
  std::uint64_t length = 0;   ///< octets on the wire
  unsigned tls_epoch = 0;     ///< 0 cleartext, 1 inside TLS
  std::uint64_t batch = 0;  ///< Command/MessageData: the server read that carried it (0 = unknown)
  std::string verb;         ///< command verb ("MAIL"), empty otherwise
  int code = 0;             ///< reply code
  std::string enhanced;     ///< enhanced status code
  std::string text;         ///< the line(s), note text or summary
  TimelinePayload payload;  ///< details by kind (see TimelineKind)

  /// The payload if it is a `Payload`, else null.
  template <class Payload>
  const Payload* details() const {
    return std::get_if<Payload>(&payload);
  }
};

class Timeline {
 public:
  /// Appends an event, sets its seq and time if unset (time = 0); returns its seq.
  std::uint64_t append(TimelineEvent event);
  /// Copy of the events with seq > `after`.
  std::vector<TimelineEvent> since(std::uint64_t after) const;
  /// Like since(), unless another thread holds the timeline (an agent appending, a
  /// snapshot copying every event): then false at once, `out` untouched. For a UI thread
  /// that must not wait; it asks again next frame.
  bool try_since(std::uint64_t after, std::vector<TimelineEvent>& out) const;
  /// Copy of all events.
  std::vector<TimelineEvent> snapshot() const { return since(0); }
  std::size_t size() const;
  /// Called after every append, outside the lock, on the appending thread (the lab's
  /// breakpoints). One observer; empty = none.
  void set_observer(std::function<void(const TimelineEvent&)> observer);
  /// Replaces the content (for replay of a recorded timeline).
  void assign(std::vector<TimelineEvent> events);

  /// One JSON object per line.
  std::string to_jsonl() const;
  /// Reads JSON lines; throws std::runtime_error "line N: what" on bad input.
  static std::vector<TimelineEvent> parse_jsonl(std::string_view text);

 private:
  mutable std::mutex mutex_;
  std::vector<TimelineEvent> events_;
  double start_ = -1;  // steady clock seconds at the first append
  std::function<void(const TimelineEvent&)> observer_;
};

/// The JSON form of one event (also used by the GUI's state dump).
std::string timeline_event_to_json(const TimelineEvent& event);

}  // namespace smtplab::lab
