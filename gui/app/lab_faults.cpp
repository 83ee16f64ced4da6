// Faults by name (see lab_faults.hpp).
#include "gui/app/lab_faults.hpp"

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
  if (fault.kind == "node_down") return tr(language, Text::FaultTextDown);
  if (fault.kind == "reply") return format(Text::FaultTextReply, fault.amount, fault.verb);
  if (fault.kind == "delay") return format(Text::FaultTextDelay, fault.amount);
  if (fault.kind == "drop_data") return format(Text::FaultTextDropData, fault.amount);
  if (fault.kind == "strip_starttls") return tr(language, Text::FaultTextStripStartTls);
  if (fault.kind == "modify_body") return tr(language, Text::FaultTextModifyBody);
  if (fault.kind == "fill_mailbox") return format(Text::FaultTextFillMailbox, fault.target);
  if (fault.kind == "break_dns") return format(Text::FaultTextBreakDns, fault.target);
  return fault.text;  // a fault this window does not know: the lab's own words
}

lab::Fault clearing_fault(const ActiveFault& active) {
  using Kind = lab::Fault::Kind;
  lab::Fault fault;
  fault.node = active.target;
  fault.verb = active.verb;
  if (active.kind == "node_down") {
    fault.kind = Kind::NodeDown;
  } else if (active.kind == "reply") {
    fault.kind = Kind::ReplyToVerb;
  } else if (active.kind == "delay") {
    fault.kind = Kind::DelayReplies;
  } else if (active.kind == "drop_data") {
    fault.kind = Kind::DropData;
  } else if (active.kind == "strip_starttls") {
    fault.kind = Kind::StripStartTls;
  } else if (active.kind == "modify_body") {
    fault.kind = Kind::ModifyBody;
  } else if (active.kind == "fill_mailbox") {
    fault.kind = Kind::FillMailbox;
    fault.node.clear();
    fault.target = active.target;
  } else if (active.kind == "break_dns") {
    fault.kind = Kind::BreakDns;
    fault.node.clear();
    fault.target = active.target;
  }
  return fault;
}

}  // namespace smtplab::app
