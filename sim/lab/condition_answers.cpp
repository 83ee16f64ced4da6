// Answers computed from what really happened in the lab (the client address of a
// session, the path of a message, where MAIL FROM sits in its stream). Answers that need
// the frames of a capture (handshake frame numbers, FIN, a capture file's sessions) come
// from the frame source the caller plugs into the GradingContext: sim/ reads no capture.
#include <algorithm>

#include "sim/lab/condition_evaluator.hpp"
#include "sim/message/header.hpp"
#include "sim/message/mime.hpp"
#include "sim/message/trace.hpp"

namespace smtplab::lab {
namespace {

/// The sessions that carried the message with `subject` (to `node` when set).
std::vector<const SessionRecord*> carrying(const LabState& state, const std::string& subject,
                                           const std::string& node) {
  std::vector<const SessionRecord*> out;
  for (const auto& s : state.sessions()) {
    if (!node.empty() && s.node != node) continue;
    if (std::find(s.subjects.begin(), s.subjects.end(), subject) != s.subjects.end())
      out.push_back(&s);
  }
  return out;
}

/// Node ids from the Received chain of the delivered message with `subject`, first hop first.
std::optional<std::string> path_nodes(const LabState& state, const std::string& subject) {
  for (const auto& e : state.events()) {
    if (e.kind != TimelineKind::Delivered) continue;
    const auto stored = state.delivered_message(e);
    if (!stored) continue;
    const auto root = message::parse_message(stored->raw);
    if (message::decoded_subject(root) != subject) continue;
    std::string out;
    const auto received = root.headers().find_all("Received");
    for (auto it = received.rbegin(); it != received.rend(); ++it) {
      const auto info = message::parse_received(message::unfold((*it)->raw_value));
      const std::string id = state.node_of_host(info.by);
      out += (out.empty() ? "" : ",") + (id.empty() ? info.by : id);
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace

bool needs_frames(ComputedAnswer computed) {
  switch (computed) {
    case ComputedAnswer::HandshakeFrames:
    case ComputedAnswer::FirstFin:
    case ComputedAnswer::CaptureSessions:
    case ComputedAnswer::CaptureClearUser:
    case ComputedAnswer::CaptureSmuggling:
      return true;
    case ComputedAnswer::None:
    case ComputedAnswer::ClientAddress:
    case ComputedAnswer::PathNodes:
    case ComputedAnswer::MailFromSegment:
      return false;
  }
  return false;
}

bool frames_may_add(ComputedAnswer computed) {
  return computed == ComputedAnswer::MailFromSegment;
}

std::optional<std::string> computed_answer(const AnswerCondition& c, const LabState& state) {
  switch (c.computed) {
    case ComputedAnswer::None:
      return std::nullopt;
    case ComputedAnswer::ClientAddress: {
      const auto sessions = carrying(state, c.subject, c.node);
      if (sessions.empty()) return std::string("(no session carried \"" + c.subject + "\")");
      const auto& client = sessions.front()->client;
      return client.substr(0, client.rfind(':'));
    }
    case ComputedAnswer::PathNodes: {
      const auto path = path_nodes(state, c.subject);
      return path ? *path : std::string("(\"" + c.subject + "\" was not delivered)");
    }
    case ComputedAnswer::MailFromSegment: {
      // A relative TCP sequence number starts at 1 for the first octet of the stream.
      for (const auto* s : carrying(state, c.subject, c.node)) {
        for (const auto& e : state.events()) {
          if (e.session == s->id && e.kind == TimelineKind::Command && e.verb == "MAIL") {
            return std::to_string(e.offset + 1) + "," + std::to_string(e.length);
          }
        }
      }
      return std::string("(no MAIL FROM for \"" + c.subject + "\")");
    }
    case ComputedAnswer::HandshakeFrames:
    case ComputedAnswer::FirstFin:
    case ComputedAnswer::CaptureSessions:
    case ComputedAnswer::CaptureClearUser:
    case ComputedAnswer::CaptureSmuggling:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> model_answer(const AnswerCondition& c, const LabState& state,
                                        const GradingContext& context) {
  if (needs_frames(c.computed)) {
    if (!context.frame_answers) return std::nullopt;
    const FrameAnswer frames = context.frame_answers(c, state);
    if (frames.values.empty()) return std::nullopt;
    return frames.values.front();
  }
  if (c.computed != ComputedAnswer::None) return computed_answer(c, state);
  if (c.accept.empty()) return std::nullopt;
  return c.accept.front();
}

}  // namespace smtplab::lab
