// Checkpoint answers read from captures (see capture_answers.hpp).
#include "gui/cli/capture_answers.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "capture/endpoint.hpp"
#include "capture/smtp_dissector.hpp"

namespace smtplab::cli {
namespace {

using lab::FrameAnswer;
using lab::LocalizedText;

FrameAnswer missing(std::string fr, std::string en) {
  return {{}, {std::move(fr), std::move(en)}};
}

/// "127.0.0.1:2525" or "[::1]:25" as the timeline writes a session's ends.
std::optional<capture::Endpoint> endpoint_of(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = text.substr(0, colon);
  const bool v6 = host.starts_with('[');
  if (v6) host = host.substr(1, host.size() - 2);
  const auto address = capture::parse_address(host, v6);
  if (!address) return std::nullopt;
  int port = 0;
  for (const char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port == 0 || port > 65535) return std::nullopt;
  return capture::Endpoint{*address, static_cast<std::uint16_t>(port)};
}

/// The student's sessions that carried `subject` (to `node` when set), in timeline order.
std::vector<const lab::SessionRecord*> carrying(const lab::LabState& state,
                                                const lab::AnswerCondition& c) {
  std::vector<const lab::SessionRecord*> out;
  for (const auto& s : state.sessions()) {
    if (!c.node.empty() && s.node != c.node) continue;
    if (std::find(s.subjects.begin(), s.subjects.end(), c.subject) != s.subjects.end())
      out.push_back(&s);
  }
  return out;
}

/// Stream offset of the session's first MAIL command, from the timeline.
std::optional<std::uint64_t> mail_offset(const lab::LabState& state, std::uint64_t session) {
  for (const auto& e : state.events()) {
    if (e.session == session && e.kind == lab::TimelineKind::Command && e.verb == "MAIL")
      return e.offset;
  }
  return std::nullopt;
}

/// Handshake frames, the first FIN's sender or MAIL FROM's segment, for each session that
/// carried the subject.
FrameAnswer lab_frames(const LabCapture& recorded, const lab::AnswerCondition& c,
                       const lab::LabState& state) {
  const auto sessions = carrying(state, c);
  if (sessions.empty()) {
    return missing(
        "aucune de vos sessions n'a transporté « " + c.subject + " » : envoyez-le d'abord",
        "none of your sessions carried \"" + c.subject + "\": send it first");
  }
  if (!recorded.segments) return {{}, recorded.missing};
  FrameAnswer answer;
  std::string lacking_fr, lacking_en;
  for (const auto* session : sessions) {
    const auto client = endpoint_of(session->client);
    const auto server = endpoint_of(session->server);
    const auto* connection = client && server ? recorded.segments->find(*client, *server) : nullptr;
    const std::string tuple = session->client + " → " + session->server;
    if (!connection) {
      lacking_fr = recorded.name.fr + " ne contient aucune trame de la connexion " + tuple +
                   " qui a transporté « " + c.subject +
                   " » (la capture avait-elle commencé avant l'envoi ?)";
      lacking_en = recorded.name.en + " holds no frame of the connection " + tuple +
                   " that carried \"" + c.subject +
                   "\" (had the capture started before you sent it?)";
      continue;
    }
    if (c.computed == lab::ComputedAnswer::MailFromSegment) {
      // The segment that carries MAIL's first octet, as the frame list shows it.
      const auto offset = mail_offset(state, session->id);
      for (const auto& row : connection->segments) {
        if (offset && row.from_client && row.length > 0 &&
            connection->relative_seq(row) == *offset + 1) {
          answer.values.push_back(std::to_string(*offset + 1) + "," + std::to_string(row.length));
          break;
        }
      }
    } else if (c.computed == lab::ComputedAnswer::HandshakeFrames) {
      if (connection->handshake_ack == 0) {
        lacking_fr = recorded.name.fr +
                     " n'a pas toute l'ouverture (SYN, SYN-ACK, ACK) de la connexion " + tuple;
        lacking_en = recorded.name.en +
                     " lacks part of the opening (SYN, SYN-ACK, ACK) of the connection " + tuple;
        continue;
      }
      answer.values.push_back(std::to_string(connection->syn) + "," +
                              std::to_string(connection->syn_ack) + "," +
                              std::to_string(connection->handshake_ack));
    } else {
      if (connection->first_fin == 0) {
        lacking_fr = recorded.name.fr + " ne contient aucun FIN de la connexion " + tuple +
                     " (la session s'est-elle terminée par QUIT ?)";
        lacking_en = recorded.name.en + " holds no FIN of the connection " + tuple +
                     " (did the session end with QUIT?)";
        continue;
      }
      answer.values.push_back(capture::to_string(connection->first_fin_from.address));
    }
  }
  if (answer.values.empty()) answer.missing = {lacking_fr, lacking_en};
  return answer;
}

/// The answer to a question about the capture file `file`, from its analysis.
FrameAnswer file_answer(const lab::AnswerCondition& c, const std::filesystem::path& file,
                        const std::optional<CaptureFileAnswers>& answers,
                        const std::string& error) {
  if (!answers) {
    return missing("la capture " + file.string() + " est illisible : " + error,
                   "the capture " + file.string() + " cannot be read: " + error);
  }
  switch (c.computed) {
    case lab::ComputedAnswer::CaptureSessions:
      return {{std::to_string(answers->sessions)}, {}};
    case lab::ComputedAnswer::CaptureClearUser:
      if (answers->clear_users.empty())
        return missing("personne ne s'authentifie en clair dans " + file.string(),
                       "nobody authenticates in clear in " + file.string());
      return {answers->clear_users, {}};
    case lab::ComputedAnswer::CaptureSmuggling: {
      if (answers->smuggling.empty())
        return missing("aucune tentative de smuggling dans " + file.string(),
                       "no smuggling attempt in " + file.string());
      FrameAnswer out;
      for (const std::size_t n : answers->smuggling) out.values.push_back(std::to_string(n));
      return out;
    }
    default:
      return missing("pas une question sur un fichier de capture",
                     "not a question about a capture file");
  }
}

}  // namespace

class CaptureFileCache {
 public:
  FrameAnswer answer(const lab::AnswerCondition& c, const std::filesystem::path& file) {
    std::lock_guard lock(mutex_);
    auto it = files_.find(file);
    if (it == files_.end()) {
      Read read;
      if (auto analysis = capture::analyze_capture_file(file.string(), read.error))
        read.answers = capture_file_answers(*analysis);
      it = files_.emplace(file, std::move(read)).first;
    }
    return file_answer(c, file, it->second.answers, it->second.error);
  }

 private:
  struct Read {
    std::optional<CaptureFileAnswers> answers;
    std::string error;
  };
  std::mutex mutex_;
  std::map<std::filesystem::path, Read> files_;
};

std::shared_ptr<CaptureFileCache> make_capture_file_cache() {
  return std::make_shared<CaptureFileCache>();
}

LabCapture read_lab_capture(const std::filesystem::path& file) {
  LabCapture recorded;
  recorded.name = {"la capture " + file.string(), "the capture " + file.string()};
  std::string error;
  // Segments without their text: a lab left running for hours may capture a lot.
  auto log = capture::read_segment_log(file.string(), error, true, false);
  if (!log) {
    recorded.missing = {"la capture du lab " + file.string() + " est illisible : " + error,
                        "the lab's capture " + file.string() + " cannot be read: " + error};
    return recorded;
  }
  recorded.segments = std::make_shared<const capture::SegmentLog>(std::move(*log));
  return recorded;
}

std::filesystem::path capture_note_path(const std::filesystem::path& state_dir) {
  return state_dir / "capture.txt";
}

CaptureFileAnswers capture_file_answers(const capture::CaptureAnalysis& analysis) {
  CaptureFileAnswers out;
  out.sessions = analysis.sessions.size();
  for (std::size_t i = 0; i < analysis.sessions.size(); ++i) {
    const capture::SmtpSession& session = analysis.sessions[i];
    for (const auto& credentials : session.credentials) {
      if (std::find(out.clear_users.begin(), out.clear_users.end(), credentials.user) ==
          out.clear_users.end())
        out.clear_users.push_back(credentials.user);
    }
    const bool smuggling = std::any_of(session.notes.begin(), session.notes.end(), [](auto& n) {
      return n.id == capture::NoteId::SmtpSmuggling;
    });
    if (smuggling) out.smuggling.push_back(i + 1);
  }
  return out;
}

lab::FrameAnswerSource capture_answer_source(std::function<LabCapture()> recorded,
                                             std::filesystem::path scenario_dir,
                                             std::shared_ptr<CaptureFileCache> files) {
  if (!files) files = make_capture_file_cache();
  // The lab's capture is read at the first question about it, and only then.
  struct Lazy {
    std::once_flag once;
    std::function<LabCapture()> make;
    LabCapture capture;
  };
  auto lazy = std::make_shared<Lazy>();
  lazy->make = std::move(recorded);
  return [lazy, files, dir = std::move(scenario_dir)](const lab::AnswerCondition& c,
                                                      const lab::LabState& state) -> FrameAnswer {
    switch (c.computed) {
      case lab::ComputedAnswer::HandshakeFrames:
      case lab::ComputedAnswer::FirstFin:
      case lab::ComputedAnswer::MailFromSegment:
        std::call_once(lazy->once, [&] { lazy->capture = lazy->make(); });
        return lab_frames(lazy->capture, c, state);
      case lab::ComputedAnswer::CaptureSessions:
      case lab::ComputedAnswer::CaptureClearUser:
      case lab::ComputedAnswer::CaptureSmuggling:
        return files->answer(c, dir / c.capture);
      default:
        return missing("pas une question sur une capture", "not a question about a capture");
    }
  };
}

}  // namespace smtplab::cli
