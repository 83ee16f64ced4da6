// Timeline storage and its JSON-lines form.
#include "sim/lab/timeline.hpp"

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/lab/timeline_json.hpp"

namespace smtplab::lab {
namespace {

constexpr std::array<std::pair<TimelineKind, std::string_view>, 19> kKindNames{{
    {TimelineKind::SessionOpened, "session_opened"},
    {TimelineKind::SessionClosed, "session_closed"},
    {TimelineKind::Command, "command"},
    {TimelineKind::Reply, "reply"},
    {TimelineKind::StateChange, "state_change"},
    {TimelineKind::MessageData, "message_data"},
    {TimelineKind::TlsStarted, "tls_started"},
    {TimelineKind::Discarded, "discarded"},
    {TimelineKind::Note, "note"},
    {TimelineKind::DnsQuery, "dns_query"},
    {TimelineKind::Queued, "queued"},
    {TimelineKind::Deferred, "deferred"},
    {TimelineKind::Relayed, "relayed"},
    {TimelineKind::Delivered, "delivered"},
    {TimelineKind::Bounced, "bounced"},
    {TimelineKind::Policy, "policy"},
    {TimelineKind::Rewrite, "rewrite"},
    {TimelineKind::Fault, "fault"},
    {TimelineKind::Step, "step"},
}};

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

nlohmann::json to_json(const TimelineEvent& e) {
  nlohmann::json j;
  j["seq"] = e.seq;
  j["time"] = e.time;
  j["sim_time"] = e.sim_time;
  j["kind"] = timeline_kind_name(e.kind);
  j["node"] = e.node;
  if (!e.peer.empty()) j["peer"] = e.peer;
  if (e.session) j["session"] = e.session;
  if (!e.client.empty()) j["client"] = e.client;
  if (!e.server.empty()) j["server"] = e.server;
  if (e.direction) {
    j["dir"] = std::string(1, e.direction);
    j["offset"] = e.offset;
    j["length"] = e.length;
    j["tls_epoch"] = e.tls_epoch;
    if (e.batch) j["batch"] = e.batch;
  }
  if (!e.verb.empty()) j["verb"] = e.verb;
  if (e.code) j["code"] = e.code;
  if (!e.enhanced.empty()) j["enhanced"] = e.enhanced;
  j["text"] = e.text;
  if (auto fields = payload_fields(e); !fields.empty()) j["fields"] = std::move(fields);
  return j;
}

}  // namespace

std::string_view timeline_kind_name(TimelineKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "note";
}

std::optional<TimelineKind> timeline_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::uint64_t Timeline::append(TimelineEvent event) {
  std::function<void(const TimelineEvent&)> observer;
  TimelineEvent copy;
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(mutex_);
    const double now = steady_seconds();
    if (start_ < 0) start_ = now;
    event.seq = events_.size() + 1;
    if (event.time == 0) event.time = now - start_;
    events_.push_back(std::move(event));
    seq = events_.back().seq;
    observer = observer_;
    if (observer) copy = events_.back();
  }
  // Outside the lock: an observer may read the timeline or block an agent.
  if (observer) observer(copy);
  return seq;
}

void Timeline::set_observer(std::function<void(const TimelineEvent&)> observer) {
  std::lock_guard lock(mutex_);
  observer_ = std::move(observer);
}

std::vector<TimelineEvent> Timeline::since(std::uint64_t after) const {
  std::lock_guard lock(mutex_);
  if (after >= events_.size()) return {};
  return {events_.begin() + static_cast<std::ptrdiff_t>(after), events_.end()};
}

bool Timeline::try_since(std::uint64_t after, std::vector<TimelineEvent>& out) const {
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return false;
  if (after < events_.size())
    out.assign(events_.begin() + static_cast<std::ptrdiff_t>(after), events_.end());
  return true;
}

std::size_t Timeline::size() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

void Timeline::assign(std::vector<TimelineEvent> events) {
  std::lock_guard lock(mutex_);
  events_ = std::move(events);
}

namespace {

// A command line typed by a student, or a reply from a real server, may hold octets that
// are not UTF-8; JSON cannot, so they become U+FFFD instead of stopping the run.
std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string timeline_event_to_json(const TimelineEvent& event) {
  return dump_json(to_json(event));
}

std::string Timeline::to_jsonl() const {
  std::string out;
  for (const auto& e : snapshot()) {
    out += dump_json(to_json(e));
    out += '\n';
  }
  return out;
}

std::vector<TimelineEvent> Timeline::parse_jsonl(std::string_view text) {
  std::vector<TimelineEvent> events;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty()) continue;
    try {
      const auto j = nlohmann::json::parse(line);
      TimelineEvent e;
      e.seq = j.at("seq").get<std::uint64_t>();
      e.time = j.value("time", 0.0);
      e.sim_time = j.value("sim_time", 0.0);
      const auto kind = timeline_kind_from_name(j.at("kind").get<std::string>());
      if (!kind) throw std::runtime_error("unknown kind " + j.at("kind").get<std::string>());
      e.kind = *kind;
      e.node = j.value("node", "");
      e.peer = j.value("peer", "");
      e.session = j.value("session", std::uint64_t{0});
      e.client = j.value("client", "");
      e.server = j.value("server", "");
      const std::string dir = j.value("dir", "");
      if (!dir.empty()) {
        e.direction = dir[0];
        e.offset = j.value("offset", std::uint64_t{0});
        e.length = j.value("length", std::uint64_t{0});
        e.tls_epoch = j.value("tls_epoch", 0u);
        e.batch = j.value("batch", std::uint64_t{0});
      }
      e.verb = j.value("verb", "");
      e.code = j.value("code", 0);
      e.enhanced = j.value("enhanced", "");
      e.text = j.value("text", "");
      if (j.contains("fields"))
        e.payload = payload_from_fields(e.kind, e.node, j.at("fields").get<JsonFields>());
      events.push_back(std::move(e));
    } catch (const std::exception& error) {
      throw std::runtime_error("line " + std::to_string(line_number) + ": " + error.what());
    }
  }
  return events;
}

}  // namespace smtplab::lab
