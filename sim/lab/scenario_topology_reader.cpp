// Reading a topology from YAML: DNS zones, nodes with every NodeSpec field, queue timing,
// clock speed; `include:` of a shared topology file with per-scenario overrides (a node or
// zone named again is changed key by key; new ones are added; remove_* drops some).
#include <algorithm>
#include <fstream>
#include <sstream>

#include "sim/lab/scenario_readers.hpp"

namespace smtplab::lab::scenario_detail {

using yamlread::MapReader;
using yamlread::Source;

namespace {

/// Reads a sub-mapping such as `relay:` key by key into an existing struct.
void read_relay(const Source& s, const YAML::Node& v, RelayPolicySpec& out) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'relay'");
  if (!m.valid()) return;
  yamlread::read_bool(s, m.get("open"), "open", out.open);
  yamlread::read_bool(s, m.get("authenticated"), "authenticated", out.authenticated);
  const YAML::Node networks = m.get("networks");
  if (yamlread::read_strings(s, networks, "networks", out.networks) && networks.IsSequence()) {
    for (const auto& n : networks) {
      if (n.IsScalar() && !yamlread::is_ipv4_or_cidr(n.Scalar())) {
        s.error(n, "'" + n.Scalar() + "' is not an IPv4 address or CIDR range");
      }
    }
  }
  m.finish();
}

void read_routing(const Source& s, const YAML::Node& v, const std::string& node_id,
                  RoutingSpec& out, ReadContext& context) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'routing'");
  if (!m.valid()) return;
  const YAML::Node smarthost = m.get("smarthost");
  if (yamlread::read_string(s, smarthost, "smarthost", out.smarthost) && smarthost.IsDefined() &&
      !out.smarthost.empty()) {
    context.references.push_back({Reference::Kind::Server, out.smarthost, s.at(smarthost),
                                  "routing.smarthost of node '" + node_id + "'"});
  }
  long long port = out.port;
  if (yamlread::read_int(s, m.get("port"), "port", 0, 65535, port)) {
    out.port = static_cast<std::uint16_t>(port);
  }
  m.finish();
}

void read_rewrite(const Source& s, const YAML::Node& v, RewriteSpec& out) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'rewrite'");
  if (!m.valid()) return;
  yamlread::read_string(s, m.get("masquerade_domain"), "masquerade_domain", out.masquerade_domain);
  yamlread::read_strings(s, m.get("masquerade_hosts"), "masquerade_hosts", out.masquerade_hosts);
  yamlread::read_string_map(s, m.get("canonical"), "canonical", out.canonical);
  yamlread::read_string(s, m.get("append_domain"), "append_domain", out.append_domain);
  m.finish();
}

void read_mail_auth(const Source& s, const YAML::Node& v, MailAuthSpec& out) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'mail_auth'");
  if (!m.valid()) return;
  yamlread::read_bool(s, m.get("dkim_sign"), "dkim_sign", out.dkim_sign);
  yamlread::read_string(s, m.get("dkim_domain"), "dkim_domain", out.dkim_domain);
  yamlread::read_string(s, m.get("dkim_selector"), "dkim_selector", out.dkim_selector);
  yamlread::read_bool(s, m.get("spf_check"), "spf_check", out.spf_check);
  yamlread::read_bool(s, m.get("dkim_verify"), "dkim_verify", out.dkim_verify);
  yamlread::read_bool(s, m.get("dmarc_apply"), "dmarc_apply", out.dmarc_apply);
  yamlread::read_bool(s, m.get("break_signature"), "break_signature", out.break_signature);
  m.finish();
}

void read_client_checks(const Source& s, const YAML::Node& v, ClientChecksSpec& out) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'client_checks'");
  if (!m.valid()) return;
  yamlread::read_strings(s, m.get("dnsbl"), "dnsbl", out.dnsbl);
  yamlread::read_bool(s, m.get("reverse_dns"), "reverse_dns", out.reverse_dns);
  yamlread::read_bool(s, m.get("helo_resolvable"), "helo_resolvable", out.helo_resolvable);
  yamlread::read_bool(s, m.get("helo_match"), "helo_match", out.helo_match);
  yamlread::read_strings(s, m.get("exempt"), "exempt", out.exempt);
  m.finish();
}

void read_srs(const Source& s, const YAML::Node& v, SrsSpec& out) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'srs'");
  if (!m.valid()) return;
  yamlread::read_string(s, m.get("domain"), "domain", out.domain);
  yamlread::read_string(s, m.get("secret"), "secret", out.secret);
  m.finish();
}

const std::vector<std::string> kPortNames{"smtp", "submission", "smtps"};

void read_submit(const Source& s, const YAML::Node& v, const std::string& node_id, SubmitSpec& out,
                 ReadContext& context) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'submit'");
  if (!m.valid()) return;
  const YAML::Node server = m.get("server");
  if (yamlread::read_string(s, server, "server", out.server) && server.IsDefined()) {
    context.references.push_back({Reference::Kind::Server, out.server, s.at(server),
                                  "submit.server of node '" + node_id + "'"});
  }
  yamlread::read_keyword(s, m.get("port"), "port", kPortNames, out.port);
  yamlread::read_bool(s, m.get("starttls"), "starttls", out.starttls);
  yamlread::read_string(s, m.get("user"), "user", out.user);
  yamlread::read_string(s, m.get("password"), "password", out.password);
  m.finish();
}

void read_ports(const Source& s, const YAML::Node& v, std::map<std::string, std::uint16_t>& out) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'ports'");
  if (!m.valid()) return;
  for (const auto& name : kPortNames) {
    long long port = 0;
    const YAML::Node value = m.get(name);
    if (value.IsDefined() && yamlread::read_int(s, value, name, 0, 65535, port)) {
      out[name] = static_cast<std::uint16_t>(port);
    }
  }
  m.finish();
}

const std::vector<std::string> kNodeKinds{"mua", "msa", "relay", "mx", "mta"};

NodeKind node_kind_from(const std::string& text) {
  if (text == "mua") return NodeKind::Mua;
  if (text == "msa") return NodeKind::Msa;
  if (text == "relay") return NodeKind::Relay;
  return NodeKind::Mx;  // "mx" and its synonym "mta"
}

/// Reads the fields present in `m` into `node` (a new node or one being overridden).
void read_node_fields(const Source& s, MapReader& m, NodeSpec& node, ReadContext& context) {
  std::string kind;
  if (yamlread::read_keyword(s, m.get("kind"), "kind", kNodeKinds, kind) && !kind.empty()) {
    node.kind = node_kind_from(kind);
  }
  const YAML::Node address = m.get("address");
  if (yamlread::read_string(s, address, "address", node.address) && address.IsDefined()) {
    context.origins.address[node.id] = s.at(address);
    if (!yamlread::is_loopback_ipv4(node.address)) {
      s.error(address, "address '" + node.address + "' of node '" + node.id +
                           "' is not a loopback address (127.x.y.z)");
    }
  }
  read_ports(s, m.get("ports"), node.ports);
  yamlread::read_string(s, m.get("hostname"), "hostname", node.hostname);
  yamlread::read_localized(s, m.get("label"), "label", node.label);
  yamlread::read_string(s, m.get("banner"), "banner", node.banner);
  yamlread::read_string_map(s, m.get("replies"), "replies", node.replies);
  yamlread::read_strings(s, m.get("domains"), "domains", node.domains);
  yamlread::read_strings(s, m.get("mailboxes"), "mailboxes", node.mailboxes);
  yamlread::read_string_list_map(s, m.get("aliases"), "aliases", node.aliases);
  yamlread::read_string_list_map(s, m.get("lists"), "lists", node.lists);
  yamlread::read_bool(s, m.get("reject_unknown_at_rcpt"), "reject_unknown_at_rcpt",
                      node.reject_unknown_at_rcpt);
  long long number = 0;
  if (yamlread::read_int(s, m.get("quota_bytes"), "quota_bytes", 0, (1LL << 50), number) &&
      m.has("quota_bytes")) {
    node.quota_bytes = static_cast<std::uint64_t>(number);
  }
  yamlread::read_string_map(s, m.get("users"), "users", node.users);
  yamlread::read_bool(s, m.get("tls"), "tls", node.tls);
  yamlread::read_bool(s, m.get("auth_over_cleartext"), "auth_over_cleartext",
                      node.auth_over_cleartext);
  yamlread::read_bool(s, m.get("esmtp"), "esmtp", node.esmtp);
  yamlread::read_strings(s, m.get("extensions"), "extensions", node.extensions);
  yamlread::read_bool(s, m.get("vrfy"), "vrfy", node.vrfy);
  yamlread::read_bool(s, m.get("expn"), "expn", node.expn);
  if (yamlread::read_int(s, m.get("max_message_size"), "max_message_size", 1, (1LL << 40),
                         number) &&
      m.has("max_message_size")) {
    node.max_message_size = static_cast<std::uint64_t>(number);
  }
  read_relay(s, m.get("relay"), node.relay);
  read_routing(s, m.get("routing"), node.id, node.routing, context);
  read_rewrite(s, m.get("rewrite"), node.rewrite);
  read_mail_auth(s, m.get("mail_auth"), node.mail_auth);
  read_client_checks(s, m.get("client_checks"), node.client_checks);
  read_srs(s, m.get("srs"), node.srs);
  read_submit(s, m.get("submit"), node.id, node.submit, context);
}

void read_nodes(const Source& s, const YAML::Node& v, TopologySpec& out, ReadContext& context) {
  if (!v.IsDefined()) return;
  if (!v.IsSequence()) {
    s.error(v, "'nodes' must be a list of nodes, not " + yamlread::describe(v));
    return;
  }
  std::map<std::string, int> seen_here;  // id -> line, within this list
  for (const auto& item : v) {
    MapReader m(s, item, "node");
    if (!m.valid()) continue;
    const YAML::Node id_node = m.require("id");
    std::string id;
    if (!yamlread::read_string(s, id_node, "id", id) || !id_node.IsDefined()) {
      m.get("kind");  // keep the other keys from being reported as unknown
      continue;
    }
    if (id.empty()) {
      s.error(id_node, "node id must not be empty");
      continue;
    }
    if (auto previous = seen_here.find(id); previous != seen_here.end()) {
      s.error(id_node, "duplicate node id '" + id + "' (first at line " +
                           std::to_string(previous->second) + ")");
      continue;
    }
    seen_here[id] = s.at(id_node).line;
    auto existing = std::find_if(out.nodes.begin(), out.nodes.end(),
                                 [&](const NodeSpec& n) { return n.id == id; });
    if (existing == out.nodes.end()) {
      // A new node: kind and address are required.
      NodeSpec node;
      node.id = id;
      m.require("kind");
      m.require("address");
      read_node_fields(s, m, node, context);
      context.origins.node[id] = s.at(id_node);
      out.nodes.push_back(std::move(node));
    } else {
      // An override of an included node: only the keys written change.
      read_node_fields(s, m, *existing, context);
    }
    m.finish();
  }
}

void read_mx(const Source& s, const YAML::Node& v, const std::string& zone, DnsZoneSpec& out,
             ReadContext& context) {
  if (!v.IsDefined()) return;
  if (!v.IsSequence()) {
    s.error(v, "'mx' must be a list, not " + yamlread::describe(v));
    return;
  }
  std::vector<MxSpec> records;
  std::vector<SourceLocation> where;
  for (const auto& item : v) {
    MxSpec mx;
    YAML::Node host_node = item;
    if (item.IsScalar()) {
      // Short form, as dig prints it: "10 mail.gsimaroc.com".
      std::istringstream in(item.Scalar());
      long long pref = -1;
      std::string extra;
      if (!(in >> pref >> mx.host) || (in >> extra) || pref < 0 || pref > 65535) {
        s.error(item, "MX '" + item.Scalar() + "' must read 'PREFERENCE HOST' or be a mapping");
        continue;
      }
      mx.preference = static_cast<int>(pref);
    } else {
      MapReader m(s, item, "MX record");
      if (!m.valid()) continue;
      long long pref = mx.preference;
      yamlread::read_int(s, m.get("pref"), "pref", 0, 65535, pref);
      mx.preference = static_cast<int>(pref);
      host_node = m.require("host");
      yamlread::read_string(s, host_node, "host", mx.host);
      m.finish();
      if (!host_node.IsDefined()) continue;
    }
    records.push_back(mx);
    where.push_back(s.at(host_node));
  }
  out.mx = std::move(records);
  context.origins.mx[zone] = std::move(where);
}

void read_zone_fields(const Source& s, MapReader& m, const std::string& name, DnsZoneSpec& zone,
                      ReadContext& context) {
  read_mx(s, m.get("mx"), name, zone, context);
  const YAML::Node a = m.get("a");
  if (yamlread::read_strings(s, a, "a", zone.a, true) && a.IsDefined()) {
    std::vector<SourceLocation> where;
    const auto check = [&](const YAML::Node& n) {
      where.push_back(s.at(n));
      if (!yamlread::is_loopback_ipv4(n.Scalar())) {
        s.error(n, "A record '" + n.Scalar() + "' of '" + name +
                       "' is not a loopback address (127.x.y.z)");
      }
    };
    if (a.IsScalar()) {
      check(a);
    } else {
      for (const auto& n : a) check(n);
    }
    context.origins.a[name] = std::move(where);
  }
  yamlread::read_strings(s, m.get("txt"), "txt", zone.txt, true);
  const YAML::Node ptr = m.get("ptr");
  std::string target;
  if (ptr.IsDefined() && yamlread::read_string(s, ptr, "ptr", target)) zone.ptr = target;
}

void read_dns(const Source& s, const YAML::Node& v, TopologySpec& out, ReadContext& context) {
  if (!v.IsDefined()) return;
  MapReader zones(s, v, "'dns'");
  if (!zones.valid()) return;
  for (const auto& kv : v) {
    std::string name;
    if (!kv.first.IsScalar()) continue;  // reported by MapReader
    name = kv.first.Scalar();
    zones.get(name);
    MapReader m(s, kv.second, "DNS records of '" + name + "'");
    if (!m.valid()) continue;
    auto existing = std::find_if(out.dns.begin(), out.dns.end(),
                                 [&](const DnsZoneSpec& z) { return z.name == name; });
    if (existing == out.dns.end()) {
      DnsZoneSpec zone;
      zone.name = name;
      read_zone_fields(s, m, name, zone, context);
      context.origins.zone[name] = s.at(kv.first);
      out.dns.push_back(std::move(zone));
    } else {
      read_zone_fields(s, m, name, *existing, context);
    }
    m.finish();
  }
  zones.finish();
}

void read_queue(const Source& s, const YAML::Node& v, QueueSpec& out) {
  if (!v.IsDefined()) return;
  MapReader m(s, v, "'queue'");
  if (!m.valid()) return;
  const YAML::Node retry = m.get("retry_after");
  if (retry.IsDefined()) {
    if (!retry.IsSequence() || retry.size() == 0) {
      s.error(retry, "'retry_after' must be a non-empty list of durations, not " +
                         yamlread::describe(retry));
    } else {
      std::vector<std::uint32_t> delays;
      for (const auto& d : retry) {
        std::uint64_t seconds = 0;
        if (yamlread::read_duration(s, d, "retry_after", seconds)) {
          delays.push_back(static_cast<std::uint32_t>(seconds));
        }
      }
      if (delays.size() == retry.size()) out.retry_after = delays;
    }
  }
  std::uint64_t seconds = out.lifetime;
  if (yamlread::read_duration(s, m.get("lifetime"), "lifetime", seconds)) {
    out.lifetime = static_cast<std::uint32_t>(seconds);
  }
  seconds = out.delay_warning;
  if (yamlread::read_duration(s, m.get("delay_warning"), "delay_warning", seconds)) {
    out.delay_warning = static_cast<std::uint32_t>(seconds);
  }
  m.finish();
}

void remove_named(const Source& s, const YAML::Node& v, const std::string& key, TopologySpec& out) {
  std::vector<std::string> names;
  if (!yamlread::read_strings(s, v, key, names) || !v.IsDefined()) return;
  std::size_t index = 0;
  for (const auto& name : names) {
    const YAML::Node where = v[index++];
    if (key == "remove_nodes") {
      auto it = std::find_if(out.nodes.begin(), out.nodes.end(),
                             [&](const NodeSpec& n) { return n.id == name; });
      if (it == out.nodes.end()) {
        s.error(where, "cannot remove node '" + name + "': no such node");
      } else {
        out.nodes.erase(it);
      }
    } else {
      auto it = std::find_if(out.dns.begin(), out.dns.end(),
                             [&](const DnsZoneSpec& z) { return z.name == name; });
      if (it == out.dns.end()) {
        s.error(where, "cannot remove DNS name '" + name + "': no such name");
      } else {
        out.dns.erase(it);
      }
    }
  }
}

}  // namespace

YAML::Node parse_yaml_file(const std::filesystem::path& file, const std::string& reported_name,
                           std::vector<LoadError>& errors) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    errors.push_back({reported_name, 1, 1, "cannot open file"});
    return YAML::Node(YAML::NodeType::Undefined);
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    YAML::Node root = YAML::Load(text.str());
    if (!root.IsDefined() || root.IsNull()) {
      errors.push_back({reported_name, 1, 1, "the file is empty"});
      return YAML::Node(YAML::NodeType::Undefined);
    }
    return root;
  } catch (const YAML::Exception& e) {
    const Source source{reported_name, &errors};
    source.error(e.mark, "YAML syntax error: " + e.msg);
    return YAML::Node(YAML::NodeType::Undefined);
  }
}

void read_topology(const Source& s, const YAML::Node& node, const std::filesystem::path& base_dir,
                   ReadContext& context, TopologySpec& out) {
  MapReader m(s, node, "'topology'");
  if (!m.valid()) return;
  const YAML::Node include = m.get("include");
  std::string include_path;
  if (yamlread::read_string(s, include, "include", include_path) && include.IsDefined()) {
    const std::filesystem::path target = (base_dir / include_path).lexically_normal();
    std::error_code ec;
    const std::string canonical = std::filesystem::weakly_canonical(target, ec).string();
    if (std::find(context.include_stack.begin(), context.include_stack.end(), canonical) !=
        context.include_stack.end()) {
      s.error(include, "include cycle: '" + include_path + "' is already being read");
    } else if (!std::filesystem::is_regular_file(target)) {
      s.error(include, "cannot include '" + include_path + "': no such file");
    } else {
      const YAML::Node root = parse_yaml_file(target, target.string(), *context.errors);
      if (root.IsDefined()) {
        context.include_stack.push_back(canonical);
        const Source included{target.string(), context.errors};
        read_topology(included, root, target.parent_path(), context, out);
        context.include_stack.pop_back();
      }
    }
  }
  yamlread::read_string(s, m.get("name"), "name", out.name);
  yamlread::read_positive(s, m.get("clock_speed"), "clock_speed", out.clock_speed);
  const YAML::Node server_timeout = m.get("server_timeout");
  std::uint64_t timeout = 0;
  if (yamlread::read_duration(s, server_timeout, "server_timeout", timeout) &&
      server_timeout.IsDefined()) {
    if (timeout == 0) {
      s.error(server_timeout, "'server_timeout' must be at least 1 second");
    } else {
      out.server_timeout = timeout;
    }
  }
  read_queue(s, m.get("queue"), out.queue);
  remove_named(s, m.get("remove_nodes"), "remove_nodes", out);
  remove_named(s, m.get("remove_dns"), "remove_dns", out);
  read_dns(s, m.get("dns"), out, context);
  read_nodes(s, m.get("nodes"), out, context);
  m.finish();
}

}  // namespace smtplab::lab::scenario_detail
