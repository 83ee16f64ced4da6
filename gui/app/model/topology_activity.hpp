// What the topology panel animates, derived from the timeline alone (no window needed, so
// it is unit-testable): the SMTP sessions open right now with their client and server
// nodes and how far their dialogue has gone, the faults active on each node (injected and
// not cleared yet), each node's health, and per node the sessions and events it took part
// in. The envelope's motion between two dialogue steps is eased here too, by time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/lab/timeline.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::app {

/// A fault injected into the lab and not cleared yet, as the timeline recorded it.
struct ActiveFault {
  std::string kind;    ///< the timeline's name: node_down, reply, delay, drop_data, ...
  std::string target;  ///< node id, DNS name or mailbox address
  std::string verb;    ///< reply: the command verb answered
  std::string amount;  ///< reply: the code; delay: milliseconds; drop_data: octets let through
  std::string node;    ///< node the fault is shown on (empty: none of the topology's)
  std::string text;    ///< the timeline's description ("mx answers 451 to RCPT")
};

/// How a node is doing, for its colour in the topology.
enum class NodeHealth {
  Up,       ///< no fault: it answers normally
  Down,     ///< node_down: its listeners are closed, connections are refused
  Faulted,  ///< another fault is active (odd replies, delays, drops, DNS, full mailbox)
};

/// An SMTP session open now (opened, not closed yet).
struct ActiveSession {
  std::uint64_t session = 0;  ///< the timeline's session number (1-based)
  std::string client_node;    ///< node id of the client; empty for an outside client (console)
  std::string server_node;    ///< node id of the server
  double progress = 0;        ///< how far the dialogue is, 0 (connected) .. 1 (QUIT)
  std::size_t exchanges = 0;  ///< dialogue lines so far (each one is a step of the envelope)
};

/// Everything the topology shows about the lab now.
struct TopologyActivity {
  std::vector<ActiveSession> sessions;                          ///< open sessions, oldest first
  std::vector<ActiveFault> faults;                              ///< active faults, oldest first
  std::map<std::string, NodeHealth> health;                     ///< node id -> health (every node)
  std::map<std::string, std::vector<std::size_t>> node_faults;  ///< node id -> faults index
  std::map<std::uint64_t, ActiveSession> open;  ///< the open sessions by number, for updates
};

/// Reads the whole timeline.
TopologyActivity derive_topology_activity(const std::vector<lab::TimelineEvent>& timeline,
                                          const lab::TopologySpec& topology);

/// Reads timeline[from..] into `activity`, derived from timeline[..from) before, so a
/// growing timeline is read once in all (not once per growth).
void extend_topology_activity(TopologyActivity& activity,
                              const std::vector<lab::TimelineEvent>& timeline, std::size_t from,
                              const lab::TopologySpec& topology);

/// The faults active on `node`.
std::vector<ActiveFault> faults_of(const TopologyActivity& activity, const std::string& node);

/// How far into its dialogue a session is after `event`, given where it was: a command
/// moves the envelope to its phase (EHLO, MAIL, RCPT, DATA, the message, QUIT), a reply
/// nudges it on; it never moves back.
double dialogue_progress(double current, const lab::TimelineEvent& event);

/// Session numbers (1-based) in which `node` was the client or the server, oldest first.
std::vector<std::uint64_t> sessions_of_node(const std::vector<lab::TimelineEvent>& timeline,
                                            const std::string& node);

/// Timeline indices of the events that happened at `node` or with it as the peer, oldest
/// first (the node's log).
std::vector<std::size_t> log_of_node(const std::vector<lab::TimelineEvent>& timeline,
                                     const std::string& node);

/// The envelope of one session in flight: it glides from where it was to where the
/// dialogue is now over a short time, so each exchange (each step in step mode) is seen.
struct EnvelopeMotion {
  double from = 0;       ///< position when the last exchange happened
  double to = 0;         ///< position the dialogue has reached
  double changed = 0;    ///< clock (seconds) of that change
  bool started = false;  ///< false until the first update
};

/// Seconds the envelope takes to glide from one dialogue step to the next.
inline constexpr double kEnvelopeGlideSeconds = 0.6;

/// Moves `motion` towards `target` at clock `now` (seconds); returns the position to draw,
/// 0 (at the client) .. 1 (at the server).
double advance_envelope(EnvelopeMotion& motion, double target, double now);

}  // namespace smtplab::app
