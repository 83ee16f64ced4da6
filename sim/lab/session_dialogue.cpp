// Sessions from the timeline: commands and replies paired in order.
#include "sim/lab/session_dialogue.hpp"

#include <deque>
#include <map>

namespace smtplab::lab {

std::vector<SessionRecord> rebuild_sessions(const std::vector<TimelineEvent>& events) {
  std::vector<SessionRecord> sessions;
  std::map<std::uint64_t, std::size_t> index;  // session id -> position in `sessions`
  // Exchanges still waiting for their reply, per session, oldest first.
  std::map<std::uint64_t, std::deque<std::size_t>> waiting;
  // The server read that carried each session's previous command (0 = none yet).
  std::map<std::uint64_t, std::uint64_t> previous_read;
  for (const auto& e : events) {
    if (e.session == 0) continue;
    auto found = index.find(e.session);
    if (found == index.end()) {
      SessionRecord record;
      record.id = e.session;
      record.node = e.node;
      found = index.emplace(e.session, sessions.size()).first;
      sessions.push_back(std::move(record));
    }
    SessionRecord& s = sessions[found->second];
    auto& queue = waiting[e.session];
    switch (e.kind) {
      case TimelineKind::SessionOpened: {
        s.peer = e.peer;
        s.client = e.client;
        s.server = e.server;
        if (const auto* opened = e.details<SessionOpenedPayload>()) s.listener = opened->listener;
        break;
      }
      case TimelineKind::Command:
      case TimelineKind::MessageData: {
        DialogueExchange x;
        x.content = e.kind == TimelineKind::MessageData;
        x.verb = x.content ? "" : e.verb;
        x.command = x.content ? "" : e.text;
        x.tls_epoch = e.tls_epoch;
        x.pipelined = !queue.empty();
        // RFC 2920 §3.1: a pipelined batch is one write; the server sees it in one read.
        auto& previous = previous_read[e.session];
        x.same_read = e.batch != 0 && e.batch == previous;
        previous = e.batch;
        queue.push_back(s.exchanges.size());
        s.exchanges.push_back(std::move(x));
        break;
      }
      case TimelineKind::Reply: {
        DialogueExchange* x = nullptr;
        if (queue.empty()) {
          DialogueExchange banner;
          banner.banner = true;
          banner.tls_epoch = e.tls_epoch;
          s.exchanges.push_back(std::move(banner));
          x = &s.exchanges.back();
        } else {
          x = &s.exchanges[queue.front()];
          queue.pop_front();
        }
        x->code = e.code;
        x->enhanced = e.enhanced;
        x->reply = e.text;
        x->multiline = e.text.find('\n') != std::string::npos;
        break;
      }
      case TimelineKind::Note: {
        if (const auto* transaction = e.details<TransactionPayload>())
          s.subjects.push_back(transaction->subject);
        break;
      }
      default:
        break;
    }
  }
  return sessions;
}

}  // namespace smtplab::lab
