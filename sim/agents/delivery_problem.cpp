// Why a queued message waits (see delivery_problem.hpp).
#include "sim/agents/delivery_problem.hpp"

#include <array>
#include <utility>

namespace smtplab::agents {
namespace {

using Kind = DeliveryProblem::Kind;

constexpr std::array<std::pair<Kind, std::string_view>, 7> kNames = {{
    {Kind::None, "none"},
    {Kind::PeerReply, "peer_reply"},
    {Kind::DnsLookup, "dns_lookup"},
    {Kind::SmarthostLookup, "smarthost_lookup"},
    {Kind::NoExchangerAddress, "no_exchanger_address"},
    {Kind::NoExchangerAnswered, "no_exchanger_answered"},
    {Kind::Other, "other"},
}};

}  // namespace

std::string english_text(const DeliveryProblem& problem) {
  switch (problem.kind) {
    case Kind::None:
      return "";
    case Kind::PeerReply:
    case Kind::DnsLookup:
      return problem.subject + ": " + problem.detail;
    case Kind::SmarthostLookup:
      return "smarthost " + problem.subject + ": " + problem.detail;
    case Kind::NoExchangerAddress:
      return "no address for the mail exchangers of " + problem.subject;
    case Kind::NoExchangerAnswered:
      return "no mail exchanger of " + problem.subject + " answered";
    case Kind::Other:
      return problem.detail;
  }
  return problem.detail;
}

std::string_view kind_name(Kind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "other";
}

Kind kind_from_name(std::string_view name) {
  for (const auto& [k, known] : kNames) {
    if (known == name) return k;
  }
  return Kind::Other;
}

}  // namespace smtplab::agents
