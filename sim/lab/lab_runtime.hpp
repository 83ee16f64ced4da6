// The lab runtime: builds a topology (TopologySpec) into real agents — one SMTP server per
// node on its own loopback address, its MtaAgent (delivery, queue, routing), a queue
// runner that relays over real TCP from the node's address — plus the simulated DNS, the
// simulated clock, the step gate and the one timeline every part reports to. MUAs submit
// through it. Faults can be injected while it runs.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sim/agents/mta_agent.hpp"
#include "sim/agents/resolver.hpp"
#include "sim/lab/fault_kinds.hpp"
#include "sim/lab/lab_pause.hpp"
#include "sim/lab/sim_clock.hpp"
#include "sim/lab/step_gate.hpp"
#include "sim/lab/timeline.hpp"
#include "sim/lab/topology_spec.hpp"
#include "sim/net/smtp_client.hpp"
#include "sim/protocol/client_session.hpp"

namespace smtplab::lab {

struct RuntimeOptions {
  std::filesystem::path state_dir = "lab-state";  ///< mail/<node>/..., spool/<node>/
  bool standard_ports = true;  ///< 25/587/465 (or their lab offsets); false: any free port
  bool step_mode = false;      ///< start with the step gate closed
};

/// A fault that can be injected into a node (or the DNS).
struct Fault {
  /// The kinds and their names are sim/lab/fault_kinds.hpp's (Refuse and All are only
  /// scenario spellings: the runtime plays NodeDown and clears one fault at a time).
  using Kind = FaultKind;
  Fault() = default;
  /// The common faults in one line: Fault{Kind::ReplyToVerb, "mx", "RCPT", 451, ""}.
  Fault(Kind fault_kind, std::string node_id, std::string command_verb, int reply_code,
        std::string fault_target)
      : kind(fault_kind),
        node(std::move(node_id)),
        verb(std::move(command_verb)),
        code(reply_code),
        target(std::move(fault_target)) {}
  Kind kind = Kind::NodeDown;
  std::string node;            ///< node id (NodeDown, ReplyToVerb, DelayReplies, ModifyBody)
  std::string verb;            ///< "RCPT", "DATA", ... (ReplyToVerb); clear with "" = every verb
  int code = 451;              ///< reply code (ReplyToVerb)
  std::string text;            ///< reply text after the code (ReplyToVerb; empty = a standard text)
  std::uint32_t times = 0;     ///< ReplyToVerb: only the next `times` commands (0 = until cleared)
  std::uint32_t delay_ms = 0;  ///< DelayReplies
  std::uint64_t after_bytes = 0;  ///< DropData: message octets let through before the drop
  std::string target;             ///< DNS name or mailbox address
  agents::DnsBreak dns = agents::DnsBreak::ServFail;  ///< BreakDns: how the names answer
};

class LabRuntime {
 public:
  LabRuntime(TopologySpec topology, RuntimeOptions options);
  ~LabRuntime();
  LabRuntime(const LabRuntime&) = delete;
  LabRuntime& operator=(const LabRuntime&) = delete;

  /// Starts every node's listeners and queue runner. Throws std::runtime_error with a
  /// readable message (a port in use, an address that cannot be bound).
  void start();
  /// Stops everything (idempotent).
  void stop();

  /// A MUA submits one message to its configured server; returns per-recipient results.
  std::vector<protocol::MessageResult> submit(const std::string& mua_id,
                                              protocol::OutgoingMessage message);
  /// Where and how a message is submitted when the user chooses (the window's compose
  /// panel): from a node's address to any server node's listener, with or without AUTH.
  struct SubmitRoute {
    std::string from_node;                ///< whose address the connection comes from
    std::string server;                   ///< the server node's id
    std::string listener = "submission";  ///< "smtp", "submission" or "smtps"
    std::string auth_user;                ///< empty: no AUTH
    std::string auth_password;
    bool starttls = true;  ///< use STARTTLS when offered
  };
  /// Submits one message along `route`; throws std::runtime_error naming a bad node or a
  /// listener the server does not have.
  std::vector<protocol::MessageResult> submit(const SubmitRoute& route,
                                              protocol::OutgoingMessage message);
  /// Waits until no session is open and every queue is empty, or the timeout; true when
  /// idle. Deferred messages keep the lab busy until delivered or bounced.
  bool wait_idle(std::chrono::milliseconds timeout);

  /// Breakpoints: when an event of one of these kinds is recorded, the lab switches to
  /// step mode, so the lecturer can walk through what follows one exchange at a time.
  void set_breakpoints(std::set<TimelineKind> kinds);
  /// Step mode: lets the lab go one exchange, one session or one hop further.
  void step(StepUnit unit);

  void inject(const Fault& fault);
  void clear(const Fault& fault);

  Timeline& timeline() { return timeline_; }
  SimClock& clock() { return clock_; }
  StepGate& gate() { return gate_; }
  /// The lab's pause: frozen while the step gate holds an exchange; every timer reads it.
  const LabPause& pause() const { return pause_; }
  const TopologySpec& topology() const { return topology_; }
  agents::Resolver& resolver() { return resolver_; }
  /// The agent of a server node, nullptr for a MUA or an unknown id.
  agents::MtaAgent* agent(const std::string& node_id);
  /// Bound port of a node's listener ("smtp", "submission", "smtps"); 0 when none.
  std::uint16_t port(const std::string& node_id, const std::string& listener) const;
  /// Node id of a loopback address, empty when none.
  std::string node_at(const std::string& address) const;
  /// Mail root (one Maildir per mailbox under each node's folder).
  std::filesystem::path mail_dir() const { return options_.state_dir / "mail"; }
  /// C:/S: lines per session, with node names, then the deliveries and bounces.
  std::string transcript() const;

 private:
  struct Node;
  void start_node(Node& node);
  void stop_node(Node& node);
  void run_queue(Node& node);
  /// The queue runners' wake-ups so far (the queue, the clock or the pause changed).
  std::uint64_t queue_wakes();
  /// Wakes every queue runner: its queue changed, the clock moved, the pause changed, or
  /// the lab stops.
  void wake_queue_runners();
  /// Sleeps until a wake-up after `seen`, or until the node's next retry comes in real time
  /// (never while the lab's time is frozen); `now` is the simulated time the queue was read.
  void wait_for_queue(Node& node, std::uint64_t seen, double now);
  void relay_entry(Node& node, agents::QueueEntry entry);
  void on_agent_event(const std::string& node_id, const agents::AgentEvent& event);
  /// Sees every timeline event: breakpoints, and the end of a session or hop step.
  void on_timeline_event(const TimelineEvent& event);
  /// Records a client's failed session (refused, timed out, cut) on the timeline, on the
  /// session it belongs to when it got that far, so the dialogue and the window say so.
  void note_client_failure(const std::string& from_node, const std::string& to_node,
                           const net::ClientConnectionInfo& info);
  /// A ClientTarget for an agent of the lab: gated, and with timeouts that stand still
  /// while the lab is paused.
  net::ClientTarget lab_client_target();
  /// Records the transaction that ends in DATA (sender, recipients, subject) on the
  /// session that carried it, so checkpoints can tell which session carried which message.
  void on_transaction(const std::string& node_id, const protocol::Envelope& envelope,
                      std::string_view message);

  TopologySpec topology_;
  RuntimeOptions options_;
  Timeline timeline_;
  // The queue runners sleep on this until woken (declared before everything that wakes it).
  std::mutex queue_wake_mutex_;
  std::condition_variable queue_wake_;
  std::uint64_t queue_wakes_ = 0;  // guarded by queue_wake_mutex_
  LabPause pause_;                 // before the clock and the gate, which use it
  SimClock clock_;
  StepGate gate_;
  agents::Resolver resolver_;
  std::vector<std::unique_ptr<Node>> nodes_;
  mutable std::mutex sessions_mutex_;
  std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> session_ids_;
  std::map<std::pair<std::string, std::string>, std::uint64_t>
      sessions_by_client_;  // (node, "ip:port")
  std::uint64_t next_session_ = 0;
  std::atomic<int> open_sessions_{0};
  std::atomic<int> busy_runners_{0};
  std::atomic<bool> running_{false};
  std::mutex breakpoints_mutex_;
  std::set<TimelineKind> breakpoints_;
  std::set<TimelineKind> step_ends_;  // a session or hop step ends at one of these (guarded above)
};

}  // namespace smtplab::lab
