// The kinds of fault a lab can suffer, and the ONE table of their names: how a scenario
// file spells each (`inject: mailbox_full`), how a person names it (`smtplab fault NODE
// fill-mailbox`, the topology menu, the UI script's `inject-fault`), how the timeline
// records it (the "fault" field of a fault event, `fill_mailbox`), and what argument the
// person's form takes. Every reader and writer of those names asks this table; the
// spellings are contracts (scenario files, terminal commands, timeline JSON lines).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smtplab::lab {

/// What goes wrong, on purpose.
enum class FaultKind {
  NodeDown,       ///< the node is stopped: connections are refused, its queue is frozen
  Refuse,         ///< scenario files only: played as NodeDown (connections refused)
  DelayReplies,   ///< every reply of the node is delayed by `delay_ms`
  ReplyToVerb,    ///< the node answers `code text` to `verb` (the next `times`, 0 = always)
  DropData,       ///< the node drops the connection after `after_bytes` of DATA
  FillMailbox,    ///< a mailbox is full (452 at RCPT or 552 at delivery)
  BreakDns,       ///< DNS for a name fails (SERVFAIL, NXDOMAIN or no answer)
  StripStartTls,  ///< a man in the middle removes STARTTLS from the node's EHLO reply
  ModifyBody,     ///< the node appends a footer to messages it relays (breaks DKIM)
  All,            ///< scenario files only, with clear: every active fault
};

/// The argument the person's form of a fault takes after its name.
enum class FaultArgument {
  None,      ///< nothing ("down")
  CodeVerb,  ///< "451 RCPT": the reply code and the command
  Millis,    ///< optional milliseconds (a default when absent)
  Octets,    ///< optional octet count (a default when absent)
  Mailbox,   ///< optional address (default: the node's first mailbox)
  DnsName,   ///< optional DNS name (default: the node's domain)
};

/// One row of the table. An empty name means the kind has no spelling there.
struct FaultKindName {
  FaultKind kind;
  std::string_view yaml;      ///< scenario files: `inject: NAME` / `clear: NAME`
  std::string_view person;    ///< `smtplab fault`, topology menu, `inject-fault`
  std::string_view timeline;  ///< the "fault" field of the timeline's fault events
  FaultArgument argument;     ///< what follows the person's name
  std::string_view usage;     ///< the person's form with its argument ("reply CODE VERB")
  std::string_view help;      ///< what it does, in English, for `smtplab fault --help`
};

/// Every kind, one row each, in the order scenario errors list them.
std::span<const FaultKindName> fault_kind_table();

/// The row of `kind`.
const FaultKindName& fault_kind_names(FaultKind kind);

/// The kind a scenario file names, a person names, a timeline event records.
std::optional<FaultKind> fault_kind_from_yaml(std::string_view name);
std::optional<FaultKind> fault_kind_from_person(std::string_view name);
std::optional<FaultKind> fault_kind_from_timeline(std::string_view name);

/// The names of one column, in table order, without the empty ones.
std::vector<std::string> fault_yaml_names();
std::vector<std::string> fault_person_names();

/// The timeline's name of `kind` ("node_down"); empty for kinds the runtime never records.
std::string fault_timeline_name(FaultKind kind);

}  // namespace smtplab::lab
