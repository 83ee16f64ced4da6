// Cross-reference checks of a scenario, once everything is read: addresses unique and on
// loopback, MX hosts that lead somewhere, node and mailbox names that exist, unique
// checkpoint and quiz ids, checkpoints that the lesson really has in both languages.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <set>

#include "sim/lab/scenario_readers.hpp"
#include "sim/message/ascii.hpp"

namespace smtplab::lab::scenario_detail {

namespace {

void report(ReadContext& context, const SourceLocation& where, std::string message) {
  context.errors->push_back({where.file, where.line, where.column, std::move(message)});
}

SourceLocation node_location(const ReadContext& context, const std::string& id) {
  auto it = context.origins.node.find(id);
  return it == context.origins.node.end() ? SourceLocation{} : it->second;
}

/// The node a host name designates: by id or by its hostname.
const NodeSpec* node_by_host(const TopologySpec& topology, const std::string& host) {
  for (const auto& n : topology.nodes) {
    if (message::to_lower(n.id) == message::to_lower(host) ||
        (!n.hostname.empty() && message::to_lower(n.hostname) == message::to_lower(host))) {
      return &n;
    }
  }
  return nullptr;
}

bool has_a_record(const TopologySpec& topology, const std::string& host) {
  return std::any_of(topology.dns.begin(), topology.dns.end(), [&](const DnsZoneSpec& z) {
    return message::to_lower(z.name) == message::to_lower(host) && !z.a.empty();
  });
}

bool contains_ci(const std::vector<std::string>& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& s) {
    return message::to_lower(s) == message::to_lower(value);
  });
}

template <typename Map>
bool has_key_ci(const Map& map, const std::string& key) {
  return std::any_of(map.begin(), map.end(), [&](const auto& entry) {
    return message::to_lower(entry.first) == message::to_lower(key);
  });
}

void check_reference(const TopologySpec& topology, const Reference& ref, ReadContext& context) {
  if (ref.kind == Reference::Kind::Mailbox) {
    const auto at = ref.value.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == ref.value.size()) {
      report(context, ref.where,
             ref.what + ": '" + ref.value + "' is not an address (local@domain)");
      return;
    }
    const std::string local = ref.value.substr(0, at);
    const std::string domain = ref.value.substr(at + 1);
    const NodeSpec* owner = nullptr;
    for (const auto& n : topology.nodes) {
      if (n.kind == NodeKind::Mx && contains_ci(n.domains, domain)) owner = &n;
    }
    if (owner == nullptr) {
      report(context, ref.where,
             ref.what + ": unknown mailbox '" + ref.value + "': no node delivers domain '" +
                 domain + "'");
    } else if (!contains_ci(owner->mailboxes, local) && !has_key_ci(owner->aliases, local) &&
               !has_key_ci(owner->lists, local)) {
      report(context, ref.where,
             ref.what + ": unknown mailbox '" + ref.value + "': node '" + owner->id +
                 "' has no mailbox, alias or list '" + local + "'");
    }
    return;
  }
  const NodeSpec* node = topology.find_node(ref.value);
  if (node == nullptr && ref.kind == Reference::Kind::Server)
    node = node_by_host(topology, ref.value);
  // A server outside the topology (a real aiosmtpd or Postfix on loopback) is reached
  // through a DNS name with an A record, like an MX host.
  if (node == nullptr && ref.kind == Reference::Kind::Server && has_a_record(topology, ref.value))
    return;
  if (node == nullptr) {
    report(context, ref.where, ref.what + " refers to unknown node '" + ref.value + "'");
  } else if (ref.kind == Reference::Kind::Server && node->kind == NodeKind::Mua) {
    report(context, ref.where,
           ref.what + " refers to '" + ref.value + "', a mua, which accepts no connection");
  } else if (ref.kind == Reference::Kind::Mua && node->kind != NodeKind::Mua) {
    report(context, ref.where, ref.what + " refers to '" + ref.value + "', which is not a mua");
  }
}

}  // namespace

void validate_topology(const TopologySpec& topology, ReadContext& context) {
  // Addresses: one node per address, so captures show distinct hosts.
  std::map<std::string, std::string> owner_of_address;
  for (const auto& n : topology.nodes) {
    if (n.address.empty()) continue;
    auto [it, inserted] = owner_of_address.emplace(n.address, n.id);
    if (!inserted) {
      auto where = context.origins.address.find(n.id);
      report(context,
             where != context.origins.address.end() ? where->second : node_location(context, n.id),
             "address " + n.address + " of node '" + n.id + "' is already used by node '" +
                 it->second + "'");
    }
  }
  // A MUA must know where to submit.
  for (const auto& n : topology.nodes) {
    if (n.kind == NodeKind::Mua && n.submit.server.empty()) {
      report(context, node_location(context, n.id), "mua '" + n.id + "' has no submit.server");
    }
  }
  // MX hosts must lead to a node or to an A record.
  for (const auto& zone : topology.dns) {
    const auto where = context.origins.mx.find(zone.name);
    for (std::size_t i = 0; i < zone.mx.size(); ++i) {
      const std::string& host = zone.mx[i].host;
      if (host == ".") continue;  // null MX (RFC 7505): the domain accepts no mail
      if (node_by_host(topology, host) == nullptr && !has_a_record(topology, host)) {
        SourceLocation at;
        if (where != context.origins.mx.end() && i < where->second.size()) at = where->second[i];
        report(context, at,
               "unreachable MX: host '" + host + "' of '" + zone.name +
                   "' is neither a node nor a name with an A record");
      }
    }
  }
  for (const auto& ref : context.references) check_reference(topology, ref, context);
}

void validate_steps(const ScenarioSpec& scenario, const std::filesystem::path& lessons_dir,
                    bool check_lesson_checkpoints, const SourceLocation& lesson_where,
                    ReadContext& context) {
  std::map<std::string, int> checkpoints;
  std::map<std::string, int> quizzes;
  for (const auto& step : scenario.steps) {
    if (const auto* cp = std::get_if<CheckpointStep>(&step.step)) {
      if (cp->id.empty()) continue;
      auto [it, inserted] = checkpoints.emplace(cp->id, step.origin.line);
      if (!inserted) {
        report(context, step.origin,
               "duplicate checkpoint id '" + cp->id + "' (first at line " +
                   std::to_string(it->second) + ")");
      }
    }
    if (const auto* quiz = std::get_if<QuizStep>(&step.step)) {
      if (quiz->id.empty()) continue;
      auto [it, inserted] = quizzes.emplace(quiz->id, step.origin.line);
      if (!inserted) {
        report(context, step.origin,
               "duplicate quiz id '" + quiz->id + "' (first at line " + std::to_string(it->second) +
                   ")");
      }
    }
  }
  if (scenario.lesson.empty()) return;
  for (const std::string lang : {"fr", "en"}) {
    const std::filesystem::path file = lessons_dir / lang / (scenario.lesson + ".md");
    const std::string shown = "lessons/" + lang + "/" + scenario.lesson + ".md";
    if (!std::filesystem::is_regular_file(file)) {
      report(context, lesson_where, "lesson file " + shown + " not found");
      continue;
    }
    if (!check_lesson_checkpoints) continue;
    const std::vector<std::string> ids = lesson_checkpoint_ids(file);
    for (const auto& step : scenario.steps) {
      const auto* cp = std::get_if<CheckpointStep>(&step.step);
      if (cp == nullptr || cp->id.empty()) continue;
      if (cp->id.find('.') == std::string::npos) continue;  // malformed, reported already
      if (std::find(ids.begin(), ids.end(), cp->id) == ids.end()) {
        report(context, step.origin, "checkpoint " + cp->id + " is not in " + shown);
      }
    }
  }
}

}  // namespace smtplab::lab::scenario_detail

namespace smtplab::lab {

std::vector<std::string> lesson_checkpoint_ids(const std::filesystem::path& lesson_file) {
  // "### Checkpoint 2.3 — ..." (en) and "### Point de contrôle 2.3 — ..." (fr).
  static const std::regex heading(
      "^### (?:Checkpoint|Point de contr\xC3\xB4le) ([0-9]+\\.[0-9]+) ");
  std::vector<std::string> ids;
  std::ifstream in(lesson_file);
  std::string line;
  std::smatch match;
  while (std::getline(in, line)) {
    if (std::regex_search(line, match, heading)) ids.push_back(match[1].str());
  }
  return ids;
}

}  // namespace smtplab::lab
