// The one table of fault names (see fault_kinds.hpp).
#include "sim/lab/fault_kinds.hpp"

#include <array>

namespace smtplab::lab {
namespace {

using K = FaultKind;
using A = FaultArgument;

// clang-format off
constexpr std::array kTable{
  //            kind            yaml              person            timeline          argument
  FaultKindName{K::NodeDown,      "down",           "down",           "node_down",      A::None,
                "down", "the node refuses connections"},
  FaultKindName{K::Refuse,        "refuse",         "",               "",               A::None,
                "", ""},
  FaultKindName{K::DelayReplies,  "delay",          "delay",          "delay",          A::Millis,
                "delay [MS]", "the node waits MS milliseconds before each reply (1500)"},
  FaultKindName{K::ReplyToVerb,   "reply",          "reply",          "reply",          A::CodeVerb,
                "reply CODE VERB", "the node answers CODE to every VERB (\"reply 451 RCPT\")"},
  FaultKindName{K::DropData,      "drop_data",      "drop-data",      "drop_data",      A::Octets,
                "drop-data [BYTES]", "the node cuts the connection during DATA, after BYTES octets"},
  FaultKindName{K::FillMailbox,   "mailbox_full",   "fill-mailbox",   "fill_mailbox",   A::Mailbox,
                "fill-mailbox [ADDRESS]", "a mailbox of the node is full"},
  FaultKindName{K::BreakDns,      "dns",            "break-dns",      "break_dns",      A::DnsName,
                "break-dns [NAME]", "NAME (default: the node's domain) answers SERVFAIL"},
  FaultKindName{K::StripStartTls, "strip_starttls", "strip-starttls", "strip_starttls", A::None,
                "strip-starttls", "STARTTLS disappears from the node's EHLO reply"},
  FaultKindName{K::ModifyBody,    "modify_body",    "modify-body",    "modify_body",    A::None,
                "modify-body", "the node adds a footer to what it relays (breaks DKIM)"},
  FaultKindName{K::All,           "all",            "",               "",               A::None,
                "", ""},
};
// clang-format on

template <typename Column>
std::optional<FaultKind> find(std::string_view name, Column column) {
  if (name.empty()) return std::nullopt;
  for (const auto& row : kTable) {
    if (row.*column == name) return row.kind;
  }
  return std::nullopt;
}

template <typename Column>
std::vector<std::string> names(Column column) {
  std::vector<std::string> out;
  for (const auto& row : kTable) {
    if (!(row.*column).empty()) out.emplace_back(row.*column);
  }
  return out;
}

}  // namespace

std::span<const FaultKindName> fault_kind_table() {
  return kTable;
}

const FaultKindName& fault_kind_names(FaultKind kind) {
  for (const auto& row : kTable) {
    if (row.kind == kind) return row;
  }
  return kTable.front();  // unreachable: every kind has a row (fault_kinds_test)
}

std::optional<FaultKind> fault_kind_from_yaml(std::string_view name) {
  return find(name, &FaultKindName::yaml);
}

std::optional<FaultKind> fault_kind_from_person(std::string_view name) {
  return find(name, &FaultKindName::person);
}

std::optional<FaultKind> fault_kind_from_timeline(std::string_view name) {
  return find(name, &FaultKindName::timeline);
}

std::vector<std::string> fault_yaml_names() {
  return names(&FaultKindName::yaml);
}

std::vector<std::string> fault_person_names() {
  return names(&FaultKindName::person);
}

std::string fault_timeline_name(FaultKind kind) {
  return std::string(fault_kind_names(kind).timeline);
}

}  // namespace smtplab::lab
