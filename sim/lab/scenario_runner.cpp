// The scenario runner.
//
// [SECTIONS] helpers · steps · sends · raw clients · faults and clock · waits · console ·
// quizzes · checkpoints · recording
#include "sim/lab/scenario_runner.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "sim/lab/quiz_grading.hpp"
#include "sim/lab/scenario_client.hpp"
#include "sim/lab/student_scope.hpp"
#include "sim/message/address.hpp"
#include "sim/message/ascii.hpp"
#include "sim/message/builder.hpp"

namespace smtplab::lab {
namespace {

// ---------------------------------------------------------------------------------------
// [SECTION] helpers

LocalizedText both(const std::string& fr, const std::string& en) {
  return {fr, en};
}

bool expectation_met(const ReplyExpectation& expect, int code) {
  if (expect.empty()) return true;
  return std::any_of(expect.begin(), expect.end(),
                     [&](const ReplyPattern& p) { return p.matches(code); });
}

std::string patterns(const ReplyExpectation& expect) {
  std::string out;
  for (const auto& p : expect) out += (out.empty() ? "" : "/") + p.pattern;
  return out;
}

message::Address address(const std::string& text) {
  const auto list = message::parse_address_list(text);
  if (list.addresses.empty()) return {"", text, "", ""};
  return list.addresses.front();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string guess_type(const std::string& name) {
  const auto dot = name.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : message::to_lower(name.substr(dot + 1));
  if (ext == "txt") return "text/plain";
  if (ext == "html" || ext == "htm") return "text/html";
  if (ext == "pdf") return "application/pdf";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  return "application/octet-stream";
}

TimelineKind timeline_kind(EventKind kind) {
  switch (kind) {
    case EventKind::SessionOpened:
      return TimelineKind::SessionOpened;
    case EventKind::SessionClosed:
      return TimelineKind::SessionClosed;
    case EventKind::ConnectFailed:
      return TimelineKind::Note;
    case EventKind::Command:
      return TimelineKind::Command;
    case EventKind::Reply:
      return TimelineKind::Reply;
    case EventKind::Queued:
      return TimelineKind::Queued;
    case EventKind::Deferred:
      return TimelineKind::Deferred;
    case EventKind::Delivered:
      return TimelineKind::Delivered;
    case EventKind::Bounced:
      return TimelineKind::Bounced;
    case EventKind::DnsQuery:
      return TimelineKind::DnsQuery;
    case EventKind::Rewrite:
      return TimelineKind::Rewrite;
    case EventKind::Policy:
      return TimelineKind::Policy;
    case EventKind::Fault:
      return TimelineKind::Fault;
  }
  return TimelineKind::Note;
}

bool event_matches(const TimelineEvent& e, const WaitStep& w, const LabState& state) {
  if (e.kind != timeline_kind(w.event)) return false;
  const auto* connect_failed = e.details<ConnectFailedPayload>();
  if (w.event == EventKind::ConnectFailed && !connect_failed) return false;
  const auto& f = w.where;
  if (connect_failed && w.event == EventKind::ConnectFailed) {
    if (!f.node.empty() && connect_failed->to_node != f.node) return false;
    if (!f.from_node.empty() && e.node != f.from_node) return false;
  } else {
    if (!f.node.empty() && e.node != f.node) return false;
    if (!f.from_node.empty() && e.peer != f.from_node) return false;
  }
  if (!f.mailbox.empty() &&
      state.addresses_of(e).find(message::to_lower(f.mailbox)) == std::string::npos)
    return false;
  if (!f.verb.empty() && message::to_lower(e.verb) != message::to_lower(f.verb)) return false;
  if (f.code && !f.code->matches(e.code)) return false;
  if (!f.subject.empty() && state.subject_of(e) != f.subject) return false;
  return true;
}

}  // namespace

LocalizedText section_heading(const SectionStep& section) {
  static const char* const fr[] = {"Introduction", "Démonstration", "Travaux pratiques", "Quiz"};
  static const char* const en[] = {"Introduction", "Demonstration", "Hands-on lab", "Quiz"};
  const auto k = static_cast<std::size_t>(section.kind);
  return {std::string(fr[k]) + (section.title.fr.empty() ? "" : " : " + section.title.fr),
          std::string(en[k]) + (section.title.en.empty() ? "" : ": " + section.title.en)};
}

bool lab_plays(const StepSpec& step) {
  return !std::holds_alternative<ConsoleStep>(step.step) &&
         !std::holds_alternative<QuizStep>(step.step) &&
         !std::holds_alternative<CheckpointStep>(step.step);
}

std::string step_kind_name(const StepSpec& step) {
  static const char* const names[] = {"section", "say",        "console", "send",
                                      "client",  "fault",      "clock",   "wait",
                                      "quiz",    "checkpoint", "postconf"};
  static_assert(std::size(names) == std::variant_size_v<decltype(StepSpec::step)>);
  return names[step.step.index()];
}

ScenarioRunner::ScenarioRunner(const ScenarioSpec& scenario, LabRuntime& lab, RunOptions options)
    : scenario_(scenario),
      lab_(lab),
      options_(std::move(options)),
      scenario_dir_(std::filesystem::path(scenario.origin.file).parent_path()) {}

// ---------------------------------------------------------------------------------------
// [SECTION] steps

RunReport ScenarioRunner::run() {
  RunReport report;
  for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
    StepResult result = play_step(i);
    if (result.kind == "checkpoint") {
      if (result.outcome == StepOutcome::Passed) ++report.checkpoints_passed;
      if (result.outcome == StepOutcome::Failed) ++report.checkpoints_failed;
      if (result.outcome == StepOutcome::Unavailable) ++report.checkpoints_unavailable;
    } else if (result.kind == "quiz") {
      if (result.outcome == StepOutcome::Passed) ++report.quiz_right;
      if (result.outcome == StepOutcome::Failed) ++report.quiz_wrong;
    } else if (result.outcome == StepOutcome::Failed) {
      ++report.step_failures;
    }
    report.steps.push_back(std::move(result));
  }
  return report;
}

StepResult ScenarioRunner::play_step(std::size_t index) {
  StepResult result = play(scenario_.steps.at(index), index);
  record(result);
  return result;
}

StepResult ScenarioRunner::play(const StepSpec& step, std::size_t index) {
  StepResult result;
  result.index = index;
  result.kind = step_kind_name(step);
  result.origin = step.origin;
  const auto from_outcome = [&](const Outcome& o) {
    result.outcome = o.ok ? StepOutcome::Done : StepOutcome::Failed;
    result.text = o.text;
    return result;
  };
  return std::visit(
      [&](const auto& s) -> StepResult {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, SectionStep>) {
          const LocalizedText name = section_heading(s);
          result.text = both("== " + name.fr, "== " + name.en);
          // From here on the timeline is the student's: checkpoints grade only what
          // follows (student_scope.hpp), so the demonstration cannot pass them.
          // A demonstration's own: the window grades while it plays (student_scope.hpp).
          if (s.kind == SectionKind::Demonstration) result.student_part = kStudentPartDemo;
          if (s.kind == SectionKind::Lab) {
            result.student_part = kStudentPartBegin;
            // The students start on a clean lab: a fault the demonstration left armed
            // would answer for it in their sessions.
            if (!active_faults_.empty()) {
              for (auto it = active_faults_.rbegin(); it != active_faults_.rend(); ++it)
                lab_.clear(*it);
              active_faults_.clear();
              result.text.fr += " (pannes de la démonstration réparées)";
              result.text.en += " (the demonstration's faults are cleared)";
            }
          }
          return result;
        } else if constexpr (std::is_same_v<T, SayStep>) {
          result.text = s.text;
          return result;
        } else if constexpr (std::is_same_v<T, ConsoleStep>) {
          StepResult r = console(s);
          r.index = index, r.kind = result.kind, r.origin = step.origin;
          return r;
        } else if constexpr (std::is_same_v<T, QuizStep>) {
          StepResult r = quiz(s);
          r.index = index, r.kind = result.kind, r.origin = step.origin;
          return r;
        } else if constexpr (std::is_same_v<T, CheckpointStep>) {
          StepResult r = checkpoint(s);
          r.index = index, r.kind = result.kind, r.origin = step.origin;
          return r;
        } else {
          return from_outcome(act(s));
        }
      },
      step.step);
}

ScenarioRunner::Outcome ScenarioRunner::act(const decltype(ActionSpec::action)& action) {
  return std::visit(
      [&](const auto& a) -> Outcome {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SendStep>)
          return send(a);
        else if constexpr (std::is_same_v<T, ClientStep>)
          return client(a);
        else if constexpr (std::is_same_v<T, FaultStep>)
          return fault(a);
        else if constexpr (std::is_same_v<T, ClockStep>)
          return clock(a);
        else if constexpr (std::is_same_v<T, PostconfStep>)
          return postconf(a);
        else
          return wait(a);
      },
      action);
}

// ---------------------------------------------------------------------------------------
// [SECTION] sends

ScenarioRunner::Outcome ScenarioRunner::send(const SendStep& step) {
  const NodeSpec* mua = lab_.topology().find_node(step.mua);
  if (!mua) return {false, both("pas de nœud " + step.mua, "no node " + step.mua)};
  std::string from = step.from;
  if (from.empty()) {
    // The MUA's user at its own domain (its host name without the machine label).
    const std::string host = mua->hostname.empty() ? mua->id : mua->hostname;
    const auto dot = host.find('.');
    const std::string user = mua->submit.user.empty() ? "user" : mua->submit.user;
    from = user.find('@') != std::string::npos
               ? user
               : user + "@" + (dot == std::string::npos ? host : host.substr(dot + 1));
  }
  message::MessageBuilder builder;
  const auto author = address(from);
  builder.from(author);
  for (const auto& to : step.to) builder.to(address(to));
  for (const auto& cc : step.cc) builder.cc(address(cc));
  builder.subject(step.subject);
  builder.text(step.body.empty() ? "\n" : step.body);
  for (const auto& [name, value] : step.headers) builder.header(name, value);
  for (const auto& a : step.attachments) {
    const std::string data = a.file.empty() ? a.content : read_file(scenario_dir_ / a.file);
    builder.attach({a.name, a.content_type.empty() ? guess_type(a.name) : a.content_type, data});
  }
  protocol::OutgoingMessage outgoing;
  outgoing.reverse_path = step.envelope.mail_from ? *step.envelope.mail_from : author.addr_spec();
  if (!step.envelope.rcpt_to.empty()) {
    outgoing.recipients = step.envelope.rcpt_to;
  } else {
    for (const auto* list : {&step.to, &step.cc, &step.bcc}) {
      for (const auto& r : *list) outgoing.recipients.push_back(address(r).addr_spec());
    }
  }
  std::istringstream params(step.envelope.rcpt_params);
  for (std::string p; params >> p;) outgoing.rcpt_parameters.push_back(p);
  outgoing.content = builder.build();
  std::vector<protocol::MessageResult> results;
  const std::uint64_t since = lab_.timeline().size();
  const NodeSpec* msa = lab_.topology().find_node(mua->submit.server);
  const auto ours = [&](const TimelineEvent& e) {
    return msa && e.node == msa->id && e.client.starts_with(mua->address + ":");
  };
  try {
    // The MUA's own path, as `smtplab send` and the compose panel take it: a real
    // submission session from the MUA's address.
    results = lab_.submit(step.mua, std::move(outgoing));
  } catch (const std::exception& e) {
    mark_sessions(since, ours, "send");
    return {false, both(std::string("envoi impossible : ") + e.what(),
                        std::string("cannot send: ") + e.what())};
  }
  mark_sessions(since, ours, "send");
  const int code =
      results.empty() || !results.front().final_reply ? 0 : results.front().final_reply->code;
  std::string refused;
  for (const auto& r :
       results.empty() ? std::vector<protocol::RecipientResult>{} : results.front().recipients) {
    if (r.outcome != protocol::RecipientResult::Outcome::Delivered) {
      refused += " " + r.address + " (" + std::to_string(r.reply.code) + ")";
    }
  }
  const bool ok =
      step.expect.empty() ? code / 100 == 2 && refused.empty() : expectation_met(step.expect, code);
  const std::string subject = "\"" + step.subject + "\"";
  if (!ok) {
    return {false, both(step.mua + " envoie " + subject + " : réponse finale " +
                            std::to_string(code) + (refused.empty() ? "" : ", refusés :" + refused),
                        step.mua + " sends " + subject + ": final reply " + std::to_string(code) +
                            (refused.empty() ? "" : ", refused:" + refused))};
  }
  return {true, both(step.mua + " envoie " + subject + " (" + std::to_string(code) + ")",
                     step.mua + " sends " + subject + " (" + std::to_string(code) + ")")};
}

// ---------------------------------------------------------------------------------------
// [SECTION] raw clients

ScenarioRunner::Outcome ScenarioRunner::client(const ClientStep& step) {
  const std::uint64_t since = lab_.timeline().size();
  std::string local;
  Outcome outcome = dialogue(step, local);
  mark_sessions(
      since, [&](const TimelineEvent& e) { return !local.empty() && e.client == local; }, "client");
  return outcome;
}

ScenarioRunner::Outcome ScenarioRunner::dialogue(const ClientStep& step, std::string& local) {
  const NodeSpec* server = lab_.topology().find_node(step.to);
  if (!server) return {false, both("pas de nœud " + step.to, "no node " + step.to)};
  const NodeSpec* from = step.from.empty() ? nullptr : lab_.topology().find_node(step.from);
  const std::string source = from ? from->address : step.from;  // a node, or an address
  std::string log;                                              // "C: ... / S: ..." for the report
  const auto fail = [&](const std::string& fr, const std::string& en) {
    return Outcome{false, both(step.to + " : " + fr + log, step.to + ": " + en + log)};
  };
  try {
    RawSmtpClient c(server->address, lab_.port(step.to, step.port), source,
                    std::chrono::seconds(10));
    local = c.local();
    // RFC 8314 §3: on the smtps port TLS comes first, before the greeting.
    if (step.port == "smtps") c.start_tls();
    const auto expect_reply = [&](const ReplyExpectation& expect,
                                  const std::string& what) -> std::optional<Outcome> {
      const auto r = c.read_reply();
      if (!r) return fail("pas de réponse à " + what, "no reply to " + what);
      log += " [" + what + " \u2192 " + std::to_string(r->code) + "]";
      if (!expectation_met(expect, r->code)) {
        return fail(what + " a reçu " + std::to_string(r->code) + " au lieu de " + patterns(expect),
                    what + " got " + std::to_string(r->code) + " instead of " + patterns(expect));
      }
      return std::nullopt;
    };
    if (step.expect_banner) {
      if (auto bad = expect_reply({ReplyPattern{"220"}}, "(banner)")) return *bad;
    }
    for (const auto& line : step.lines) {
      switch (line.kind) {
        case ClientLineSpec::Kind::Send: {
          std::string batch;
          for (const auto& l : line.lines) batch += l + "\r\n";
          c.write(batch);  // one write: a pipelined batch travels in one segment
          for (std::size_t i = 0; i < line.lines.size(); ++i) {
            const ReplyExpectation expect =
                i < line.expect.size() ? line.expect[i] : ReplyExpectation{};
            if (auto bad = expect_reply(expect, line.lines[i])) return *bad;
          }
          break;
        }
        case ClientLineSpec::Kind::Data:
          c.write(stuffed_data(line.text));
          if (auto bad = expect_reply(
                  line.expect.empty() ? ReplyExpectation{} : line.expect.front(), "(data)")) {
            return *bad;
          }
          break;
        case ClientLineSpec::Kind::RawData: {
          std::string raw;
          std::istringstream in(line.text);
          for (std::string l; std::getline(in, l);) raw += l + "\r\n";
          c.write(raw);
          for (const auto& e : line.expect) {
            if (auto bad = expect_reply(e, "(raw)")) return *bad;
          }
          break;
        }
        case ClientLineSpec::Kind::Expect:
          for (const auto& e : line.expect) {
            if (auto bad = expect_reply(e, "(read)")) return *bad;
          }
          break;
        case ClientLineSpec::Kind::StartTls:
          // After the 220 to STARTTLS (RFC 3207 §4): the handshake, then a fresh EHLO.
          c.start_tls();
          log += " [TLS]";
          break;
      }
    }
    if (step.quit) {
      c.write("QUIT\r\n");
      if (auto bad = expect_reply({ReplyPattern{"221"}}, "QUIT")) return *bad;
    }
  } catch (const std::exception& e) {
    return fail(e.what(), e.what());
  }
  // Let the server record the end of the session before the next step looks at it.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  return {true, both("dialogue avec " + step.to + log, "dialogue with " + step.to + log)};
}

// ---------------------------------------------------------------------------------------
// [SECTION] faults and clock

ScenarioRunner::Outcome ScenarioRunner::fault(const FaultStep& step) {
  if (!step.inject && step.kind == FaultKind::All) {
    for (auto it = active_faults_.rbegin(); it != active_faults_.rend(); ++it) lab_.clear(*it);
    active_faults_.clear();
    return {true, both("toutes les pannes sont réparées", "every fault is cleared")};
  }
  Fault f;
  f.node = step.node;
  switch (step.kind) {
    case FaultKind::NodeDown:
    case FaultKind::Refuse:
      f.kind = Fault::Kind::NodeDown;
      break;
    case FaultKind::DelayReplies:
      f.kind = Fault::Kind::DelayReplies, f.delay_ms = step.delay_ms;
      break;
    case FaultKind::ReplyToVerb:
      f.kind = Fault::Kind::ReplyToVerb, f.verb = step.verb, f.code = step.code, f.text = step.text,
      f.times = step.times;
      break;
    case FaultKind::FillMailbox:
      f.kind = Fault::Kind::FillMailbox, f.target = step.mailbox;
      break;
    case FaultKind::BreakDns:
      f.kind = Fault::Kind::BreakDns, f.target = step.domain;
      f.dns = step.dns_mode == DnsFaultMode::NxDomain  ? agents::DnsBreak::NxDomain
              : step.dns_mode == DnsFaultMode::Timeout ? agents::DnsBreak::Timeout
                                                       : agents::DnsBreak::ServFail;
      break;
    case FaultKind::ModifyBody:
      f.kind = Fault::Kind::ModifyBody;
      break;
    case FaultKind::DropData:
      f.kind = Fault::Kind::DropData, f.after_bytes = step.after_bytes;
      break;
    case FaultKind::StripStartTls:
      f.kind = Fault::Kind::StripStartTls;
      break;
    case FaultKind::All:
      return {false, both("« all » ne sert qu'à tout réparer (clear: all)",
                          "'all' only clears every fault (clear: all)")};
  }
  if (step.inject) {
    lab_.inject(f);
    active_faults_.push_back(f);
  } else {
    lab_.clear(f);
    std::erase_if(active_faults_,
                  [&](const Fault& a) { return a.kind == f.kind && a.node == f.node; });
  }
  // English is the timeline's own note (lab_runtime.cpp says the fault and its clearing);
  // French is said here from the fault itself, since that note is English only.
  const auto events = lab_.timeline().snapshot();
  const std::string en = events.empty() ? "" : events.back().text;
  const std::string on = f.node.empty() ? f.target : f.node;
  std::string fr;
  switch (f.kind) {
    case Fault::Kind::NodeDown:
    case Fault::Kind::Refuse:  // played as NodeDown (above)
      fr = on + " est arrêté : ses connexions sont refusées";
      break;
    case Fault::Kind::ReplyToVerb:
      fr = on + " répond " + std::to_string(f.code) + " à " + f.verb;
      break;
    case Fault::Kind::DelayReplies:
      fr = on + " attend " + std::to_string(f.delay_ms) + " ms avant chaque réponse";
      break;
    case Fault::Kind::ModifyBody:
      fr = on + " ajoute un pied de page au corps de ce qu'il relaie";
      break;
    case Fault::Kind::StripStartTls:
      fr = "un intermédiaire retire STARTTLS de la réponse EHLO de " + on;
      break;
    case Fault::Kind::DropData:
      fr = on + " coupe la connexion pendant DATA (messages de plus de " +
           std::to_string(f.after_bytes) + " octets)";
      break;
    case Fault::Kind::BreakDns:
      fr = "DNS en panne pour " + (on.empty() ? std::string("tous les noms") : on);
      break;
    case Fault::Kind::FillMailbox:
      fr = "la boîte " + on + " est pleine";
      break;
    case Fault::Kind::All:  // cleared above
      break;
  }
  return {true, both(step.inject ? "panne : " + fr : "fin de la panne « " + fr + " »",
                     (step.inject ? "fault: " : "cleared: ") + en)};
}

ScenarioRunner::Outcome ScenarioRunner::clock(const ClockStep& step) {
  if (step.speed) lab_.clock().set_speed(*step.speed);
  if (step.advance) lab_.clock().advance(static_cast<double>(*step.advance));
  const std::string s = std::to_string(step.advance.value_or(0));
  return {true, both("horloge simulée : +" + s + " s", "simulated clock: +" + s + " s")};
}

ScenarioRunner::Outcome ScenarioRunner::postconf(const PostconfStep& step) {
  agents::MtaAgent* agent = lab_.agent(step.node);
  if (!agent) return {false, both("pas de serveur " + step.node, "no server node " + step.node)};
  agent->postconf(step.set);
  return {true, both("main.cf de " + step.node + " : " + step.set,
                     step.node + "'s main.cf: " + step.set)};
}

// ---------------------------------------------------------------------------------------
// [SECTION] waits

ScenarioRunner::Outcome ScenarioRunner::wait(const WaitStep& step) {
  const double deadline = lab_.clock().now() + static_cast<double>(step.timeout);
  // Real sessions take real milliseconds however fast simulated time runs: wait at
  // least this long before calling it a timeout.
  const auto real_floor = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (;;) {
    const LabState state = LabState::from_runtime(lab_);
    for (const auto& e : state.events()) {
      if (e.seq <= wait_mark_ || !event_matches(e, step, state)) continue;
      wait_mark_ = e.seq;
      // The event's note is English: French names the event's kind, quoted as a keyword.
      return {true, both("arrivé : « " + std::string(timeline_kind_name(e.kind)) + " »" +
                             (e.node.empty() ? "" : " (" + e.node + ")"),
                         "waited for: " + e.text)};
    }
    if (lab_.clock().now() > deadline && std::chrono::steady_clock::now() > real_floor) break;
    if (options_.cancelled && options_.cancelled()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  const std::string what = std::string(timeline_kind_name(timeline_kind(step.event)));
  return {
      false,
      both("rien de tel (" + what + ") après " + std::to_string(step.timeout) + " s simulées",
           "no such event (" + what + ") within " + std::to_string(step.timeout) + " simulated s")};
}

// ---------------------------------------------------------------------------------------
// [SECTION] console

StepResult ScenarioRunner::console(const ConsoleStep& step) {
  StepResult result;
  if (!options_.answers || console_line_ >= options_.answers->console.size()) {
    result.outcome = StepOutcome::Skipped;
    result.text = both("console vers " + step.to + " : personne ne tape (sauté)",
                       "console to " + step.to + ": nobody types (skipped)");
    return result;
  }
  const NodeSpec* server = lab_.topology().find_node(step.to);
  const NodeSpec* from = step.from.empty() ? nullptr : lab_.topology().find_node(step.from);
  std::vector<int> codes;
  const std::uint64_t since = lab_.timeline().size();
  std::string local;
  // The student typed these lines: their session, whatever part of the lesson this is.
  const bool was_for_student = for_student_;
  for_student_ = true;
  const auto mark = [&] {
    mark_sessions(
        since, [&](const TimelineEvent& e) { return !local.empty() && e.client == local; },
        "console");
    for_student_ = was_for_student;
  };
  try {
    RawSmtpClient c(server->address, lab_.port(step.to, step.port), from ? from->address : "",
                    std::chrono::seconds(10));
    local = c.local();
    if (const auto banner = c.read_reply()) codes.push_back(banner->code);
    bool in_data = false;
    const auto& lines = options_.answers->console;
    while (console_line_ < lines.size()) {
      const std::string line = lines[console_line_++];
      c.write(line + "\r\n");
      if (in_data && line != ".") continue;  // message lines get no reply
      in_data = false;
      const auto r = c.read_reply();
      if (!r) break;
      codes.push_back(r->code);
      if (r->code == 354) in_data = true;
      if (message::to_lower(line) == "quit") break;
    }
  } catch (const std::exception& e) {
    mark();
    result.outcome = StepOutcome::Failed;
    result.text = both(std::string("console : ") + e.what(), std::string("console: ") + e.what());
    return result;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  mark();
  bool ok = true;
  for (const auto& p : step.expect) {
    ok = ok && std::any_of(codes.begin(), codes.end(), [&](int code) { return p.matches(code); });
  }
  std::string got;
  for (int code : codes) got += " " + std::to_string(code);
  result.outcome = ok ? StepOutcome::Done : StepOutcome::Failed;
  result.text = both("console vers " + step.to + ", réponses :" + got,
                     "console to " + step.to + ", replies:" + got);
  return result;
}

// ---------------------------------------------------------------------------------------
// [SECTION] quizzes

StepResult ScenarioRunner::quiz(const QuizStep& step) {
  StepResult result;
  result.id = step.id;
  const auto it = options_.answers ? options_.answers->answers.find(step.id)
                                   : decltype(options_.answers->answers.end()){};
  if (!options_.answers || it == options_.answers->answers.end() || it->second.empty()) {
    result.outcome = StepOutcome::Skipped;
    result.text = both("quiz " + step.id + " : " + step.ask.fr + " (sans réponse)",
                       "quiz " + step.id + ": " + step.ask.en + " (not answered)");
    return result;
  }
  // The sheet's lines for this quiz are the student's tries, in order (`q2: 1`, then
  // `q2: 3`): each gets its feedback, as in the window; the score is the first try, and
  // a solved question takes no more tries.
  const std::vector<std::string>& tries = it->second;
  const QuizScore score = score_quiz(step, tries);
  std::string fr, en;
  int shown = 0;
  for (const auto& typed : tries) {
    const QuizVerdict v = grade_quiz(step, typed);
    const std::string n = std::to_string(++shown);
    if (!v.valid) {
      fr += " [essai " + n + " (" + typed + ") : pas un choix de cette question]";
      en += " [try " + n + " (" + typed + "): not a choice of this question]";
      continue;
    }
    fr += " [essai " + n + " (" + typed + ") : " + (v.right ? "juste" : "faux") +
          (v.feedback.fr.empty() ? "" : " \u2014 " + v.feedback.fr) + "]";
    en += " [try " + n + " (" + typed + "): " + (v.right ? "right" : "wrong") +
          (v.feedback.en.empty() ? "" : " \u2014 " + v.feedback.en) + "]";
    if (v.right) break;
  }
  if (score.solved) {
    fr += step.explain.fr.empty() ? "" : " \u2014 " + step.explain.fr;
    en += step.explain.en.empty() ? "" : " \u2014 " + step.explain.en;
  }
  result.outcome = score.tries == 0        ? StepOutcome::Skipped
                   : score.first_try_right ? StepOutcome::Passed
                                           : StepOutcome::Failed;
  const char* verdict_fr = score.tries == 0        ? "sans réponse lisible"
                           : score.first_try_right ? "juste du premier coup"
                           : score.solved          ? "faux au premier essai, trouvé ensuite"
                                                   : "faux";
  const char* verdict_en = score.tries == 0        ? "no readable answer"
                           : score.first_try_right ? "right at the first try"
                           : score.solved          ? "wrong at the first try, found later"
                                                   : "wrong";
  result.text =
      both("quiz " + step.id + " : " + verdict_fr + fr, "quiz " + step.id + ": " + verdict_en + en);
  result.quiz = score;
  return result;
}

// ---------------------------------------------------------------------------------------
// [SECTION] checkpoints

StepResult ScenarioRunner::checkpoint(const CheckpointStep& step) {
  StepResult result;
  result.id = step.id;
  std::string solution_problem_fr, solution_problem_en;
  if (options_.solve) {
    // A solution plays what the lesson tells the student to do, through the student's
    // interfaces (a real SMTP connection, the MUA's submission, the Faults panel, the
    // clock): its sessions are the student's.
    for_student_ = true;
    for (const auto& action : step.solution) {
      const auto o = act(action.action);
      if (!o.ok) {
        solution_problem_fr += " [solution : " + o.text.fr + "]";
        solution_problem_en += " [solution: " + o.text.en + "]";
      }
    }
    for_student_ = false;
  }
  GradingContext context;
  context.scenario_dir = scenario_dir_;
  context.frame_answers = options_.frame_answers;
  const auto sheet = options_.answers ? options_.answers->answers.find(step.id)
                                      : decltype(options_.answers->answers.end()){};
  const bool typed = options_.answers && sheet != options_.answers->answers.end();
  if (typed) context.answers = sheet->second;
  CheckpointVerdict verdict;
  const auto started = std::chrono::steady_clock::now();
  for (;;) {
    const LabState state = LabState::from_runtime(lab_);
    if (!typed && options_.solve) {
      // A correct student's answers: the checkpoint's own, else the expected ones,
      // computed from the student's events as the grading will be.
      context.answers = step.answers;
      if (context.answers.empty()) {
        const LabState mine = state.for_student();
        for (const auto& c : step.conditions) {
          if (const auto* a = std::get_if<AnswerCondition>(&c.check)) {
            context.answers.push_back(model_answer(*a, mine, context).value_or(""));
          }
        }
      }
    }
    verdict = evaluate_checkpoint(step, state, context);
    if (verdict.overall.pass || verdict.overall.unavailable) break;
    // Mail may still be on its way: grade again until the lab is idle (or a time limit).
    if (std::chrono::steady_clock::now() - started > options_.settle) break;
    if (lab_.wait_idle(std::chrono::milliseconds(150))) {
      verdict = evaluate_checkpoint(step, LabState::from_runtime(lab_), context);
      break;
    }
  }
  const std::string title_fr = "point de contrôle " + step.id + " (" + step.title.fr + ")";
  const std::string title_en = "checkpoint " + step.id + " (" + step.title.en + ")";
  if (verdict.overall.unavailable) {
    result.outcome = StepOutcome::Unavailable;
    result.text = both(title_fr + " : non noté ici — " + verdict.overall.reason.fr,
                       title_en + ": not graded here — " + verdict.overall.reason.en);
  } else if (verdict.overall.pass) {
    result.outcome = StepOutcome::Passed;
    result.text = both(title_fr + " : réussi — " + verdict.overall.reason.fr,
                       title_en + ": passed — " + verdict.overall.reason.en);
  } else {
    result.outcome = StepOutcome::Failed;
    const int tries = ++failed_tries_[step.id];
    for (const auto& h : step.hints) {
      if (h.after <= tries) result.hints.push_back(h.text);
    }
    result.text = both(title_fr + " : échoué — " + verdict.overall.reason.fr + solution_problem_fr,
                       title_en + ": failed — " + verdict.overall.reason.en + solution_problem_en);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// [SECTION] recording

void ScenarioRunner::mark_sessions(std::uint64_t since,
                                   const std::function<bool(const TimelineEvent&)>& ours,
                                   const std::string& via) {
  for (const auto& e : lab_.timeline().since(since)) {
    if (e.kind != TimelineKind::SessionOpened || !ours(e)) continue;
    auto mark = session_origin(e.session, e.client, for_student_, via);
    mark.sim_time = lab_.clock().now();
    lab_.timeline().append(std::move(mark));
  }
}

void ScenarioRunner::record(const StepResult& result) {
  static const char* const outcomes[] = {"done", "passed", "failed", "skipped", "unavailable"};
  TimelineEvent e;
  e.kind = TimelineKind::Step;
  e.node = "scenario";
  e.sim_time = lab_.clock().now();
  e.text = result.text.in(options_.lang);
  StepPayload step;
  step.step = result.kind;
  step.index = result.index;
  step.result = outcomes[static_cast<std::size_t>(result.outcome)];
  step.line = result.origin.line;
  step.text = result.text;
  if (!result.id.empty()) step.id = result.id;
  step.student_part = result.student_part;
  step.quiz = result.quiz;
  step.hints = result.hints;
  e.payload = std::move(step);
  lab_.timeline().append(std::move(e));
  if (!options_.print) return;
  const char* mark = result.outcome == StepOutcome::Passed        ? "PASS"
                     : result.outcome == StepOutcome::Failed      ? "FAIL"
                     : result.outcome == StepOutcome::Skipped     ? "skip"
                     : result.outcome == StepOutcome::Unavailable ? "n/a "
                                                                  : "    ";
  options_.print(std::string(mark) + " " + std::to_string(result.index + 1) + ". " + result.kind +
                 ": " + result.text.in(options_.lang));
  for (const auto& h : result.hints)
    options_.print(std::string("       ") + (options_.lang == "fr" ? "indice : " : "hint: ") +
                   h.in(options_.lang));
}

}  // namespace smtplab::lab
