// The topology's live activity (see topology_activity.hpp).
#include "gui/app/model/topology_activity.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "sim/lab/fault_kinds.hpp"
#include "sim/lab/node_log.hpp"
#include "sim/protocol/command.hpp"

namespace smtplab::app {
namespace {

/// True when `kind` (a fault event's "fault" field) is the timeline's name of `expected`.
bool is_fault(const std::string& kind, lab::FaultKind expected) {
  return !kind.empty() && kind == lab::fault_kind_names(expected).timeline;
}

/// The node a fault is shown on: the node itself, the MX holding a full mailbox, the node
/// whose domain or host name a broken DNS name is.
std::string fault_node(const lab::TimelineEvent& event, const std::string& kind,
                       const std::string& target, const lab::TopologySpec& topology) {
  if (is_fault(kind, lab::FaultKind::FillMailbox)) return event.node;
  if (is_fault(kind, lab::FaultKind::BreakDns)) {
    for (const auto& node : topology.nodes) {
      const bool own_domain =
          std::find(node.domains.begin(), node.domains.end(), target) != node.domains.end();
      if (node.id == target || node.hostname == target || own_domain) return node.id;
    }
    return {};
  }
  return target;
}

}  // namespace

double dialogue_progress(double current, const lab::TimelineEvent& event) {
  if (event.kind == lab::TimelineKind::Reply) return std::min(1.0, current + 0.04);
  if (event.kind == lab::TimelineKind::MessageData) return std::max(current, 0.85);
  if (event.kind != lab::TimelineKind::Command) return current;
  // The phases of a mail transaction, spread along the edge; the verb is recognised by the
  // command table (any spelling), other verbs leave the progress where it is.
  using protocol::Verb;
  static constexpr std::pair<Verb, double> kPhase[] = {
      {Verb::Ehlo, 0.15}, {Verb::Helo, 0.15}, {Verb::Lhlo, 0.15}, {Verb::Starttls, 0.25},
      {Verb::Auth, 0.35}, {Verb::Mail, 0.45}, {Verb::Rcpt, 0.55}, {Verb::Data, 0.65},
      {Verb::Bdat, 0.65}, {Verb::Quit, 1.0}};
  const auto verb = protocol::verb_from_name(event.verb);
  for (const auto& [phase_verb, phase] : kPhase) {
    if (verb == phase_verb) return std::max(current, phase);
  }
  return current;
}

TopologyActivity derive_topology_activity(const std::vector<lab::TimelineEvent>& timeline,
                                          const lab::TopologySpec& topology) {
  TopologyActivity activity;
  extend_topology_activity(activity, timeline, 0, topology);
  return activity;
}

void extend_topology_activity(TopologyActivity& activity,
                              const std::vector<lab::TimelineEvent>& timeline, std::size_t from,
                              const lab::TopologySpec& topology) {
  auto& open = activity.open;
  for (std::size_t i = from; i < timeline.size(); ++i) {
    const lab::TimelineEvent& event = timeline[i];
    if (event.kind == lab::TimelineKind::SessionOpened && event.session > 0) {
      open[event.session] = {event.session, event.peer, event.node, 0.0, 0};
    } else if (event.kind == lab::TimelineKind::SessionClosed) {
      open.erase(event.session);
    } else if (event.kind == lab::TimelineKind::Fault) {
      const auto* change = event.details<lab::FaultPayload>();
      if (!change || !change->fault) continue;  // a fault that applied to nothing
      const std::string kind = lab::fault_timeline_name(*change->fault);
      const std::string& target = change->target;
      const std::string verb = change->verb.value_or("");
      auto& faults = activity.faults;
      if (change->inject) {
        // Injecting the same fault again replaces it (a new code for the same verb).
        std::erase_if(faults, [&](const ActiveFault& f) {
          return f.kind == kind && f.target == target && f.verb == verb;
        });
        const auto number = [](const auto& value) {
          return value ? std::to_string(*value) : std::string();
        };
        using lab::FaultKind;
        const std::string amount =
            is_fault(kind, FaultKind::ReplyToVerb)    ? number(change->code)
            : is_fault(kind, FaultKind::DelayReplies) ? number(change->delay_ms)
            : is_fault(kind, FaultKind::DropData)     ? number(change->after_bytes)
                                                      : "";
        faults.push_back(
            {kind, target, verb, amount, fault_node(event, kind, target, topology), event.text});
      } else {
        // Clearing a reply fault without a verb clears every verb's.
        std::erase_if(faults, [&](const ActiveFault& f) {
          return f.kind == kind && f.target == target && (verb.empty() || f.verb == verb);
        });
      }
    } else if (event.session > 0) {
      if (auto found = open.find(event.session); found != open.end()) {
        ActiveSession& session = found->second;
        const double before = session.progress;
        session.progress = dialogue_progress(before, event);
        if (event.kind == lab::TimelineKind::Command || event.kind == lab::TimelineKind::Reply ||
            event.kind == lab::TimelineKind::MessageData)
          ++session.exchanges;
      }
    }
  }
  activity.sessions.clear();
  for (const auto& [number, session] : open) activity.sessions.push_back(session);
  activity.health.clear();
  activity.node_faults.clear();
  for (const auto& node : topology.nodes) activity.health[node.id] = NodeHealth::Up;
  for (std::size_t i = 0; i < activity.faults.size(); ++i) {
    const ActiveFault& fault = activity.faults[i];
    const auto health = activity.health.find(fault.node);
    if (health == activity.health.end()) continue;
    activity.node_faults[fault.node].push_back(i);
    if (is_fault(fault.kind, lab::FaultKind::NodeDown))
      health->second = NodeHealth::Down;
    else if (health->second == NodeHealth::Up)
      health->second = NodeHealth::Faulted;
  }
}

std::vector<ActiveFault> faults_of(const TopologyActivity& activity, const std::string& node) {
  std::vector<ActiveFault> out;
  if (const auto found = activity.node_faults.find(node); found != activity.node_faults.end()) {
    for (std::size_t i : found->second) out.push_back(activity.faults[i]);
  }
  return out;
}

std::vector<std::uint64_t> sessions_of_node(const std::vector<lab::TimelineEvent>& timeline,
                                            const std::string& node) {
  std::vector<std::uint64_t> sessions;
  for (const auto& event : timeline) {
    if (event.kind == lab::TimelineKind::SessionOpened && event.session > 0 &&
        (event.node == node || event.peer == node))
      sessions.push_back(event.session);
  }
  return sessions;
}

std::vector<std::size_t> log_of_node(const std::vector<lab::TimelineEvent>& timeline,
                                     const std::string& node) {
  std::vector<std::size_t> log;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    if (lab::concerns_node(timeline[i], node)) log.push_back(i);
  }
  return log;
}

double advance_envelope(EnvelopeMotion& motion, double target, double now) {
  const auto eased = [&] {
    const double t = std::clamp((now - motion.changed) / kEnvelopeGlideSeconds, 0.0, 1.0);
    const double smooth = t * t * (3 - 2 * t);  // smoothstep: starts and lands softly
    return motion.from + (motion.to - motion.from) * smooth;
  };
  if (!motion.started) {
    motion = {0.0, target, now, true};
  } else if (target != motion.to) {
    // Start the next glide from where the envelope is drawn now, not from where it aimed.
    motion.from = eased();
    motion.to = target;
    motion.changed = now;
  }
  return eased();
}

}  // namespace smtplab::app
