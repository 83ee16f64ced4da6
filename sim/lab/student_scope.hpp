// Whose events are whose: the lab's own (a demonstration's sends and scripted dialogues,
// the agents relaying them) and the student's (what happened after the student's part
// began, through the student's own sources: the console, the compose panel, `smtplab send`,
// their own nc/telnet/openssl/swaks). Checkpoints grade the student's events only, so that
// nothing in a demonstration can pass a hands-on checkpoint.
//
// The timeline carries the marks this reads:
// - the student's part begins: a Step event with student_part = "begin" (a PartMarkPayload,
//   or the StepPayload of the section that begins it);
// - a demonstration begins: the same with "demo" (what follows, up to the begin mark, is
//   the lab's; the window's player records it before its first step, since the window
//   grades while the demonstration plays);
// - a session a scripted step opened: a Note event with a SessionOriginPayload (the lab's
//   or the student's, and the session's number).
// A session with no origin mark is the student's when it opened after the student's part
// began, unless its client is a lab agent relaying a message: then it is whoever's message
// it carries. Agent events (queue, delivery, DSN, policy, rewrite, DNS) belong to the
// session or the queue entry that caused them. A timeline without the begin mark (`smtplab
// serve`, the window's free lab) holds no demonstration: all of it is the student's.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/lab/timeline.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {

/// The student_part mark of the student's part.
inline constexpr const char* kStudentPartBegin = "begin";
/// The student_part mark of a demonstration.
inline constexpr const char* kStudentPartDemo = "demo";

/// Which events of a timeline are the student's.
struct StudentScope {
  std::uint64_t part_begin = 0;      ///< seq of the begin mark (0 = none: all is the student's)
  std::uint64_t demo_begin = 0;      ///< seq of the demonstration's mark (0 = none)
  std::set<std::uint64_t> events;    ///< seq of every student event
  std::set<std::uint64_t> sessions;  ///< numbers of the student's sessions
  std::set<std::pair<std::string, std::string>> entries;  ///< (node, queue id) of their mail
  std::set<std::string> files;  ///< file names (Maildir unique names) of their deliveries
};

/// Sorts out a timeline's events by owner.
StudentScope student_scope(const std::vector<TimelineEvent>& events, const TopologySpec& topology);

/// The event that marks the start of the student's part (append it to the timeline).
TimelineEvent student_part_begins();

/// The event that marks the start of a demonstration (value "demo"): until the student's
/// part begins, what follows it is the lab's.
TimelineEvent demonstration_begins();

/// The event that says who opened a session (append it after the session opened).
TimelineEvent session_origin(std::uint64_t session, const std::string& client, bool student,
                             const std::string& via);

}  // namespace smtplab::lab
