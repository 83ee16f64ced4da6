// Reading the `steps:` list: one mapping per step with exactly one step key (say, console,
// send, client, fault, clock, wait, quiz, checkpoint, section), checkpoint conditions and
// solutions. Node and mailbox names are recorded as References for validate_topology.
#include <algorithm>
#include <regex>

#include "sim/lab/fault_kinds.hpp"
#include "sim/lab/scenario_readers.hpp"

namespace smtplab::lab::scenario_detail {

using yamlread::MapReader;
using yamlread::Source;

namespace {

/// What every step reader needs.
struct StepContext {
  const Source& s;
  const std::filesystem::path& base_dir;
  ReadContext& context;

  /// Records a name that must exist once the topology is complete.
  void refer(Reference::Kind kind, const YAML::Node& node, const std::string& value,
             const std::string& what) const {
    if (node.IsDefined() && !value.empty()) {
      context.references.push_back({kind, value, s.at(node), what});
    }
  }
  /// Reads a string and records it as a reference.
  void read_ref(MapReader& m, const std::string& key, Reference::Kind kind, std::string& out,
                bool required = false) const {
    const YAML::Node v = required ? m.require(key) : m.get(key);
    if (yamlread::read_string(s, v, key, out)) refer(kind, v, out, "'" + key + "'");
  }
};

const std::vector<std::string> kPorts{"smtp", "submission", "smtps"};

// ---------------------------------------------------------------------------------------
// [SECTION] Action steps
// ---------------------------------------------------------------------------------------

SectionStep read_section(const StepContext& c, const YAML::Node& v) {
  SectionStep step;
  static const std::vector<std::string> kinds{"intro", "demonstration", "lab", "quiz"};
  std::string kind;
  if (v.IsMap()) {
    MapReader m(c.s, v, "section");
    yamlread::read_keyword(c.s, m.require("kind"), "kind", kinds, kind);
    yamlread::read_localized(c.s, m.get("title"), "title", step.title);
    m.finish();
  } else {
    yamlread::read_keyword(c.s, v, "section", kinds, kind);
  }
  if (kind == "demonstration") step.kind = SectionKind::Demonstration;
  if (kind == "lab") step.kind = SectionKind::Lab;
  if (kind == "quiz") step.kind = SectionKind::Quiz;
  return step;
}

/// A client step's `from`: a node, or a bare loopback address that is no node (a client
/// the DNS knows nothing of, or only a PTR: the spam chapter's home connection).
void read_client_source(const StepContext& c, const YAML::Node& from, std::string& out) {
  if (from.IsScalar() && yamlread::is_loopback_ipv4(from.Scalar())) {
    out = from.Scalar();
  } else {
    c.refer(Reference::Kind::Node, from, from.IsScalar() ? from.Scalar() : "", "'from'");
    yamlread::read_string(c.s, from, "from", out);
  }
}

ConsoleStep read_console(const StepContext& c, const YAML::Node& v) {
  ConsoleStep step;
  MapReader m(c.s, v, "console step");
  if (!m.valid()) return step;
  c.read_ref(m, "to", Reference::Kind::Server, step.to, true);
  read_client_source(c, m.get("from"), step.from);
  yamlread::read_keyword(c.s, m.get("port"), "port", kPorts, step.port);
  yamlread::read_localized(c.s, m.get("prompt"), "prompt", step.prompt);
  yamlread::read_expectation(c.s, m.get("expect"), "expect", step.expect);
  m.finish();
  return step;
}

AttachmentSpec read_attachment(const StepContext& c, const YAML::Node& v) {
  AttachmentSpec a;
  MapReader m(c.s, v, "attachment");
  if (!m.valid()) return a;
  yamlread::read_string(c.s, m.require("name"), "name", a.name);
  yamlread::read_string(c.s, m.get("type"), "type", a.content_type);
  const YAML::Node content = m.get("content");
  const YAML::Node file = m.get("file");
  yamlread::read_string(c.s, content, "content", a.content);
  if (yamlread::read_string(c.s, file, "file", a.file) && file.IsDefined()) {
    if (!std::filesystem::is_regular_file(c.base_dir / a.file)) {
      c.s.error(file, "attachment file '" + a.file + "' not found");
    }
  }
  if (content.IsDefined() == file.IsDefined()) {
    c.s.error(v, "an attachment needs exactly one of 'content' or 'file'");
  }
  m.finish();
  return a;
}

SendStep read_send(const StepContext& c, const YAML::Node& v) {
  SendStep step;
  MapReader m(c.s, v, "send step");
  if (!m.valid()) return step;
  c.read_ref(m, "mua", Reference::Kind::Mua, step.mua, true);
  yamlread::read_string(c.s, m.get("from"), "from", step.from);
  yamlread::read_strings(c.s, m.require("to"), "to", step.to, true);
  yamlread::read_strings(c.s, m.get("cc"), "cc", step.cc, true);
  yamlread::read_strings(c.s, m.get("bcc"), "bcc", step.bcc, true);
  yamlread::read_string(c.s, m.get("subject"), "subject", step.subject);
  yamlread::read_string(c.s, m.get("body"), "body", step.body);
  const YAML::Node attachments = m.get("attachments");
  if (attachments.IsDefined()) {
    if (!attachments.IsSequence()) {
      c.s.error(attachments,
                "'attachments' must be a list, not " + yamlread::describe(attachments));
    } else {
      for (const auto& a : attachments) step.attachments.push_back(read_attachment(c, a));
    }
  }
  const YAML::Node headers = m.get("headers");
  if (headers.IsDefined()) {
    MapReader h(c.s, headers, "'headers'");
    if (h.valid()) {
      for (const auto& kv : headers) {
        std::string name;
        std::string value;
        if (!kv.first.IsScalar()) continue;
        name = kv.first.Scalar();
        h.get(name);
        if (yamlread::read_string(c.s, kv.second, name, value))
          step.headers.emplace_back(name, value);
      }
      h.finish();
    }
  }
  const YAML::Node envelope = m.get("envelope");
  if (envelope.IsDefined()) {
    MapReader e(c.s, envelope, "'envelope'");
    if (e.valid()) {
      const YAML::Node from = e.get("mail_from");
      std::string sender;
      if (yamlread::read_string(c.s, from, "mail_from", sender) && from.IsDefined()) {
        step.envelope.mail_from = sender;
      }
      yamlread::read_strings(c.s, e.get("rcpt_to"), "rcpt_to", step.envelope.rcpt_to, true);
      yamlread::read_string(c.s, e.get("mail_params"), "mail_params", step.envelope.mail_params);
      yamlread::read_string(c.s, e.get("rcpt_params"), "rcpt_params", step.envelope.rcpt_params);
      e.finish();
    }
  }
  yamlread::read_expectation(c.s, m.get("expect"), "expect", step.expect);
  m.finish();
  return step;
}

ClientLineSpec read_client_line(const StepContext& c, const YAML::Node& v) {
  ClientLineSpec line;
  line.origin = c.s.at(v);
  MapReader m(c.s, v, "client line");
  if (!m.valid()) return line;
  const YAML::Node send = m.get("send");
  const YAML::Node data = m.get("data");
  const YAML::Node raw = m.get("raw");
  const YAML::Node starttls = m.get("starttls");
  const YAML::Node expect = m.get("expect");
  const int actions = int{send.IsDefined()} + int{data.IsDefined()} + int{raw.IsDefined()} +
                      int{starttls.IsDefined()};
  if (actions > 1) {
    c.s.error(v, "a client line has one of 'send', 'data', 'raw' or 'starttls', not several");
  } else if (actions == 0 && !expect.IsDefined()) {
    c.s.error(v, "a client line needs 'send', 'data', 'raw', 'starttls' or 'expect'");
  }
  ReplyExpectation patterns;
  yamlread::read_expectation(c.s, expect, "expect", patterns);
  if (send.IsDefined()) {
    line.kind = ClientLineSpec::Kind::Send;
    yamlread::read_strings(c.s, send, "send", line.lines, true);
    if (send.IsSequence() && expect.IsDefined()) {
      // A pipelined batch: one expected reply per line.
      if (patterns.size() != line.lines.size()) {
        c.s.error(expect, "the batch sends " + std::to_string(line.lines.size()) +
                              " lines but 'expect' lists " + std::to_string(patterns.size()) +
                              " replies");
      }
      for (const auto& p : patterns) line.expect.push_back({p});
    } else if (expect.IsDefined()) {
      line.expect.push_back(patterns);
    }
  } else if (data.IsDefined() || raw.IsDefined()) {
    line.kind = data.IsDefined() ? ClientLineSpec::Kind::Data : ClientLineSpec::Kind::RawData;
    yamlread::read_string(c.s, data.IsDefined() ? data : raw, data.IsDefined() ? "data" : "raw",
                          line.text);
    if (expect.IsDefined()) line.expect.push_back(patterns);
  } else if (starttls.IsDefined()) {
    line.kind = ClientLineSpec::Kind::StartTls;
    bool on = true;
    yamlread::read_bool(c.s, starttls, "starttls", on);
    if (!on) c.s.error(starttls, "'starttls' can only be true");
    if (expect.IsDefined()) c.s.error(expect, "a TLS handshake has no reply to expect");
  } else {
    line.kind = ClientLineSpec::Kind::Expect;
    line.expect.push_back(patterns);
  }
  m.finish();
  return line;
}

ClientStep read_client(const StepContext& c, const YAML::Node& v) {
  ClientStep step;
  MapReader m(c.s, v, "client step");
  if (!m.valid()) return step;
  c.read_ref(m, "to", Reference::Kind::Server, step.to, true);
  read_client_source(c, m.get("from"), step.from);
  yamlread::read_keyword(c.s, m.get("port"), "port", kPorts, step.port);
  yamlread::read_bool(c.s, m.get("banner"), "banner", step.expect_banner);
  yamlread::read_bool(c.s, m.get("quit"), "quit", step.quit);
  const YAML::Node lines = m.require("lines");
  if (lines.IsDefined()) {
    if (!lines.IsSequence()) {
      c.s.error(lines, "'lines' must be a list, not " + yamlread::describe(lines));
    } else {
      for (const auto& l : lines) step.lines.push_back(read_client_line(c, l));
    }
  }
  m.finish();
  return step;
}

FaultStep read_fault(const StepContext& c, const YAML::Node& v) {
  FaultStep step;
  MapReader m(c.s, v, "fault step");
  if (!m.valid()) return step;
  static const std::vector<std::string> kinds = fault_yaml_names();
  const YAML::Node inject = m.get("inject");
  const YAML::Node clear = m.get("clear");
  if (inject.IsDefined() == clear.IsDefined()) {
    c.s.error(v, "a fault step needs exactly one of 'inject' or 'clear'");
    m.finish();
    return step;
  }
  step.inject = inject.IsDefined();
  std::string kind;
  if (!yamlread::read_keyword(c.s, step.inject ? inject : clear, step.inject ? "inject" : "clear",
                              kinds, kind)) {
    m.finish();
    return step;
  }
  step.kind = fault_kind_from_yaml(kind).value_or(FaultKind::Refuse);
  if (step.kind == FaultKind::All && step.inject) {
    c.s.error(inject, "'all' can only be cleared");
  }
  const bool on_node = step.kind != FaultKind::FillMailbox && step.kind != FaultKind::BreakDns &&
                       step.kind != FaultKind::All;
  if (on_node) c.read_ref(m, "node", Reference::Kind::Server, step.node, true);
  if (step.kind == FaultKind::ReplyToVerb && step.inject) {
    yamlread::read_string(c.s, m.require("verb"), "verb", step.verb);
    long long code = 0;
    if (yamlread::read_int(c.s, m.require("code"), "code", 200, 599, code)) {
      step.code = static_cast<int>(code);
    }
    yamlread::read_string(c.s, m.get("text"), "text", step.text);
    long long times = 0;
    if (yamlread::read_int(c.s, m.get("times"), "times", 0, 1000000, times)) {
      step.times = static_cast<std::uint32_t>(times);
    }
  } else if (step.kind == FaultKind::ReplyToVerb) {
    yamlread::read_string(c.s, m.get("verb"), "verb", step.verb);
  }
  if (step.kind == FaultKind::DelayReplies && step.inject) {
    long long ms = 0;
    if (yamlread::read_int(c.s, m.require("ms"), "ms", 1, 600000, ms)) {
      step.delay_ms = static_cast<std::uint32_t>(ms);
    }
  }
  if (step.kind == FaultKind::DropData && step.inject) {
    long long bytes = 0;
    if (yamlread::read_int(c.s, m.get("after_bytes"), "after_bytes", 0, (1LL << 40), bytes)) {
      step.after_bytes = static_cast<std::uint64_t>(bytes);
    }
  }
  if (step.kind == FaultKind::FillMailbox) {
    c.read_ref(m, "mailbox", Reference::Kind::Mailbox, step.mailbox, true);
  }
  if (step.kind == FaultKind::BreakDns) {
    yamlread::read_string(c.s, m.require("domain"), "domain", step.domain);
    std::string mode;
    if (step.inject && yamlread::read_keyword(c.s, m.get("mode"), "mode",
                                              {"servfail", "nxdomain", "timeout"}, mode)) {
      if (mode == "nxdomain") step.dns_mode = DnsFaultMode::NxDomain;
      if (mode == "timeout") step.dns_mode = DnsFaultMode::Timeout;
    }
  }
  m.finish();
  return step;
}

PostconfStep read_postconf(const StepContext& c, const YAML::Node& v) {
  PostconfStep step;
  MapReader m(c.s, v, "postconf step");
  if (!m.valid()) return step;
  c.read_ref(m, "node", Reference::Kind::Server, step.node, true);
  const YAML::Node set = m.require("set");
  if (yamlread::read_string(c.s, set, "set", step.set) && set.IsDefined() &&
      step.set.find('=') == std::string::npos) {
    c.s.error(set, "'set' is one main.cf line, \"name = value\"");
  }
  m.finish();
  return step;
}

ClockStep read_clock(const StepContext& c, const YAML::Node& v) {
  ClockStep step;
  MapReader m(c.s, v, "clock step");
  if (!m.valid()) return step;
  const YAML::Node advance = m.get("advance");
  const YAML::Node speed = m.get("speed");
  std::uint64_t seconds = 0;
  if (yamlread::read_duration(c.s, advance, "advance", seconds) && advance.IsDefined()) {
    step.advance = seconds;
  }
  double factor = 0;
  if (yamlread::read_positive(c.s, speed, "speed", factor) && speed.IsDefined()) {
    step.speed = factor;
  }
  if (!advance.IsDefined() && !speed.IsDefined()) {
    c.s.error(v, "a clock step needs 'advance' or 'speed'");
  }
  m.finish();
  return step;
}

const std::vector<std::pair<std::string, EventKind>> kEventKinds{
    {"session_opened", EventKind::SessionOpened},
    {"session_closed", EventKind::SessionClosed},
    {"connect_failed", EventKind::ConnectFailed},
    {"command", EventKind::Command},
    {"reply", EventKind::Reply},
    {"queued", EventKind::Queued},
    {"deferred", EventKind::Deferred},
    {"delivered", EventKind::Delivered},
    {"bounced", EventKind::Bounced},
    {"dns_query", EventKind::DnsQuery},
    {"rewrite", EventKind::Rewrite},
    {"policy", EventKind::Policy},
    {"fault", EventKind::Fault}};

WaitStep read_wait(const StepContext& c, const YAML::Node& v) {
  WaitStep step;
  MapReader m(c.s, v, "wait step");
  if (!m.valid()) return step;
  std::vector<std::string> names;
  for (const auto& [name, kind] : kEventKinds) names.push_back(name);
  std::string event;
  if (yamlread::read_keyword(c.s, m.require("for"), "for", names, event)) {
    for (const auto& [name, kind] : kEventKinds) {
      if (name == event) step.event = kind;
    }
  }
  c.read_ref(m, "node", Reference::Kind::Node, step.where.node);
  c.read_ref(m, "from", Reference::Kind::Node, step.where.from_node);
  yamlread::read_string(c.s, m.get("mailbox"), "mailbox", step.where.mailbox);
  yamlread::read_string(c.s, m.get("subject"), "subject", step.where.subject);
  yamlread::read_string(c.s, m.get("verb"), "verb", step.where.verb);
  const YAML::Node code = m.get("code");
  ReplyPattern pattern;
  if (yamlread::read_reply_pattern(c.s, code, "code", pattern) && code.IsDefined()) {
    step.where.code = pattern;
  }
  yamlread::read_duration(c.s, m.get("timeout"), "timeout", step.timeout);
  m.finish();
  return step;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Quiz
// ---------------------------------------------------------------------------------------

QuizStep read_quiz(const StepContext& c, const YAML::Node& v) {
  QuizStep q;
  MapReader m(c.s, v, "quiz");
  if (!m.valid()) return q;
  yamlread::read_string(c.s, m.require("id"), "id", q.id);
  yamlread::read_localized(c.s, m.require("ask"), "ask", q.ask);
  const YAML::Node choices = m.get("choices");
  if (choices.IsDefined()) {
    if (!choices.IsSequence()) {
      c.s.error(choices, "'choices' must be a list, not " + yamlread::describe(choices));
    } else {
      for (const auto& choice : choices) {
        // Each choice carries its own feedback: a student who picks it learns why it is
        // right or wrong, whichever it is (not only "wrong, try again").
        LocalizedText text, feedback;
        const std::string number = std::to_string(q.choices.size() + 1);
        if (choice.IsMap() && !choice["text"].IsDefined() && choice["fr"].IsDefined()) {
          c.s.error(choice, "choice " + number +
                                " is a bare text: write { text: { fr, en }, feedback: { fr, en } }"
                                " (every choice says why it is right or wrong)");
        } else {
          MapReader cm(c.s, choice, "choice");
          if (cm.valid()) {
            yamlread::read_localized(c.s, cm.require("text"), "text", text);
            const YAML::Node f = cm.get("feedback");
            if (!f.IsDefined()) {
              c.s.error(choice, "choice " + number +
                                    " has no 'feedback': say why it is right or wrong, with the "
                                    "RFC section");
            }
            yamlread::read_localized(c.s, f, "feedback", feedback);
            cm.finish();
          }
        }
        q.choices.push_back(text);
        q.feedback.push_back(feedback);
      }
    }
  }
  const YAML::Node answer = m.get("answer");
  const YAML::Node answers = m.get("answers");
  const YAML::Node accept = m.get("accept");
  const int forms = int{answer.IsDefined()} + int{answers.IsDefined()} + int{accept.IsDefined()};
  if (forms != 1) {
    c.s.error(v,
              "a quiz needs exactly one of 'answer' (one choice), 'answers' (several) or "
              "'accept' (free answer)");
  }
  const long long count = static_cast<long long>(q.choices.size());
  const auto check_index = [&](const YAML::Node& n) {
    long long index = 0;
    if (!n.IsScalar() || !yamlread::read_int(c.s, n, "answer", -1000000, 1000000, index)) return;
    if (!choices.IsSequence()) return;  // the missing choices are reported once
    if (index < 1 || index > count) {
      c.s.error(n, "answer " + std::to_string(index) + " is out of range: the quiz has " +
                       std::to_string(count) + " choices");
      return;
    }
    q.answers.push_back(static_cast<int>(index));
  };
  if (answer.IsDefined() || answers.IsDefined()) {
    q.kind = answer.IsDefined() ? QuizStep::Kind::Single : QuizStep::Kind::Multiple;
    if (choices.IsDefined() && choices.IsSequence() && choices.size() < 3) {
      // Two choices are a coin toss (true/false): three plausible ones make the student
      // weigh them.
      c.s.error(choices,
                "a choice quiz needs at least 3 choices, not " + std::to_string(choices.size()));
    } else if (!choices.IsDefined()) {
      c.s.error(v, "missing required key 'choices' in quiz");
    }
    if (answer.IsDefined()) {
      if (answer.IsScalar()) {
        check_index(answer);
      } else {
        c.s.error(answer, "'answer' must be a choice number, not " + yamlread::describe(answer));
      }
    } else if (!answers.IsSequence() || answers.size() == 0) {
      c.s.error(answers, "'answers' must be a non-empty list of choice numbers, not " +
                             yamlread::describe(answers));
    } else {
      for (const auto& a : answers) check_index(a);
    }
  }
  if (accept.IsDefined()) {
    q.kind = QuizStep::Kind::Free;
    yamlread::read_strings(c.s, accept, "accept", q.accept, true);
    if (choices.IsDefined()) c.s.error(choices, "a free-answer quiz has no 'choices'");
  }
  yamlread::read_localized(c.s, m.get("explain"), "explain", q.explain);
  const YAML::Node right = m.get("right");
  const YAML::Node wrong = m.get("wrong");
  if (q.kind != QuizStep::Kind::Free) {
    for (const auto& [node, key] : {std::pair{right, "right"}, std::pair{wrong, "wrong"}}) {
      if (node.IsDefined()) {
        c.s.error(node, std::string("'") + key +
                            "' is for a free-answer quiz: a choice quiz gives each choice its "
                            "'feedback'");
      }
    }
  } else {
    yamlread::read_localized(c.s, right, "right", q.right);
    yamlread::read_localized(c.s, wrong, "wrong", q.wrong);
  }
  m.finish();
  return q;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Conditions
// ---------------------------------------------------------------------------------------

/// Reads an optional integer >= 0 into an optional<int>.
void read_count(const Source& s, MapReader& m, const std::string& key, std::optional<int>& out) {
  const YAML::Node v = m.get(key);
  long long n = 0;
  if (v.IsDefined() && yamlread::read_int(s, v, key, 0, 1000000, n)) out = static_cast<int>(n);
}

void read_selector(const StepContext& c, MapReader& m, MessageSelector& out) {
  c.read_ref(m, "mailbox", Reference::Kind::Mailbox, out.mailbox, true);
  yamlread::read_string(c.s, m.get("subject"), "subject", out.subject);
  yamlread::read_bool(c.s, m.get("last"), "last", out.last);
}

HeaderCheck read_header_check(const StepContext& c, const YAML::Node& v) {
  HeaderCheck h;
  MapReader m(c.s, v, "header check");
  if (!m.valid()) return h;
  yamlread::read_string(c.s, m.require("name"), "name", h.name);
  const auto optional_string = [&](const std::string& key, std::optional<std::string>& out) {
    const YAML::Node n = m.get(key);
    std::string text;
    if (n.IsDefined() && yamlread::read_string(c.s, n, key, text)) out = text;
  };
  optional_string("contains", h.contains);
  optional_string("not_contains", h.not_contains);
  optional_string("equals", h.equals);
  optional_string("decoded", h.decoded);
  yamlread::read_bool(c.s, m.get("ascii"), "ascii", h.ascii);
  yamlread::read_bool(c.s, m.get("absent"), "absent", h.absent);
  m.finish();
  return h;
}

BodyCheck read_body_check(const StepContext& c, const YAML::Node& v) {
  BodyCheck b;
  MapReader m(c.s, v, "body check");
  if (!m.valid()) return b;
  const YAML::Node lines = m.get("lines");
  std::vector<std::string> list;
  if (yamlread::read_strings(c.s, lines, "lines", list) && lines.IsDefined()) b.lines = list;
  const auto optional_string = [&](const std::string& key, std::optional<std::string>& out) {
    const YAML::Node n = m.get(key);
    std::string text;
    if (n.IsDefined() && yamlread::read_string(c.s, n, key, text)) out = text;
  };
  optional_string("contains_line", b.contains_line);
  optional_string("starts_with", b.starts_with);
  optional_string("decoded", b.decoded);
  read_count(c.s, m, "line_count", b.line_count);
  yamlread::read_bool(c.s, m.get("ascii"), "ascii", b.ascii);
  yamlread::read_string(c.s, m.get("mime_type"), "mime_type", b.mime_type);
  yamlread::read_strings(c.s, m.get("part_types"), "part_types", b.part_types);
  yamlread::read_string(c.s, m.get("attachment"), "attachment", b.attachment);
  const YAML::Node file = m.get("attachment_file");
  if (yamlread::read_string(c.s, file, "attachment_file", b.attachment_file) && file.IsDefined() &&
      !std::filesystem::is_regular_file(c.base_dir / b.attachment_file)) {
    c.s.error(file, "file '" + b.attachment_file + "' not found");
  }
  m.finish();
  return b;
}

const std::vector<std::string> kConditionKeys{"delivered", "reply",     "dialogue", "dsn",
                                              "mailbox",   "message",   "queue",    "session",
                                              "attempts",  "dns_query", "rewrite",  "answer"};

ConditionSpec read_condition(const StepContext& c, const YAML::Node& v);

void read_condition_body(const StepContext& c, const std::string& key, const YAML::Node& v,
                         ConditionSpec& out) {
  MapReader m(c.s, v, "'" + key + "' condition");
  if (!m.valid()) return;
  if (key == "delivered") {
    DeliveredCondition d;
    c.read_ref(m, "to", Reference::Kind::Mailbox, d.to, true);
    yamlread::read_string(c.s, m.get("subject"), "subject", d.subject);
    const YAML::Node from = m.get("mail_from");
    std::string sender;
    if (yamlread::read_string(c.s, from, "mail_from", sender) && from.IsDefined())
      d.mail_from = sender;
    read_count(c.s, m, "rcpt_count", d.rcpt_count);
    read_count(c.s, m, "sessions", d.sessions);
    yamlread::read_string(c.s, m.get("rcpt_contains"), "rcpt_contains", d.rcpt_contains);
    const YAML::Node via = m.get("via");
    if (yamlread::read_strings(c.s, via, "via", d.via) && via.IsSequence()) {
      for (std::size_t i = 0; i < d.via.size(); ++i) {
        c.refer(Reference::Kind::Node, via[i], d.via[i], "'via'");
      }
    }
    out.check = d;
  } else if (key == "reply") {
    ReplyCondition r;
    yamlread::read_reply_pattern(c.s, m.require("code"), "code", r.code);
    yamlread::read_string(c.s, m.get("enhanced"), "enhanced", r.enhanced);
    yamlread::read_string(c.s, m.get("verb"), "verb", r.verb);
    c.read_ref(m, "node", Reference::Kind::Server, r.node);
    yamlread::read_keyword(c.s, m.get("port"), "port", kPorts, r.port);
    yamlread::read_bool(c.s, m.get("multiline"), "multiline", r.multiline);
    out.check = r;
  } else if (key == "dialogue") {
    DialogueCondition d;
    c.read_ref(m, "node", Reference::Kind::Server, d.node);
    yamlread::read_strings(c.s, m.get("absent_between"), "absent_between", d.absent_between);
    yamlread::read_bool(c.s, m.get("cleartext"), "cleartext", d.cleartext);
    const YAML::Node sequence = m.require("sequence");
    if (sequence.IsDefined() && (!sequence.IsSequence() || sequence.size() == 0)) {
      c.s.error(sequence,
                "'sequence' must be a non-empty list, not " + yamlread::describe(sequence));
    } else if (sequence.IsDefined()) {
      for (const auto& item : sequence) {
        DialogueMatch match;
        MapReader e(c.s, item, "dialogue element");
        if (!e.valid()) continue;
        yamlread::read_string(c.s, e.get("verb"), "verb", match.verb);
        const YAML::Node code = e.get("code");
        ReplyPattern p;
        if (yamlread::read_reply_pattern(c.s, code, "code", p) && code.IsDefined()) match.code = p;
        yamlread::read_bool(c.s, e.get("argument"), "argument", match.argument);
        yamlread::read_string(c.s, e.get("contains"), "contains", match.contains);
        yamlread::read_bool(c.s, e.get("same_segment"), "same_segment", match.same_segment);
        e.finish();
        d.sequence.push_back(match);
      }
    }
    out.check = d;
  } else if (key == "dsn") {
    DsnCondition d;
    c.read_ref(m, "to", Reference::Kind::Mailbox, d.to, true);
    yamlread::read_string(c.s, m.get("about"), "about", d.about);
    yamlread::read_keyword(c.s, m.get("action"), "action",
                           {"failed", "delayed", "delivered", "relayed", "expanded"}, d.action);
    yamlread::read_string(c.s, m.get("status"), "status", d.status);
    yamlread::read_string(c.s, m.get("subject"), "subject", d.subject);
    out.check = d;
  } else if (key == "mailbox") {
    MailboxCondition mc;
    read_selector(c, m, mc.select);
    read_count(c.s, m, "count", mc.count);
    read_count(c.s, m, "at_least", mc.at_least);
    if (!mc.count && !mc.at_least)
      c.s.error(v, "a 'mailbox' condition needs 'count' or 'at_least'");
    out.check = mc;
  } else if (key == "message") {
    MessageCondition mc;
    read_selector(c, m, mc.select);
    const YAML::Node headers = m.get("headers");
    if (headers.IsDefined()) {
      if (!headers.IsSequence()) {
        c.s.error(headers, "'headers' must be a list, not " + yamlread::describe(headers));
      } else {
        for (const auto& h : headers) mc.headers.push_back(read_header_check(c, h));
      }
    }
    const YAML::Node body = m.get("body");
    if (body.IsDefined()) mc.body = read_body_check(c, body);
    const YAML::Node rp = m.get("return_path");
    std::string path;
    if (yamlread::read_string(c.s, rp, "return_path", path) && rp.IsDefined())
      mc.return_path = path;
    out.check = mc;
  } else if (key == "queue") {
    QueueCondition q;
    c.read_ref(m, "node", Reference::Kind::Server, q.node, true);
    read_count(c.s, m, "count", q.count);
    yamlread::read_string(c.s, m.get("subject"), "subject", q.subject);
    yamlread::read_keyword(c.s, m.get("state"), "state", {"deferred", "active"}, q.state);
    read_count(c.s, m, "min_attempts", q.min_attempts);
    out.check = q;
  } else if (key == "session") {
    SessionCondition sc;
    c.read_ref(m, "to", Reference::Kind::Server, sc.to, true);
    c.read_ref(m, "from", Reference::Kind::Node, sc.from);
    yamlread::read_bool(c.s, m.get("failed"), "failed", sc.failed);
    yamlread::read_string(c.s, m.get("subject"), "subject", sc.subject);
    read_count(c.s, m, "count", sc.count);
    read_count(c.s, m, "at_least", sc.at_least);
    if (!sc.count && !sc.at_least)
      c.s.error(v, "a 'session' condition needs 'count' or 'at_least'");
    out.check = sc;
  } else if (key == "attempts") {
    AttemptsCondition a;
    yamlread::read_string(c.s, m.require("subject"), "subject", a.subject);
    yamlread::read_string(c.s, m.get("to"), "to", a.to);
    read_count(c.s, m, "count", a.count);
    read_count(c.s, m, "at_least", a.at_least);
    yamlread::read_keyword(c.s, m.get("last"), "last", {"delivered", "deferred", "failed"}, a.last);
    yamlread::read_keyword(c.s, m.get("first"), "first", {"delivered", "deferred", "failed"},
                           a.first);
    out.check = a;
  } else if (key == "dns_query") {
    DnsQueryCondition d;
    yamlread::read_string(c.s, m.require("name"), "name", d.name);
    yamlread::read_keyword(c.s, m.get("type"), "type", {"MX", "A", "TXT", "PTR"}, d.type);
    c.read_ref(m, "from", Reference::Kind::Node, d.from);
    const YAML::Node empty = m.get("empty");
    bool flag = false;
    if (yamlread::read_bool(c.s, empty, "empty", flag) && empty.IsDefined()) d.empty = flag;
    out.check = d;
  } else if (key == "rewrite") {
    RewriteCondition r;
    c.read_ref(m, "node", Reference::Kind::Server, r.node);
    yamlread::read_string(c.s, m.get("before"), "before", r.before);
    yamlread::read_string(c.s, m.require("after"), "after", r.after);
    out.check = r;
  } else if (key == "answer") {
    AnswerCondition a;
    yamlread::read_localized(c.s, m.require("ask"), "ask", a.ask);
    const YAML::Node accept = m.get("accept");
    const YAML::Node computed = m.get("computed");
    yamlread::read_strings(c.s, accept, "accept", a.accept, true);
    static const std::vector<std::pair<std::string, ComputedAnswer>> kComputed{
        {"client_address", ComputedAnswer::ClientAddress},
        {"path_nodes", ComputedAnswer::PathNodes},
        {"handshake_frames", ComputedAnswer::HandshakeFrames},
        {"mail_from_segment", ComputedAnswer::MailFromSegment},
        {"first_fin", ComputedAnswer::FirstFin},
        {"capture_sessions", ComputedAnswer::CaptureSessions},
        {"capture_clear_user", ComputedAnswer::CaptureClearUser},
        {"capture_smuggling", ComputedAnswer::CaptureSmuggling}};
    std::vector<std::string> names;
    for (const auto& [name, value] : kComputed) names.push_back(name);
    std::string computed_name;
    if (yamlread::read_keyword(c.s, computed, "computed", names, computed_name)) {
      for (const auto& [name, value] : kComputed) {
        if (name == computed_name) a.computed = value;
      }
    }
    if (accept.IsDefined() == computed.IsDefined()) {
      c.s.error(v, "an 'answer' condition needs exactly one of 'accept' or 'computed'");
    }
    yamlread::read_string(c.s, m.get("subject"), "subject", a.subject);
    c.read_ref(m, "node", Reference::Kind::Node, a.node);
    yamlread::read_string(c.s, m.get("capture"), "capture", a.capture);
    const bool needs_capture = a.computed == ComputedAnswer::CaptureSessions ||
                               a.computed == ComputedAnswer::CaptureClearUser ||
                               a.computed == ComputedAnswer::CaptureSmuggling;
    if (needs_capture && a.capture.empty()) {
      c.s.error(v, "a computed answer about a capture needs 'capture'");
    }
    out.check = a;
  }
  m.finish();
}

ConditionSpec read_condition(const StepContext& c, const YAML::Node& v) {
  ConditionSpec condition;
  condition.origin = c.s.at(v);
  MapReader m(c.s, v, "condition");
  if (!m.valid()) return condition;
  if (m.has("not")) {
    ConditionSpec inner = read_condition(c, m.get("not"));
    inner.negate = !inner.negate;
    inner.origin = condition.origin;
    m.finish();
    return inner;
  }
  std::string found;
  for (const auto& key : kConditionKeys) {
    if (!m.has(key)) continue;
    if (!found.empty()) {
      c.s.error(m.key_mark(key),
                "a condition has one kind; found both '" + found + "' and '" + key + "'");
      continue;
    }
    found = key;
    read_condition_body(c, key, m.get(key), condition);
  }
  if (found.empty() && m.node().size() > 0) {
    std::string list;
    for (const auto& k : kConditionKeys) list += (list.empty() ? "" : ", ") + k;
    c.s.error(v, "a condition needs one of: " + list + ", or not");
  }
  m.finish();
  return condition;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Checkpoint and the step list
// ---------------------------------------------------------------------------------------

const std::vector<std::string> kActionKeys{"send", "client", "fault", "clock", "wait", "postconf"};

std::optional<ActionSpec> read_action(const StepContext& c, const YAML::Node& v) {
  MapReader m(c.s, v, "solution action");
  if (!m.valid()) return std::nullopt;
  std::optional<ActionSpec> action;
  for (const auto& key : kActionKeys) {
    if (!m.has(key)) continue;
    if (action) {
      c.s.error(m.key_mark(key), "a solution action has one kind; '" + key + "' is a second one");
      continue;
    }
    ActionSpec a;
    a.origin = c.s.at(v);
    const YAML::Node body = m.get(key);
    if (key == "send") a.action = read_send(c, body);
    if (key == "client") a.action = read_client(c, body);
    if (key == "fault") a.action = read_fault(c, body);
    if (key == "clock") a.action = read_clock(c, body);
    if (key == "wait") a.action = read_wait(c, body);
    if (key == "postconf") a.action = read_postconf(c, body);
    action = a;
  }
  if (!action)
    c.s.error(v, "a solution action needs one of: send, client, fault, clock, wait, postconf");
  m.finish();
  return action;
}

CheckpointStep read_checkpoint(const StepContext& c, const YAML::Node& v) {
  CheckpointStep cp;
  MapReader m(c.s, v, "checkpoint");
  if (!m.valid()) return cp;
  const YAML::Node id = m.require("id");
  if (yamlread::read_string(c.s, id, "id", cp.id) && id.IsDefined()) {
    static const std::regex shape("[0-9]+\\.[0-9]+");
    if (!std::regex_match(cp.id, shape)) {
      c.s.error(id, "checkpoint id '" + cp.id + "' must read CHAPTER.RANK, like 2.1");
    }
  }
  yamlread::read_localized(c.s, m.require("title"), "title", cp.title);
  yamlread::read_localized(c.s, m.get("task"), "task", cp.task);
  const YAML::Node conditions = m.require("conditions");
  if (conditions.IsDefined()) {
    if (!conditions.IsSequence() || conditions.size() == 0) {
      c.s.error(conditions,
                "'conditions' must be a non-empty list, not " + yamlread::describe(conditions));
    } else {
      for (const auto& cond : conditions) cp.conditions.push_back(read_condition(c, cond));
    }
  }
  const YAML::Node hints = m.get("hints");
  if (hints.IsDefined()) {
    if (!hints.IsSequence()) {
      c.s.error(hints, "'hints' must be a list, not " + yamlread::describe(hints));
    } else {
      for (const auto& h : hints) {
        HintSpec hint;
        MapReader hm(c.s, h, "hint");
        if (!hm.valid()) continue;
        long long after = hint.after;
        yamlread::read_int(c.s, hm.get("after"), "after", 1, 100, after);
        hint.after = static_cast<int>(after);
        yamlread::read_localized(c.s, hm.require("text"), "text", hint.text);
        hm.finish();
        cp.hints.push_back(hint);
      }
    }
  }
  const YAML::Node solution = m.get("solution");
  if (solution.IsDefined()) {
    if (!solution.IsSequence()) {
      c.s.error(solution, "'solution' must be a list, not " + yamlread::describe(solution));
    } else {
      for (const auto& a : solution) {
        if (auto action = read_action(c, a)) cp.solution.push_back(*action);
      }
    }
  }
  yamlread::read_strings(c.s, m.get("answers"), "answers", cp.answers, true);
  m.finish();
  return cp;
}

const std::vector<std::string> kStepKeys{"section", "say",        "console", "send",
                                         "client",  "fault",      "clock",   "wait",
                                         "quiz",    "checkpoint", "postconf"};

}  // namespace

void read_steps(const Source& s, const YAML::Node& node, const std::filesystem::path& base_dir,
                ReadContext& context, std::vector<StepSpec>& out) {
  if (!node.IsSequence()) {
    s.error(node, "'steps' must be a list of steps, not " + yamlread::describe(node));
    return;
  }
  const StepContext c{s, base_dir, context};
  for (const auto& item : node) {
    MapReader m(s, item, "step");
    if (!m.valid()) continue;
    std::string found;
    for (const auto& key : kStepKeys) {
      if (!m.has(key)) continue;
      if (!found.empty()) {
        s.error(m.key_mark(key),
                "a step has one kind; found both '" + found + "' and '" + key + "'");
        continue;
      }
      found = key;
      StepSpec step;
      step.origin = s.at(item);
      const YAML::Node body = m.get(key);
      if (key == "section") step.step = read_section(c, body);
      if (key == "say") {
        SayStep say;
        yamlread::read_localized(s, body, "say", say.text);
        step.step = say;
      }
      if (key == "console") step.step = read_console(c, body);
      if (key == "send") step.step = read_send(c, body);
      if (key == "client") step.step = read_client(c, body);
      if (key == "fault") step.step = read_fault(c, body);
      if (key == "clock") step.step = read_clock(c, body);
      if (key == "postconf") step.step = read_postconf(c, body);
      if (key == "wait") step.step = read_wait(c, body);
      if (key == "quiz") step.step = read_quiz(c, body);
      if (key == "checkpoint") step.step = read_checkpoint(c, body);
      out.push_back(std::move(step));
    }
    if (found.empty()) {
      std::string list;
      for (const auto& k : kStepKeys) list += (list.empty() ? "" : ", ") + k;
      s.error(item, "a step needs one of: " + list);
    }
    m.finish();
  }
}

}  // namespace smtplab::lab::scenario_detail
