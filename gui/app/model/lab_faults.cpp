// Faults by name (see lab_faults.hpp).
#include "gui/app/model/lab_faults.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace smtplab::app {

std::string describe_fault(const ActiveFault& fault, Language language) {
  const auto format = [&](Text key, const std::string& a, const std::string& b = "") {
    char text[256];
    std::snprintf(text, sizeof text, tr(language, key), a.c_str(), b.c_str());
    return std::string(text);
  };
  using Kind = lab::FaultKind;
  switch (lab::fault_kind_from_timeline(fault.kind).value_or(Kind::All)) {
    case Kind::NodeDown:
      return tr(language, Text::FaultTextDown);
    case Kind::ReplyToVerb:
      return format(Text::FaultTextReply, fault.amount, fault.verb);
    case Kind::DelayReplies:
      return format(Text::FaultTextDelay, fault.amount);
    case Kind::DropData:
      return format(Text::FaultTextDropData, fault.amount);
    case Kind::StripStartTls:
      return tr(language, Text::FaultTextStripStartTls);
    case Kind::ModifyBody:
      return tr(language, Text::FaultTextModifyBody);
    case Kind::FillMailbox:
      return format(Text::FaultTextFillMailbox, fault.target);
    case Kind::BreakDns:
      return format(Text::FaultTextBreakDns, fault.target);
    case Kind::Refuse:
    case Kind::All:
      break;
  }
  return fault.text;  // a fault this window does not know: the lab's own words
}

lab::Fault clearing_fault(const ActiveFault& active) {
  lab::Fault fault;
  fault.node = active.target;
  fault.verb = active.verb;
  fault.kind = lab::fault_kind_from_timeline(active.kind).value_or(lab::FaultKind::NodeDown);
  if (fault.kind == lab::FaultKind::FillMailbox || fault.kind == lab::FaultKind::BreakDns) {
    fault.node.clear();
    fault.target = active.target;
  }
  return fault;
}

}  // namespace smtplab::app
