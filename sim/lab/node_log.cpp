// A node's log lines (see node_log.hpp).
#include "sim/lab/node_log.hpp"

#include <cstdio>

namespace smtplab::lab {

bool concerns_node(const TimelineEvent& event, std::string_view node) {
  return event.node == node || event.peer == node;
}

std::string node_log_line(const TimelineEvent& event) {
  char when[32];
  std::snprintf(when, sizeof when, "%7.2f s  ", event.time);
  std::string what;
  if (event.kind == TimelineKind::Command) {
    what = "C: " + event.text;
  } else if (event.kind == TimelineKind::Reply) {
    what = "S: " + event.text;
  } else {
    what = std::string(timeline_kind_name(event.kind)) + "  " + event.text;
  }
  if (event.session > 0) what = "#" + std::to_string(event.session) + " " + what;
  const auto newline = what.find_first_of("\r\n");
  return when + (newline == std::string::npos ? what : what.substr(0, newline) + " \u2026");
}

}  // namespace smtplab::lab
