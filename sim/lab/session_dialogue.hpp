// SMTP sessions rebuilt from the timeline: each command paired with the reply it got
// (replies come back in command order, RFC 2920), the banner as a reply without a
// command, whether a command was pipelined (sent before the previous one's reply) and
// whether it arrived in the same server read as the previous one (same_segment checks).
// Checkpoint conditions (dialogue, reply, session) read sessions in this form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/lab/timeline.hpp"

namespace smtplab::lab {

/// One exchange of a session: a command (or the banner) and its reply.
struct DialogueExchange {
  bool banner = false;     ///< a reply no command asked for (the 220 greeting, a 421)
  std::string verb;        ///< command verb ("MAIL"), "" for the banner or message content
  std::string command;     ///< the command line as sent ("" for the banner)
  bool content = false;    ///< the message content after DATA (its reply is the final one)
  int code = 0;            ///< reply code, 0 when no reply came
  std::string enhanced;    ///< the reply's enhanced status code ("5.7.1"), when it had one
  std::string reply;       ///< reply text (lines joined with \n)
  bool multiline = false;  ///< the reply had several lines
  unsigned tls_epoch = 0;  ///< 0 cleartext, 1 inside TLS
  bool pipelined = false;  ///< sent before the previous command's reply arrived
  bool same_read = false;  ///< arrived in the same server read as the previous command
};

/// One SMTP session as seen by its server node.
struct SessionRecord {
  std::uint64_t id = 0;
  std::string node;      ///< server node id
  std::string peer;      ///< client node id, empty when the client is not a node
  std::string client;    ///< "ip:port"
  std::string server;    ///< "ip:port"
  std::string listener;  ///< "smtp", "submission", "smtps"
  std::vector<DialogueExchange> exchanges;
  std::vector<std::string> subjects;  ///< decoded subjects of the messages it carried
};

/// Every session of a timeline, in order of opening.
std::vector<SessionRecord> rebuild_sessions(const std::vector<TimelineEvent>& events);

}  // namespace smtplab::lab
