// Faults by name (see fault_by_name.hpp): the argument each takes is the table's.
#include "sim/lab/fault_by_name.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace smtplab::lab {
namespace {

std::optional<long> whole_number(const std::string& text) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
    return std::nullopt;
  try {
    return std::stol(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

const std::vector<std::string>& fault_names() {
  static const std::vector<std::string> names = fault_person_names();
  return names;
}

std::string default_dns_name(const NodeSpec& node) {
  if (!node.domains.empty()) return node.domains.front();
  return node.hostname.empty() ? node.id : node.hostname;
}

std::vector<std::string> mailbox_addresses(const NodeSpec& node) {
  std::vector<std::string> out;
  if (node.domains.empty()) return out;
  for (const auto& mailbox : node.mailboxes) {
    out.push_back(mailbox.find('@') == std::string::npos ? mailbox + "@" + node.domains.front()
                                                         : mailbox);
  }
  return out;
}

std::optional<Fault> make_fault(const TopologySpec& topology, const std::string& node_id,
                                const std::string& name, const std::string& argument,
                                std::string& error) {
  const NodeSpec* node = topology.find_node(node_id);
  if (!node) {
    error = "no node '" + node_id + "' in the topology";
    return std::nullopt;
  }
  if (node->kind == NodeKind::Mua) {
    error = node_id + " is a MUA: it has no server to break";
    return std::nullopt;
  }
  const auto kind = fault_kind_from_person(name);
  if (!kind) {
    std::string known;
    for (const auto& n : fault_names()) known += (known.empty() ? "" : ", ") + n;
    error = "unknown fault '" + name + "' (" + known + ")";
    return std::nullopt;
  }
  Fault fault;
  fault.kind = *kind;
  fault.node = node->id;
  switch (fault_kind_names(*kind).argument) {
    case FaultArgument::None:
      break;
    case FaultArgument::CodeVerb: {
      std::istringstream in(argument);
      std::string code_text, verb;
      in >> code_text >> verb;
      const auto code = whole_number(code_text);
      if (!code || *code < 200 || *code > 599 || verb.empty()) {
        error = name + " needs CODE VERB (\"451 RCPT\"), got '" + argument + "'";
        return std::nullopt;
      }
      std::transform(verb.begin(), verb.end(), verb.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      fault.code = static_cast<int>(*code);
      fault.verb = verb;
      break;
    }
    case FaultArgument::Millis:
    case FaultArgument::Octets: {
      const bool millis = fault_kind_names(*kind).argument == FaultArgument::Millis;
      const auto value =
          argument.empty() ? std::optional<long>(millis ? 1500 : 0) : whole_number(argument);
      if (!value) {
        error = name + " takes a number, got '" + argument + "'";
        return std::nullopt;
      }
      if (millis)
        fault.delay_ms = static_cast<std::uint32_t>(*value);
      else
        fault.after_bytes = static_cast<std::uint64_t>(*value);
      break;
    }
    case FaultArgument::Mailbox: {
      const auto addresses = mailbox_addresses(*node);
      fault.node.clear();  // the runtime finds the MX by the address's domain
      fault.target = argument.empty() && !addresses.empty() ? addresses.front() : argument;
      if (fault.target.find('@') == std::string::npos) {
        error = node_id + " holds no mailbox to fill (" + name + " ADDRESS)";
        return std::nullopt;
      }
      break;
    }
    case FaultArgument::DnsName:
      fault.node.clear();
      fault.target = argument.empty() ? default_dns_name(*node) : argument;
      break;
  }
  return fault;
}

}  // namespace smtplab::lab
