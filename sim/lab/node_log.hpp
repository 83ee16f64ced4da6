// A node's log: the timeline events that concern one node, each as one line. The window's
// Log tab (topology view) and `smtplab log NODE` print the same lines.
#pragma once

#include <string>
#include <string_view>

#include "sim/lab/timeline.hpp"

namespace smtplab::lab {

/// True when the event happened on `node` or had `node` as its peer (the client of a
/// session, the node a DNS query came from).
bool concerns_node(const TimelineEvent& event, std::string_view node);

/// One log line: when, what, and the line or summary ("#3 S: 451 ...", "rewrite  sender a
/// -> b"); a multi-line text is cut at its first line break, with an ellipsis.
std::string node_log_line(const TimelineEvent& event);

}  // namespace smtplab::lab
