// The lab runtime.
//
// [SECTIONS] nodes · start and stop · timeline feeds · MUA submission · queue runners ·
// faults · waiting · transcript
#include "sim/lab/lab_runtime.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "sim/message/mime.hpp"
#include "sim/net/ports.hpp"
#include "sim/net/smtp_client.hpp"
#include "sim/net/smtp_server.hpp"

namespace smtplab::lab {
namespace {

std::uint16_t standard_port(const std::string& listener) {
  if (listener == "submission") return 587;
  if (listener == "smtps") return 465;
  return 25;
}

/// The timeline's kind of an agent's event: its payload's.
TimelineKind timeline_kind(const agents::AgentPayload& payload) {
  struct Kind {
    TimelineKind operator()(const agents::QueuedPayload&) const { return TimelineKind::Queued; }
    TimelineKind operator()(const agents::DeferredPayload&) const { return TimelineKind::Deferred; }
    TimelineKind operator()(const agents::RelayedPayload&) const { return TimelineKind::Relayed; }
    TimelineKind operator()(const agents::DeliveredPayload&) const {
      return TimelineKind::Delivered;
    }
    TimelineKind operator()(const agents::BouncedPayload&) const { return TimelineKind::Bounced; }
    TimelineKind operator()(const agents::PolicyPayload&) const { return TimelineKind::Policy; }
    TimelineKind operator()(const agents::RewritePayload&) const { return TimelineKind::Rewrite; }
    TimelineKind operator()(const agents::QueueExpiredPayload&) const { return TimelineKind::Note; }
    TimelineKind operator()(const agents::AgentNotePayload&) const { return TimelineKind::Note; }
  };
  return std::visit(Kind{}, payload);
}

/// The node whose thread is asking the resolver right now, for the DnsQuery event's peer
/// (the resolver is called synchronously by the queue runner or the server thread).
thread_local std::string dns_asker;

/// Sets `dns_asker` for the lifetime of a scope.
struct AskingNode {
  explicit AskingNode(const std::string& id) : previous(dns_asker) { dns_asker = id; }
  ~AskingNode() { dns_asker = previous; }
  AskingNode(const AskingNode&) = delete;
  AskingNode& operator=(const AskingNode&) = delete;
  std::string previous;
};

/// Why a session broke before its end ("timeout waiting for the server", "the server
/// closed the connection"), from the local 421 the client gives its recipients then; empty
/// when the session ended with the server's own replies.
std::string broken_session_reason(const std::vector<protocol::MessageResult>& results) {
  for (const auto& message : results) {
    for (const auto& r : message.recipients) {
      if (r.reply.code == 421 && r.reply.enhanced == "4.4.2" && !r.reply.lines.empty())
        return r.reply.lines.front();
    }
  }
  return {};
}

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "" : address.substr(at + 1);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] nodes

namespace {

/// A "reply CODE to VERB" fault: what to answer, and how many more times.
struct ReplyFault {
  int code = 451;
  std::string text;        // empty = a standard text naming the fault
  std::uint32_t left = 0;  // 0 = until cleared
};

/// The answer of a "reply CODE to VERB" fault. The code is the lecturer's; the catalogue row
/// of its class gives the enhanced code and a text naming the fault. A lecturer's own text
/// goes without an enhanced code: the lab cannot tell which one it would mean.
protocol::SmtpError injected_reply(int code, const std::string& text, const std::string& verb) {
  protocol::SmtpError error = protocol::SmtpError::from(
      code >= 500 ? protocol::ReplyId::InjectedPermanent : protocol::ReplyId::InjectedTransient,
      std::to_string(code) + " to " + verb, "fault injected by the lab");
  error.code = code;
  if (!text.empty()) {
    error.text = text;
    error.enhanced.clear();
  }
  return error;
}

/// What a node's faults and personality say before its agent sees a command.
struct NodeFaults {
  std::mutex mutex;
  std::map<std::string, ReplyFault> replies;  // verb -> fault
  std::uint32_t delay_ms = 0;
  bool esmtp = true;  // false: EHLO gets 502 (a server from before RFC 1869)
  std::optional<std::uint64_t> drop_data_after;  // the drop_data fault: messages longer than this
  bool drop_next_write = false;  // the reply to the final dot is never written: the link drops
};

/// Lets the runtime answer in the agent's place (faults, a HELO-only server) and see
/// each transaction that ends in DATA.
class FaultingDelegate : public protocol::ServerDelegate {
 public:
  using TransactionSink = std::function<void(const protocol::Envelope&, std::string_view)>;
  FaultingDelegate(protocol::ServerDelegate& inner, NodeFaults& faults, const LabPause& pause,
                   std::string node_id, TransactionSink on_transaction)
      : inner_(inner),
        faults_(faults),
        pause_(pause),
        node_id_(std::move(node_id)),
        on_transaction_(std::move(on_transaction)) {}
  std::optional<protocol::SmtpError> check_sender(const protocol::Envelope& e,
                                                  const protocol::Path& p) override {
    const AskingNode asking(node_id_);
    return inner_.check_sender(e, p);
  }
  std::optional<protocol::SmtpError> check_recipient(const protocol::Envelope& e,
                                                     const protocol::Path& p) override {
    return inner_.check_recipient(e, p);
  }
  bool authenticate(std::string_view u, std::string_view p) override {
    return inner_.authenticate(u, p);
  }
  protocol::VerifyAnswer verify(std::string_view n) override { return inner_.verify(n); }
  std::optional<std::vector<std::string>> expand(std::string_view l) override {
    return inner_.expand(l);
  }
  std::optional<protocol::SmtpError> before_command(protocol::Verb verb) override {
    std::uint32_t delay = 0;
    std::optional<protocol::SmtpError> answer;
    {
      std::lock_guard lock(faults_.mutex);
      delay = faults_.delay_ms;
      const std::string name(protocol::verb_name(verb));
      if (!faults_.esmtp && verb == protocol::Verb::Ehlo) {
        answer = protocol::SmtpError::from(protocol::ReplyId::EsmtpNotSupported, {},
                                           "node without ESMTP");
      } else if (const auto it = faults_.replies.find(name); it != faults_.replies.end()) {
        answer = injected_reply(it->second.code, it->second.text, name);
        if (it->second.left > 0 && --it->second.left == 0) faults_.replies.erase(it);
      }
    }
    // A slow server: the reply waits, the session stays open (the client's timeout runs).
    // Lab time: a pause of the lab does not count.
    const double until = pause_.running_seconds() + delay / 1000.0;
    while (delay && pause_.running_seconds() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<std::uint32_t>(delay, 10)));
    return answer;
  }
  protocol::DeliveryResult deliver(const protocol::Envelope& e, std::string_view m) override {
    {
      // drop_data: the connection breaks before the final reply, so the client never gets
      // a 250 and must keep the message (RFC 5321 §6.1: no reply, no responsibility taken).
      std::lock_guard lock(faults_.mutex);
      if (faults_.drop_data_after && m.size() > *faults_.drop_data_after) {
        faults_.drop_next_write = true;
        protocol::DeliveryResult dropped;
        dropped.error =
            protocol::SmtpError::from(protocol::ReplyId::ConnectionDropped, {}, "drop_data fault");
        return dropped;
      }
    }
    if (on_transaction_) on_transaction_(e, m);
    const AskingNode asking(node_id_);  // SPF, DKIM and DMARC look-ups
    return inner_.deliver(e, m);
  }

 private:
  protocol::ServerDelegate& inner_;
  NodeFaults& faults_;
  const LabPause& pause_;
  std::string node_id_;
  TransactionSink on_transaction_;
};

/// Turns a node's `extensions` list into the server's switches (empty = all supported).
void apply_extensions(const NodeSpec& spec, protocol::ServerConfig& smtp) {
  if (spec.extensions.empty()) return;
  const auto has = [&](const char* keyword) {
    return std::find(spec.extensions.begin(), spec.extensions.end(), keyword) !=
           spec.extensions.end();
  };
  smtp.pipelining = has("PIPELINING");
  smtp.eight_bit_mime = has("8BITMIME");
  smtp.enhanced_status_codes = has("ENHANCEDSTATUSCODES");
  smtp.smtputf8 = has("SMTPUTF8");
  smtp.chunking = has("CHUNKING");
  smtp.dsn = has("DSN");
  smtp.help = has("HELP");
  if (!has("AUTH")) smtp.auth = false;
  // SIZE is announced whenever a limit is set; without the keyword, no limit is announced.
  if (!has("SIZE")) smtp.max_message_size = 0;
}

}  // namespace

/// What the runtime keeps per node: its agent, its server and the threads that run them.
struct LabRuntime::Node {
  NodeSpec spec;
  std::unique_ptr<agents::MtaAgent> agent;             // null for a MUA
  std::unique_ptr<protocol::ServerDelegate> delegate;  // the agent behind its fault filter
  std::unique_ptr<net::SmtpServer> server;
  std::thread io_thread;
  std::thread queue_thread;
  std::map<std::string, std::uint16_t> ports;  // bound ports by listener name (ports_mutex)
  // start_node writes ports again when a NodeDown fault is cleared, while the other nodes'
  // queue threads look them up to relay (port()): TSan saw that race.
  mutable std::mutex ports_mutex;
  std::atomic<bool> down{false};
  bool starttls_stripped = false;  // the strip_starttls fault (the node restarts without it)
  NodeFaults faults;
  // Replies made by the server's machine, waiting for the step gate (io thread only: the
  // lab's servers run one I/O thread, which makes them and then writes them).
  std::vector<TimelineEvent> held_replies;
};

LabRuntime::LabRuntime(TopologySpec topology, RuntimeOptions options)
    : topology_(std::move(topology)),
      options_(std::move(options)),
      clock_(topology_.clock_speed, &pause_),
      gate_(&pause_),
      resolver_(topology_.nodes, topology_.dns) {
  gate_.set_step_mode(options_.step_mode);
  // A queue runner sleeps until its next retry time; these wake it when that time moves.
  pause_.set_on_change([this] { wake_queue_runners(); });
  clock_.set_on_change([this] { wake_queue_runners(); });
  timeline_.set_observer([this](const TimelineEvent& event) { on_timeline_event(event); });
  resolver_.set_observer([this](const agents::DnsQueryEvent& q) {
    TimelineEvent e;
    e.kind = TimelineKind::DnsQuery;
    e.node = "dns";
    e.peer = dns_asker;
    e.sim_time = clock_.now();
    std::string answers;
    for (const auto& a : q.answers) answers += (answers.empty() ? "" : ", ") + a;
    e.text = std::string(agents::to_string(q.type)) + " " + q.name + " -> " +
             agents::to_string(q.status) + (answers.empty() ? "" : ": " + answers);
    e.payload =
        DnsQueryPayload{q.name, agents::to_string(q.type), agents::to_string(q.status), q.answers};
    timeline_.append(std::move(e));
  });
  for (const auto& spec : topology_.nodes) {
    auto node = std::make_unique<Node>();
    node->spec = spec;
    if (node->spec.hostname.empty()) node->spec.hostname = spec.id;
    if (spec.kind != NodeKind::Mua) {
      node->agent = std::make_unique<agents::MtaAgent>(
          node->spec, options_.state_dir / "mail" / spec.id, options_.state_dir / "spool" / spec.id,
          resolver_, [this] { return clock_.now(); },
          [this, id = spec.id](const agents::AgentEvent& e) { on_agent_event(id, e); });
      node->agent->set_queue_timing(topology_.queue.retry_after, topology_.queue.lifetime,
                                    topology_.queue.delay_warning);
      node->agent->queue().set_on_change([this] { wake_queue_runners(); });
      // Its live settings, where an administrator edits them (etc/<node>/main.cf).
      node->agent->use_config_file(options_.state_dir / "etc" / spec.id / "main.cf");
    }
    nodes_.push_back(std::move(node));
  }
}

LabRuntime::~LabRuntime() {
  stop();
}

agents::MtaAgent* LabRuntime::agent(const std::string& node_id) {
  for (auto& n : nodes_) {
    if (n->spec.id == node_id) return n->agent.get();
  }
  return nullptr;
}

std::uint16_t LabRuntime::port(const std::string& node_id, const std::string& listener) const {
  for (const auto& n : nodes_) {
    if (n->spec.id != node_id) continue;
    const std::lock_guard lock(n->ports_mutex);
    const auto it = n->ports.find(listener);
    return it == n->ports.end() ? 0 : it->second;
  }
  return 0;
}

std::string LabRuntime::node_at(const std::string& address) const {
  for (const auto& n : nodes_) {
    if (n->spec.address == address) return n->spec.id;
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// [SECTION] start and stop

void LabRuntime::start() {
  if (running_.exchange(true)) return;
  for (auto& node : nodes_) {
    if (node->spec.kind == NodeKind::Mua) continue;
    start_node(*node);
    Node* raw = node.get();
    node->queue_thread = std::thread([this, raw] { run_queue(*raw); });
  }
}

void LabRuntime::start_node(Node& node) {
  // A node whose `extensions` list leaves STARTTLS out has no TLS at all (nor smtps).
  // Under the strip_starttls fault a man in the middle removes it too; it cannot strip
  // implicit TLS, only block it, so the smtps port closes as well (RFC 8314 §3).
  const bool starttls_announced =
      !node.starttls_stripped &&
      (node.spec.extensions.empty() ||
       std::find(node.spec.extensions.begin(), node.spec.extensions.end(), "STARTTLS") !=
           node.spec.extensions.end());
  net::ServerOptions options;
  options.listeners.clear();
  std::vector<std::string> names{"smtp"};
  if (node.spec.kind == NodeKind::Msa) names = {"smtp", "submission", "smtps"};
  for (const auto& name : names) {
    if (name == "smtps" && !(node.spec.tls && starttls_announced)) continue;
    net::Listener l;
    l.name = name;
    l.address = node.spec.address;
    l.implicit_tls = name == "smtps";
    l.auth_required = name != "smtp";
    const auto configured = node.spec.ports.find(name);
    if (configured != node.spec.ports.end() && configured->second != 0) {
      l.port = configured->second;
    } else if (node.ports.count(name)) {
      l.port = node.ports[name];  // a restart after a NodeDown fault keeps its port
    } else {
      l.port = options_.standard_ports ? net::lab_port(standard_port(name)) : 0;
    }
    options.listeners.push_back(l);
  }
  protocol::ServerConfig& smtp = options.smtp;
  smtp.hostname = node.spec.hostname;
  smtp.greeting = node.spec.banner;
  smtp.auth = !node.spec.users.empty();
  smtp.auth_over_cleartext = node.spec.auth_over_cleartext;
  smtp.max_message_size = node.spec.max_message_size;
  smtp.vrfy = node.spec.vrfy ? protocol::VrfyPolicy::Enabled : protocol::VrfyPolicy::CannotVerify;
  smtp.expn = node.spec.expn;
  // A node that appends its domain to bare local parts must first accept them.
  smtp.allow_unqualified_sender = !node.spec.rewrite.append_domain.empty();
  apply_extensions(node.spec, smtp);
  for (const auto& [name, text] : node.spec.replies) {
    if (const auto id = protocol::reply_id_from_name(name)) {
      smtp.texts[*id] = text;
    } else {
      throw std::runtime_error(node.spec.id + ": unknown reply name \"" + name + "\" in replies");
    }
  }
  if (node.spec.tls && starttls_announced) {
    options.tls = net::generate_self_signed_identity(node.spec.hostname);
  }
  options.before_write = [this, &node] {
    bool drop = false;
    {
      std::lock_guard lock(node.faults.mutex);
      drop = std::exchange(node.faults.drop_next_write, false);
    }
    // drop: the server closes the connection instead of answering.
    const bool write = !drop && gate_.pass();
    // The replies join the timeline once the gate lets them out, so that in step mode the
    // dialogue shows each exchange on the "Next" that sends it, not before.
    std::vector<TimelineEvent> replies;
    replies.swap(node.held_replies);
    for (auto& reply : replies) timeline_.append(std::move(reply));
    return write;
  };
  // The command timeout is the lab's time: it stands still while the lab waits for "Next".
  options.idle_timeout = std::chrono::seconds(topology_.server_timeout);
  options.timers_frozen = [this] { return pause_.frozen(); };

  // The agent is wrapped so that faults can answer in its place.
  if (!node.delegate) {
    node.faults.esmtp = node.spec.esmtp;
    node.delegate = std::make_unique<FaultingDelegate>(
        *node.agent, node.faults, pause_, node.spec.id,
        [this, id = node.spec.id](const protocol::Envelope& e, std::string_view m) {
          on_transaction(id, e, m);
        });
  }
  {
    // A new server numbers its sessions from 1 again: they are new sessions of the lab,
    // not the ones the stopped server had under the same numbers.
    std::lock_guard lock(sessions_mutex_);
    std::erase_if(session_ids_,
                  [&](const auto& entry) { return entry.first.first == node.spec.id; });
  }
  node.server = std::make_unique<net::SmtpServer>(options, *node.delegate);
  const std::string id = node.spec.id;
  node.server->on_connection = [this, id](const net::ConnectionEvent& c) {
    TimelineEvent e;
    e.node = id;
    e.sim_time = clock_.now();
    e.client = c.client;
    e.server = c.server;
    const std::string client_ip = c.client.substr(0, c.client.rfind(':'));
    e.peer = node_at(client_ip);
    {
      std::lock_guard lock(sessions_mutex_);
      // Every connection is a session of its own: a server restarted after a node_down
      // fault counts its connections from 1 again, and its retry must not reuse the
      // number of the session that failed.
      auto& global = session_ids_[{id, c.session}];
      if (c.opened || global == 0) global = ++next_session_;
      e.session = global;
      if (c.opened) sessions_by_client_[{id, c.client}] = global;
    }
    if (c.opened) {
      ++open_sessions_;
      e.kind = TimelineKind::SessionOpened;
      e.text = (e.peer.empty() ? c.client : e.peer) + " -> " + id + " (" + c.listener + ")";
      e.payload = SessionOpenedPayload{c.listener};
    } else {
      --open_sessions_;
      e.kind = TimelineKind::SessionClosed;
      e.text = c.reason;
    }
    timeline_.append(std::move(e));
  };
  node.server->on_event = [this, id, &node](const net::SessionEvent& s) {
    if (s.event.kind == protocol::EventKind::StateChange) return;
    TimelineEvent e;
    e.node = id;
    e.sim_time = clock_.now();
    {
      std::lock_guard lock(sessions_mutex_);
      e.session = session_ids_[{id, s.session}];
    }
    const auto& p = s.event;
    e.direction = p.direction == protocol::Direction::ClientToServer   ? 'C'
                  : p.direction == protocol::Direction::ServerToClient ? 'S'
                                                                       : 0;
    e.offset = p.offset;
    e.length = p.length;
    e.tls_epoch = p.tls_epoch;
    e.batch = p.read_batch;
    e.text = p.text;
    switch (p.kind) {
      case protocol::EventKind::Command:
        e.kind = TimelineKind::Command;
        e.verb =
            p.verb == protocol::Verb::Unknown && p.text.starts_with("****")
                ? ""
                : std::string(p.verb == protocol::Verb::Unknown ? "" : protocol::verb_name(p.verb));
        break;
      case protocol::EventKind::Reply:
        e.kind = TimelineKind::Reply;
        e.code = p.code;
        e.enhanced = p.enhanced;
        break;
      case protocol::EventKind::Message:
        e.kind = TimelineKind::MessageData;
        break;
      case protocol::EventKind::TlsStarted:
        e.kind = TimelineKind::TlsStarted;
        break;
      case protocol::EventKind::Discarded:
        e.kind = TimelineKind::Discarded;
        break;
      case protocol::EventKind::Note:
        e.kind = TimelineKind::Note;
        break;
      case protocol::EventKind::StateChange:
        return;
    }
    if (e.kind == TimelineKind::Reply) return node.held_replies.push_back(std::move(e));
    timeline_.append(std::move(e));
  };
  const auto bound = node.server->start();
  {
    const std::lock_guard lock(node.ports_mutex);
    for (std::size_t i = 0; i < options.listeners.size(); ++i)
      node.ports[options.listeners[i].name] = bound[i];
  }
  net::SmtpServer* server = node.server.get();
  node.io_thread = std::thread([server] { server->run(); });
  node.down = false;
}

void LabRuntime::stop_node(Node& node) {
  if (!node.server) return;
  node.server->stop();
  if (node.io_thread.joinable()) node.io_thread.join();
  node.server.reset();
  node.held_replies.clear();  // never written: the server closed first
}

void LabRuntime::stop() {
  if (!running_.exchange(false)) return;
  wake_queue_runners();
  gate_.shutdown();
  for (auto& node : nodes_) stop_node(*node);
  for (auto& node : nodes_) {
    if (node->queue_thread.joinable()) node->queue_thread.join();
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] timeline feeds

void LabRuntime::on_agent_event(const std::string& node_id, const agents::AgentEvent& event) {
  TimelineEvent e;
  e.kind = timeline_kind(event.payload);
  e.node = node_id;
  e.sim_time = clock_.now();
  e.text = event.text;
  e.payload =
      std::visit([](const auto& payload) -> TimelinePayload { return payload; }, event.payload);
  timeline_.append(std::move(e));
}

void LabRuntime::on_transaction(const std::string& node_id, const protocol::Envelope& envelope,
                                std::string_view message) {
  TimelineEvent e;
  e.kind = TimelineKind::Note;
  e.node = node_id;
  e.sim_time = clock_.now();
  e.client =
      envelope.connection.client_address + ":" + std::to_string(envelope.connection.client_port);
  {
    std::lock_guard lock(sessions_mutex_);
    const auto it = sessions_by_client_.find({node_id, e.client});
    if (it != sessions_by_client_.end()) e.session = it->second;
  }
  const auto root = message::parse_message(message);
  std::vector<std::string> rcpts;
  for (const auto& r : envelope.recipients) rcpts.push_back(r.path.mailbox.address());
  const std::string from =
      envelope.reverse_path.null ? "" : envelope.reverse_path.mailbox.address();
  e.payload = TransactionPayload{message::decoded_subject(root), from, std::move(rcpts),
                                 envelope.recipients.size()};
  e.text = "message from <" + from + "> for " + std::to_string(envelope.recipients.size()) +
           " recipient(s)";
  timeline_.append(std::move(e));
}

// ---------------------------------------------------------------------------------------
// [SECTION] MUA submission

std::vector<protocol::MessageResult> LabRuntime::submit(const std::string& mua_id,
                                                        protocol::OutgoingMessage message) {
  const NodeSpec* mua = topology_.find_node(mua_id);
  if (!mua) throw std::runtime_error("no node " + mua_id);
  SubmitRoute route;
  route.from_node = mua_id;
  route.server = mua->submit.server;
  route.listener = mua->submit.port;
  route.auth_user = mua->submit.user;
  route.auth_password = mua->submit.password;
  route.starttls = mua->submit.starttls;
  return submit(route, std::move(message));
}

std::vector<protocol::MessageResult> LabRuntime::submit(const SubmitRoute& route,
                                                        protocol::OutgoingMessage message) {
  const NodeSpec* from = topology_.find_node(route.from_node);
  if (!from) throw std::runtime_error("no node " + route.from_node);
  const NodeSpec* server = topology_.find_node(route.server);
  if (!server) {
    throw std::runtime_error(route.from_node + ": its server " + route.server + " is not a node");
  }
  net::ClientTarget target = lab_client_target();
  target.address = server->address;
  target.port = port(server->id, route.listener);
  if (target.port == 0) {
    throw std::runtime_error(server->id + " has no " + route.listener + " listener");
  }
  target.implicit_tls = route.listener == "smtps";
  target.source_address = from->address;
  protocol::ClientConfig config;
  config.helo_name = from->hostname.empty() ? from->id : from->hostname;
  config.starttls = route.starttls;
  config.auth_user = route.auth_user;
  config.auth_password = route.auth_password;
  TimelineEvent step;
  step.kind = TimelineKind::Step;
  step.node = route.from_node;
  step.sim_time = clock_.now();
  step.text = route.from_node + " submits a message to " + server->id;
  timeline_.append(std::move(step));
  net::ClientConnectionInfo connection;
  auto results =
      net::send_messages(target, config, {std::move(message)}, {},
                         [&](const net::ClientConnectionInfo& info) { connection = info; });
  if (!connection.connected) {
    connection.error = "cannot connect to " + server->id + " (" + server->address + ":" +
                       std::to_string(target.port) + ")";
  } else {
    connection.error = broken_session_reason(results);
  }
  note_client_failure(route.from_node, server->id, connection);
  return results;
}

net::ClientTarget LabRuntime::lab_client_target() {
  net::ClientTarget target;
  target.before_write = [this] { return gate_.pass(); };
  target.timers_frozen = [this] { return pause_.frozen(); };
  return target;
}

void LabRuntime::note_client_failure(const std::string& from_node, const std::string& to_node,
                                     const net::ClientConnectionInfo& info) {
  if (info.error.empty()) return;
  TimelineEvent e;
  e.kind = TimelineKind::Note;
  e.node = from_node;
  e.peer = to_node;
  e.sim_time = clock_.now();
  e.client = info.client;
  e.server = info.server;
  if (info.connected) {
    std::lock_guard lock(sessions_mutex_);
    const auto it = sessions_by_client_.find({to_node, info.client});
    if (it != sessions_by_client_.end()) e.session = it->second;
  }
  e.text = from_node + ": " + info.error;
  e.payload = ClientFailurePayload{info.connected, info.error, info.failure};
  timeline_.append(std::move(e));
}

// ---------------------------------------------------------------------------------------
// [SECTION] queue runners

void LabRuntime::run_queue(Node& node) {
  while (running_) {
    // Read the wake-ups before the queue: a change after this point cuts the wait short.
    const std::uint64_t seen = queue_wakes();
    const double now = clock_.now();
    const auto due = node.agent->queue().due(now);
    if (due.empty()) {
      wait_for_queue(node, seen, now);
      continue;
    }
    ++busy_runners_;
    for (const auto& entry : due) {
      if (!running_) break;
      relay_entry(node, entry);
    }
    --busy_runners_;
  }
}

std::uint64_t LabRuntime::queue_wakes() {
  std::lock_guard lock(queue_wake_mutex_);
  return queue_wakes_;
}

void LabRuntime::wake_queue_runners() {
  {
    std::lock_guard lock(queue_wake_mutex_);
    ++queue_wakes_;
  }
  queue_wake_.notify_all();
}

void LabRuntime::wait_for_queue(Node& node, std::uint64_t seen, double now) {
  // The next retry, in real time: simulated seconds / speed. None while the lab's time
  // stands still (the pause wakes the runner when it thaws) or with nothing to retry.
  std::optional<std::chrono::milliseconds> until_retry;
  const auto next = node.agent->queue().next_due();
  const double speed = clock_.speed();
  if (next && speed > 0 && !pause_.frozen()) {
    // Rounded up, plus one, so the entry is due when the runner looks again; at most an
    // hour (a clock slowed to nearly nothing), then it computes the wait again.
    const double ms = std::min(3600e3, std::max(0.0, (*next - now) / speed * 1000.0));
    until_retry = std::chrono::milliseconds(static_cast<long long>(std::ceil(ms)) + 1);
  }
  std::unique_lock lock(queue_wake_mutex_);
  const auto woken = [&] { return !running_ || queue_wakes_ != seen; };
  if (until_retry) {
    queue_wake_.wait_for(lock, *until_retry, woken);
  } else {
    queue_wake_.wait(lock, woken);
  }
}

void LabRuntime::relay_entry(Node& node, agents::QueueEntry entry) {
  // One attempt per destination domain; hops in preference order (MX fallback).
  std::map<std::string, std::vector<std::string>> by_domain;
  for (const auto& r : entry.pending()) by_domain[domain_of(r)].push_back(r);
  for (const auto& [domain, recipients] : by_domain) {
    agents::DeliveryProblem error;
    bool temporary = false;
    const AskingNode asking(node.spec.id);
    const auto hops = node.agent->next_hops(domain, error, temporary);
    if (hops.empty()) {
      node.agent->defer_all(entry, error, !temporary);
      continue;
    }
    bool attempted = false;
    for (const auto& hop : hops) {
      const std::string hop_node = node_at(hop.address);
      net::ClientTarget target = lab_client_target();
      target.address = hop.address;
      target.port = hop_node.empty() ? net::lab_port(25) : port(hop_node, "smtp");
      // A smarthost outside the topology (a real server: aiosmtpd, Postfix) on its own port.
      if (!node.spec.routing.smarthost.empty() && node.spec.routing.port != 0) {
        target.port = node.spec.routing.port;
      }
      target.source_address = node.spec.address;
      target.timeout = std::chrono::seconds(10);
      protocol::ClientConfig config;
      config.helo_name = node.spec.hostname;
      // RCPT parameters go on with each recipient (RFC 3461 §5.2: NOTIFY, ORCPT) to a lab
      // node that announces DSN; one transaction per distinct set, all in one session.
      // (A hop without DSN would refuse them with 555; RFC 3461 §5.2.2 then wants a
      // "relayed" notice, which the lab does not send.)
      const NodeSpec* hop_spec = hop_node.empty() ? nullptr : topology_.find_node(hop_node);
      const bool hop_has_dsn =
          hop_spec && (hop_spec->extensions.empty() ||
                       std::find(hop_spec->extensions.begin(), hop_spec->extensions.end(), "DSN") !=
                           hop_spec->extensions.end());
      std::vector<protocol::OutgoingMessage> outgoing;
      for (const auto& rcpt : recipients) {
        std::vector<std::string> parameters;
        for (const auto& r : entry.recipients) {
          if (!hop_has_dsn || r.address != rcpt) continue;
          std::istringstream words(r.parameters);
          for (std::string word; words >> word;) parameters.push_back(word);
          break;
        }
        auto same = std::find_if(
            outgoing.begin(), outgoing.end(),
            [&](const protocol::OutgoingMessage& m) { return m.rcpt_parameters == parameters; });
        if (same == outgoing.end()) {
          outgoing.push_back({entry.reverse_path, {}, entry.content, parameters});
          same = outgoing.end() - 1;
        }
        same->recipients.push_back(rcpt);
      }
      net::ClientConnectionInfo connection;
      const auto results =
          net::send_messages(target, config, outgoing, {},
                             [&](const net::ClientConnectionInfo& info) { connection = info; });
      const bool connected = connection.connected;
      if (!connected) {
        // RFC 5321 §5.1: a host that cannot be reached means trying the next MX.
        TimelineEvent e;
        e.kind = TimelineKind::Note;
        e.node = node.spec.id;
        e.sim_time = clock_.now();
        e.text =
            "cannot connect to " + hop.host + " (" + hop.address + "); trying the next MX if any";
        e.peer = hop_node;
        e.payload = ConnectFailedPayload{hop.address, hop_node, "cannot connect to " + hop.host};
        timeline_.append(std::move(e));
        continue;
      }
      connection.error = broken_session_reason(results);
      note_client_failure(node.spec.id, hop_node.empty() ? hop.host : hop_node, connection);
      std::vector<protocol::RecipientResult> per_recipient;
      for (const auto& r : results)
        per_recipient.insert(per_recipient.end(), r.recipients.begin(), r.recipients.end());
      node.agent->record_attempt(entry, per_recipient, hop_node.empty() ? hop.host : hop_node,
                                 hop_has_dsn);
      attempted = true;
      break;
    }
    if (!attempted)
      node.agent->defer_all(entry, {agents::DeliveryProblem::Kind::NoExchangerAnswered, domain, ""},
                            false);
    // Reload: record_attempt/defer_all persisted it, and the next domain must see that.
    for (const auto& current : node.agent->queue().entries()) {
      if (current.id == entry.id) entry = current;
    }
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] breakpoints

void LabRuntime::set_breakpoints(std::set<TimelineKind> kinds) {
  std::lock_guard lock(breakpoints_mutex_);
  breakpoints_ = std::move(kinds);
}

void LabRuntime::step(StepUnit unit) {
  if (unit == StepUnit::Exchange) return gate_.release(1);
  {
    std::lock_guard lock(breakpoints_mutex_);
    step_ends_ = unit == StepUnit::Session
                     ? std::set<TimelineKind>{TimelineKind::SessionClosed}
                     : std::set<TimelineKind>{TimelineKind::Queued, TimelineKind::Delivered,
                                              TimelineKind::Deferred, TimelineKind::Bounced};
  }
  gate_.run_through();
}

void LabRuntime::on_timeline_event(const TimelineEvent& event) {
  std::lock_guard lock(breakpoints_mutex_);
  if (breakpoints_.count(event.kind) && !gate_.step_mode()) gate_.set_step_mode(true);
  // A session or hop step is over: the gate holds the next exchange again.
  if (step_ends_.count(event.kind)) {
    step_ends_.clear();
    gate_.hold();
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] faults

void LabRuntime::inject(const Fault& fault) {
  TimelineEvent e;
  e.kind = TimelineKind::Fault;
  e.sim_time = clock_.now();
  e.node = fault.node;
  FaultPayload change;
  change.inject = true;
  change.target = fault.node.empty() ? fault.target : fault.node;
  for (auto& node : nodes_) {
    if (node->spec.id != fault.node) continue;
    if (fault.kind == Fault::Kind::NodeDown && node->server) {
      stop_node(*node);
      node->down = true;
      e.text = fault.node + " is down: its connections are refused";
      change.fault = fault.kind;
    } else if (fault.kind == Fault::Kind::ReplyToVerb) {
      std::lock_guard lock(node->faults.mutex);
      node->faults.replies[fault.verb] = {fault.code, fault.text, fault.times};
      e.text = fault.node + " answers " + std::to_string(fault.code) + " to " + fault.verb +
               (fault.times ? " (" + std::to_string(fault.times) + " time(s))" : "");
      change.fault = fault.kind;
      change.verb = fault.verb;
      change.code = fault.code;
    } else if (fault.kind == Fault::Kind::DelayReplies) {
      std::lock_guard lock(node->faults.mutex);
      node->faults.delay_ms = fault.delay_ms;
      e.text = fault.node + " waits " + std::to_string(fault.delay_ms) + " ms before each reply";
      change.fault = fault.kind;
      change.delay_ms = fault.delay_ms;
    } else if (fault.kind == Fault::Kind::ModifyBody && node->agent) {
      node->agent->set_modify_body(true);
      e.text = fault.node + " adds a footer to the body of what it relays";
      change.fault = fault.kind;
    } else if (fault.kind == Fault::Kind::StripStartTls && !node->starttls_stripped) {
      node->starttls_stripped = true;
      if (node->server) {
        stop_node(*node);
        start_node(*node);
      }
      e.text = "a man in the middle removes STARTTLS from " + fault.node + "'s EHLO reply";
      change.fault = fault.kind;
    } else if (fault.kind == Fault::Kind::DropData) {
      std::lock_guard lock(node->faults.mutex);
      node->faults.drop_data_after = fault.after_bytes;
      e.text = fault.node + " drops the connection during DATA (messages over " +
               std::to_string(fault.after_bytes) + " octets)";
      change.fault = fault.kind;
      change.after_bytes = fault.after_bytes;
    }
  }
  if (fault.kind == Fault::Kind::BreakDns) {
    if (fault.target.empty()) {
      resolver_.break_all(true, fault.dns);
    } else {
      resolver_.break_name(fault.target, fault.dns);
    }
    const char* answer = fault.dns == agents::DnsBreak::NxDomain  ? "NXDOMAIN"
                         : fault.dns == agents::DnsBreak::Timeout ? "no answer (timeout)"
                                                                  : "SERVFAIL";
    e.node = "dns";
    e.text = "DNS broken for " + (fault.target.empty() ? std::string("every name") : fault.target) +
             ": " + answer;
    change.fault = fault.kind;
  }
  if (fault.kind == Fault::Kind::FillMailbox) {
    for (auto& node : nodes_) {
      if (!node->agent || !node->agent->is_local_domain(domain_of(fault.target))) continue;
      node->agent->fill_mailbox(fault.target);
      e.node = node->spec.id;
    }
    e.text = "mailbox " + fault.target + " is full";
    change.fault = fault.kind;
  }
  e.payload = std::move(change);
  timeline_.append(std::move(e));
}

void LabRuntime::clear(const Fault& fault) {
  TimelineEvent e;
  e.kind = TimelineKind::Fault;
  e.sim_time = clock_.now();
  e.node = fault.node;
  FaultPayload change;
  change.inject = false;
  change.target = fault.node.empty() ? fault.target : fault.node;
  for (auto& node : nodes_) {
    if (node->spec.id != fault.node) continue;
    if (fault.kind == Fault::Kind::NodeDown && node->down) {
      start_node(*node);
      e.text = fault.node + " is up again";
      change.fault = fault.kind;
    } else if (fault.kind == Fault::Kind::ReplyToVerb) {
      std::lock_guard lock(node->faults.mutex);
      if (fault.verb.empty()) {
        node->faults.replies.clear();
      } else {
        node->faults.replies.erase(fault.verb);
      }
      e.text = fault.node + " answers " + (fault.verb.empty() ? "every command" : fault.verb) +
               " normally again";
      change.fault = fault.kind;
      change.verb = fault.verb;
    } else if (fault.kind == Fault::Kind::DelayReplies) {
      std::lock_guard lock(node->faults.mutex);
      node->faults.delay_ms = 0;
      e.text = fault.node + " answers without delay again";
      change.fault = fault.kind;
    } else if (fault.kind == Fault::Kind::ModifyBody && node->agent) {
      node->agent->set_modify_body(false);
      e.text = fault.node + " relays bodies unchanged again";
      change.fault = fault.kind;
    } else if (fault.kind == Fault::Kind::StripStartTls && node->starttls_stripped) {
      node->starttls_stripped = false;
      if (node->server) {
        stop_node(*node);
        start_node(*node);
      }
      e.text = fault.node + " announces STARTTLS again";
      change.fault = fault.kind;
    } else if (fault.kind == Fault::Kind::DropData) {
      std::lock_guard lock(node->faults.mutex);
      node->faults.drop_data_after.reset();
      node->faults.drop_next_write = false;
      e.text = fault.node + " keeps its connections during DATA again";
      change.fault = fault.kind;
    }
  }
  if (fault.kind == Fault::Kind::BreakDns) {
    if (fault.target.empty()) {
      resolver_.repair_all();
    } else {
      resolver_.repair_name(fault.target);
    }
    e.node = "dns";
    e.text = "DNS repaired";
    change.fault = fault.kind;
  }
  if (fault.kind == Fault::Kind::FillMailbox) {
    for (auto& node : nodes_) {
      if (node->agent && node->agent->is_local_domain(domain_of(fault.target))) {
        node->agent->fill_mailbox(fault.target, false);
      }
    }
    e.text = "mailbox " + fault.target + " has room again";
    change.fault = fault.kind;
  }
  e.payload = std::move(change);
  timeline_.append(std::move(e));
}

// ---------------------------------------------------------------------------------------
// [SECTION] waiting

bool LabRuntime::wait_idle(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int quiet_rounds = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    bool queues_empty = true;
    for (auto& node : nodes_) {
      if (node->agent && node->agent->queue().size() > 0) queues_empty = false;
    }
    // Idle must hold for a few rounds: a relay may be between taking an entry and
    // opening its connection.
    if (queues_empty && open_sessions_ == 0 && busy_runners_ == 0) {
      if (++quiet_rounds >= 5) return true;
    } else {
      quiet_rounds = 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// [SECTION] transcript

std::string LabRuntime::transcript() const {
  const auto events = timeline_.snapshot();
  std::ostringstream out;
  std::vector<std::uint64_t> order;
  std::map<std::uint64_t, std::vector<const TimelineEvent*>> sessions;
  for (const auto& e : events) {
    if (!e.session) continue;
    if (!sessions.count(e.session)) order.push_back(e.session);
    sessions[e.session].push_back(&e);
  }
  out << "SMTP Lab transcript, topology " << topology_.name << "\n";
  for (const auto id : order) {
    const auto& list = sessions[id];
    const TimelineEvent* open = list.front();
    out << "\n=== session " << id << ": " << (open->peer.empty() ? "?" : open->peer) << " ("
        << open->client << ") -> " << open->node << " (" << open->server << ")\n";
    for (const auto* e : list) {
      switch (e->kind) {
        case TimelineKind::Command:
          out << "C: " << e->text << "\n";
          break;
        case TimelineKind::Reply: {
          std::istringstream lines(e->text);
          std::string line;
          std::vector<std::string> all;
          while (std::getline(lines, line)) all.push_back(line);
          if (all.empty()) all.push_back("");
          for (std::size_t i = 0; i < all.size(); ++i) {
            out << "S: " << e->code << (i + 1 < all.size() ? "-" : " ")
                << (e->enhanced.empty() ? "" : e->enhanced + " ") << all[i] << "\n";
          }
          break;
        }
        case TimelineKind::MessageData:
          out << "C: (" << e->text << ")\nC: .\n";
          break;
        case TimelineKind::TlsStarted:
          out << "-- TLS started\n";
          break;
        case TimelineKind::Discarded:
        case TimelineKind::Note:
          out << "-- " << e->text << "\n";
          break;
        case TimelineKind::SessionClosed:
          out << "-- closed: " << e->text << "\n";
          break;
        default:
          break;
      }
    }
  }
  out << "\n=== deliveries and bounces\n";
  for (const auto& e : events) {
    if (e.kind == TimelineKind::Delivered || e.kind == TimelineKind::Bounced ||
        e.kind == TimelineKind::Deferred || e.kind == TimelineKind::Relayed ||
        e.kind == TimelineKind::Rewrite) {
      out << e.node << ": " << e.text << "\n";
    }
  }
  return out.str();
}

}  // namespace smtplab::lab
