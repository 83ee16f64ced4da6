// Payload <-> "fields" mapping (see timeline_json.hpp). The keys and the way values are
// spelt are contracts: recorded timelines, `smtplab log`, graders and tools read them.
//
// [SECTION] text helpers
// [SECTION] writing: one function per payload
// [SECTION] reading: a reader that knows which keys it took
// [SECTION] reading: one function per payload, chosen by kind and keys
#include "sim/lab/timeline_json.hpp"

#include <charconv>
#include <set>
#include <stdexcept>
#include <type_traits>

namespace smtplab::lab {
namespace {

// ---------------------------------------------------------------------------------------
// [SECTION] text helpers

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

/// The inverse of join: "" is no item (a list of one empty item is never written).
std::vector<std::string> split(const std::string& text, std::string_view separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    const auto at = text.find(separator, start);
    out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + separator.size();
  }
  return out;
}

constexpr agents::DsnAction kDsnActions[] = {agents::DsnAction::Failed, agents::DsnAction::Delayed,
                                             agents::DsnAction::Delivered,
                                             agents::DsnAction::Relayed};

// ---------------------------------------------------------------------------------------
// [SECTION] writing: one function per payload

void put(JsonFields& out, const char* key, const std::optional<std::string>& value) {
  if (value) out[key] = *value;
}

void write(JsonFields& out, const QueuedPayload& p) {
  out["queue_id"] = p.queue_id;
  out["from"] = p.from;
  out["rcpts"] = join(p.rcpts, ",");
  put(out, "smtp_id", p.smtp_id);
  if (p.dsn) out["dsn"] = "yes";
}

void write(JsonFields& out, const DeferredPayload& p) {
  out["queue_id"] = p.queue_id;
  out["next_retry"] = std::to_string(p.next_retry);
  out["retry_in"] = std::to_string(p.retry_in);
  out["reason"] = p.reason;
  if (p.problem) {
    out["problem"] = std::string(agents::kind_name(p.problem->kind));
    out["problem_subject"] = p.problem->subject;
    out["problem_detail"] = p.problem->detail;
  }
  out["attempts"] = std::to_string(p.attempts);
}

void write(JsonFields& out, const RelayedPayload& p) {
  out["queue_id"] = p.queue_id;
  out["rcpt"] = p.rcpt;
  out["to_node"] = p.to_node;
  out["reply"] = p.reply;
}

void write(JsonFields& out, const DeliveredPayload& p) {
  out["mailbox"] = p.mailbox;
  out["file"] = p.file;
  out["from"] = p.from;
}

void write(JsonFields& out, const BouncedPayload& p) {
  out["rcpt"] = join(p.rcpts, ",");
  out["to"] = p.to;
  out["reason"] = p.reason;
  out["queue_id"] = p.queue_id;
  out["action"] = agents::dsn_action_name(p.action);
}

void write(JsonFields& out, const PolicyPayload& p) {
  out["policy"] = p.policy;
  out["result"] = p.result;
  put(out, "client", p.client);
  put(out, "mailbox", p.mailbox);
  put(out, "domain", p.domain);
  put(out, "decided_by", p.decided_by);
  put(out, "disposition", p.disposition);
  put(out, "user", p.user);
}

void write(JsonFields& out, const RewritePayload& p) {
  out["rule"] = p.rule;
  out["before"] = p.before;
  put(out, "after", p.after);
}

void write(JsonFields& out, const QueueExpiredPayload& p) {
  out["queue_id"] = p.queue_id;
}

void write(JsonFields&, const AgentNotePayload&) {}

void write(JsonFields& out, const DnsQueryPayload& p) {
  out["name"] = p.name;
  out["type"] = p.type;
  out["result"] = p.result;
  out["answers"] = join(p.answers, ", ");
}

void write(JsonFields& out, const SessionOpenedPayload& p) {
  out["listener"] = p.listener;
}

void write(JsonFields& out, const TransactionPayload& p) {
  out["transaction"] = "data";
  out["subject"] = p.subject;
  out["mail_from"] = p.mail_from;
  out["rcpts"] = join(p.rcpts, ",");
  out["rcpt_count"] = std::to_string(p.rcpt_count);
}

void write(JsonFields& out, const ClientFailurePayload& p) {
  out["failure"] = p.connected ? "session" : "connect";
  out["reason"] = p.reason;
  out["failure_kind"] = p.failure_kind;
}

void write(JsonFields& out, const ConnectFailedPayload& p) {
  out["connect_failed"] = p.address;
  out["to_node"] = p.to_node;
  out["failure"] = "connect";
  out["reason"] = p.reason;
}

void write(JsonFields& out, const SessionOriginPayload& p) {
  out["origin"] = p.student ? "student" : "lab";
  out["origin_session"] = std::to_string(p.session);
  out["via"] = p.via;
}

void write(JsonFields& out, const FaultPayload& p) {
  out["action"] = p.inject ? "inject" : "clear";
  out["target"] = p.target;
  if (p.fault) out["fault"] = fault_timeline_name(*p.fault);
  put(out, "verb", p.verb);
  if (p.code) out["code"] = std::to_string(*p.code);
  if (p.delay_ms) out["delay_ms"] = std::to_string(*p.delay_ms);
  if (p.after_bytes) out["after_bytes"] = std::to_string(*p.after_bytes);
}

void write(JsonFields& out, const StepPayload& p) {
  out["step"] = p.step;
  out["index"] = std::to_string(p.index);
  out["result"] = p.result;
  out["line"] = std::to_string(p.line);
  out["text_fr"] = p.text.fr;
  out["text_en"] = p.text.en;
  put(out, "id", p.id);
  put(out, "student_part", p.student_part);
  if (p.quiz) {
    out["first_try"] = p.quiz->first_try_right ? "right" : "wrong";
    out["tries"] = std::to_string(p.quiz->tries);
    out["solved"] = p.quiz->solved ? "true" : "false";
  }
  for (std::size_t i = 0; i < p.hints.size(); ++i) {
    out["hint" + std::to_string(i + 1) + "_fr"] = p.hints[i].fr;
    out["hint" + std::to_string(i + 1) + "_en"] = p.hints[i].en;
  }
}

void write(JsonFields& out, const PartMarkPayload& p) {
  out["student_part"] = p.part;
}

void write(JsonFields& out, const CaptureRefPayload& p) {
  out["frame"] = std::to_string(p.frame);
  if (p.first_frame) out["first_frame"] = std::to_string(*p.first_frame);
  if (p.entry) out["entry"] = std::to_string(*p.entry);
  if (p.auth) out["auth"] = "true";
  if (p.data_bytes) out["data_bytes"] = std::to_string(*p.data_bytes);
  if (p.implicit_tls) out["implicit"] = "true";
}

template <class Payload, class Variant>
struct IsAlternative;
template <class Payload, class... Alternatives>
struct IsAlternative<Payload, std::variant<Alternatives...>>
    : std::bool_constant<(std::is_same_v<Payload, Alternatives> || ...)> {};

/// An agent's payload: its fields carry the node that reported it, as they always did.
template <class Payload>
constexpr bool kFromAgent = IsAlternative<Payload, agents::AgentPayload>::value;

// ---------------------------------------------------------------------------------------
// [SECTION] reading: a reader that knows which keys it took

class FieldReader {
 public:
  explicit FieldReader(const JsonFields& fields) : fields_(fields) {}

  bool has(const char* key) const { return fields_.count(key) != 0; }

  std::optional<std::string> optional(const std::string& key) {
    const auto it = fields_.find(key);
    if (it == fields_.end()) return std::nullopt;
    taken_.insert(key);
    return it->second;
  }

  std::string need(const std::string& key) {
    auto value = optional(key);
    if (!value) throw std::runtime_error("missing field \"" + key + "\"");
    return *value;
  }

  template <class Number>
  Number number(const std::string& key) {
    return to_number<Number>(key, need(key));
  }

  template <class Number>
  std::optional<Number> optional_number(const std::string& key) {
    const auto value = optional(key);
    if (!value) return std::nullopt;
    return to_number<Number>(key, *value);
  }

  /// A field that only ever holds `a` (true) or `b` (false).
  bool choice(const std::string& key, std::string_view a, std::string_view b) {
    const std::string value = need(key);
    if (value != a && value != b)
      throw std::runtime_error("field \"" + key + "\" is \"" + value + "\", not \"" +
                               std::string(a) + "\" or \"" + std::string(b) + "\"");
    return value == a;
  }

  /// A field that always holds `value` (it says which payload this is).
  void fixed(const std::string& key, std::string_view value) {
    const std::string found = need(key);
    if (found != value)
      throw std::runtime_error("field \"" + key + "\" is \"" + found + "\", not \"" +
                               std::string(value) + "\"");
  }

  /// A flag written only when set, as `value`.
  bool flag(const std::string& key, std::string_view value) {
    const auto found = optional(key);
    if (found && *found != value)
      throw std::runtime_error("field \"" + key + "\" is \"" + *found + "\", not \"" +
                               std::string(value) + "\"");
    return found.has_value();
  }

  /// Throws on a key nobody took: the typed payload would lose it.
  void finish(std::string_view kind) const {
    for (const auto& [key, value] : fields_) {
      if (!taken_.count(key))
        throw std::runtime_error("unexpected field \"" + key + "\" in a " + std::string(kind) +
                                 " event");
    }
  }

 private:
  template <class Number>
  static Number to_number(const std::string& key, const std::string& text) {
    Number value{};
    const char* end = text.data() + text.size();
    const auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || ptr != end)
      throw std::runtime_error("field \"" + key + "\" is not a number: \"" + text + "\"");
    return value;
  }

  const JsonFields& fields_;
  std::set<std::string> taken_;
};

// ---------------------------------------------------------------------------------------
// [SECTION] reading: one function per payload, chosen by kind and keys

QueuedPayload read_queued(FieldReader& r) {
  QueuedPayload p;
  p.queue_id = r.need("queue_id");
  p.from = r.need("from");
  p.rcpts = split(r.need("rcpts"), ",");
  p.smtp_id = r.optional("smtp_id");
  p.dsn = r.flag("dsn", "yes");
  return p;
}

DeferredPayload read_deferred(FieldReader& r) {
  DeferredPayload p;
  p.queue_id = r.need("queue_id");
  p.next_retry = r.number<double>("next_retry");
  p.retry_in = r.number<std::int64_t>("retry_in");
  p.reason = r.need("reason");
  if (const auto problem = r.optional("problem")) {
    p.problem = agents::DeliveryProblem{agents::kind_from_name(*problem), r.need("problem_subject"),
                                        r.need("problem_detail")};
  }
  p.attempts = r.number<unsigned>("attempts");
  return p;
}

RelayedPayload read_relayed(FieldReader& r) {
  return {r.need("queue_id"), r.need("rcpt"), r.need("to_node"), r.need("reply")};
}

DeliveredPayload read_delivered(FieldReader& r) {
  return {r.need("mailbox"), r.need("file"), r.need("from")};
}

BouncedPayload read_bounced(FieldReader& r) {
  BouncedPayload p;
  p.rcpts = split(r.need("rcpt"), ",");
  p.to = r.need("to");
  p.reason = r.need("reason");
  p.queue_id = r.need("queue_id");
  const std::string action = r.need("action");
  bool known = false;
  for (const auto a : kDsnActions) {
    if (action == agents::dsn_action_name(a)) {
      p.action = a;
      known = true;
    }
  }
  if (!known) throw std::runtime_error("unknown DSN action \"" + action + "\"");
  return p;
}

PolicyPayload read_policy(FieldReader& r) {
  PolicyPayload p;
  p.policy = r.need("policy");
  p.result = r.need("result");
  p.client = r.optional("client");
  p.mailbox = r.optional("mailbox");
  p.domain = r.optional("domain");
  p.decided_by = r.optional("decided_by");
  p.disposition = r.optional("disposition");
  p.user = r.optional("user");
  return p;
}

RewritePayload read_rewrite(FieldReader& r) {
  return {r.need("rule"), r.need("before"), r.optional("after")};
}

DnsQueryPayload read_dns_query(FieldReader& r) {
  return {r.need("name"), r.need("type"), r.need("result"), split(r.need("answers"), ", ")};
}

TransactionPayload read_transaction(FieldReader& r) {
  r.fixed("transaction", "data");
  return {r.need("subject"), r.need("mail_from"), split(r.need("rcpts"), ","),
          r.number<std::size_t>("rcpt_count")};
}

FaultPayload read_fault(FieldReader& r) {
  FaultPayload p;
  p.inject = r.choice("action", "inject", "clear");
  p.target = r.need("target");
  if (const auto name = r.optional("fault")) {
    p.fault = fault_kind_from_timeline(*name);
    if (!p.fault) throw std::runtime_error("unknown fault \"" + *name + "\"");
  }
  p.verb = r.optional("verb");
  p.code = r.optional_number<int>("code");
  p.delay_ms = r.optional_number<std::uint32_t>("delay_ms");
  p.after_bytes = r.optional_number<std::uint64_t>("after_bytes");
  return p;
}

StepPayload read_step(FieldReader& r) {
  StepPayload p;
  p.step = r.need("step");
  p.index = r.number<std::size_t>("index");
  p.result = r.need("result");
  p.line = r.number<int>("line");
  p.text = {r.need("text_fr"), r.need("text_en")};
  p.id = r.optional("id");
  p.student_part = r.optional("student_part");
  if (r.has("first_try") || r.has("tries") || r.has("solved")) {
    QuizScore score;
    score.first_try_right = r.choice("first_try", "right", "wrong");
    score.tries = r.number<int>("tries");
    score.solved = r.choice("solved", "true", "false");
    p.quiz = score;
  }
  for (std::size_t i = 1;; ++i) {
    const std::string key = "hint" + std::to_string(i);
    if (!r.has((key + "_fr").c_str()) && !r.has((key + "_en").c_str())) break;
    p.hints.push_back({r.need(key + "_fr"), r.need(key + "_en")});
  }
  return p;
}

CaptureRefPayload read_capture_ref(FieldReader& r) {
  CaptureRefPayload p;
  p.frame = r.number<std::uint64_t>("frame");
  p.first_frame = r.optional_number<std::uint64_t>("first_frame");
  p.entry = r.optional_number<std::size_t>("entry");
  p.auth = r.flag("auth", "true");
  p.data_bytes = r.optional_number<std::uint64_t>("data_bytes");
  p.implicit_tls = r.flag("implicit", "true");
  return p;
}

TimelinePayload read_note(FieldReader& r) {
  if (r.has("transaction")) return read_transaction(r);
  if (r.has("connect_failed")) {
    r.fixed("failure", "connect");
    return ConnectFailedPayload{r.need("connect_failed"), r.need("to_node"), r.need("reason")};
  }
  if (r.has("failure")) {
    const bool connected = r.choice("failure", "session", "connect");
    return ClientFailurePayload{connected, r.need("reason"), r.need("failure_kind")};
  }
  if (r.has("origin")) {
    return SessionOriginPayload{r.choice("origin", "student", "lab"),
                                r.number<std::uint64_t>("origin_session"), r.need("via")};
  }
  if (r.has("queue_id")) return QueueExpiredPayload{r.need("queue_id")};
  return AgentNotePayload{};
}

TimelinePayload read_payload(TimelineKind kind, FieldReader& r) {
  if (r.has("frame")) return read_capture_ref(r);
  switch (kind) {
    case TimelineKind::DnsQuery:
      return read_dns_query(r);
    case TimelineKind::SessionOpened:
      return SessionOpenedPayload{r.need("listener")};
    case TimelineKind::Queued:
      return read_queued(r);
    case TimelineKind::Deferred:
      return read_deferred(r);
    case TimelineKind::Relayed:
      return read_relayed(r);
    case TimelineKind::Delivered:
      return read_delivered(r);
    case TimelineKind::Bounced:
      return read_bounced(r);
    case TimelineKind::Policy:
      return read_policy(r);
    case TimelineKind::Rewrite:
      return read_rewrite(r);
    case TimelineKind::Note:
      return read_note(r);
    case TimelineKind::Fault:
      return read_fault(r);
    case TimelineKind::Step:
      if (r.has("step")) return read_step(r);
      return PartMarkPayload{r.need("student_part")};
    default:
      return std::monostate{};  // finish() names the first field such a kind cannot have
  }
}

}  // namespace

JsonFields payload_fields(const TimelineEvent& event) {
  JsonFields out;
  std::visit(
      [&](const auto& payload) {
        using Payload = std::decay_t<decltype(payload)>;
        if constexpr (!std::is_same_v<Payload, std::monostate>) {
          write(out, payload);
          if constexpr (kFromAgent<Payload>) out["node"] = event.node;
        }
      },
      event.payload);
  return out;
}

TimelinePayload payload_from_fields(TimelineKind kind, const std::string& node,
                                    const JsonFields& fields) {
  if (fields.empty()) return std::monostate{};
  FieldReader reader(fields);
  TimelinePayload payload = read_payload(kind, reader);
  const bool from_agent =
      std::visit([](const auto& p) { return kFromAgent<std::decay_t<decltype(p)>>; }, payload);
  if (from_agent) {
    const std::string agent = reader.need("node");
    if (agent != node)
      throw std::runtime_error("field \"node\" (" + agent + ") is not the event's node (" + node +
                               ")");
  }
  reader.finish(timeline_kind_name(kind));
  return payload;
}

}  // namespace smtplab::lab
