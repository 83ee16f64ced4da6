// Client checks of a receiving MTA: DNSBL (RFC 5782), FCrDNS, HELO name.
#include "sim/agents/client_checks.hpp"

#include <algorithm>

#include "sim/agents/ip_range.hpp"
#include "sim/message/ascii.hpp"
#include "sim/protocol/reply_catalogue.hpp"

namespace smtplab::agents {
namespace {

bool has_address(const DnsAnswer& answer, const std::string& address) {
  return std::find(answer.records.begin(), answer.records.end(), address) != answer.records.end();
}

}  // namespace

std::string dnsbl_query_name(const std::string& address, const std::string& zone) {
  const auto ip = IpAddress::parse(address);
  if (!ip || !ip->unmapped().is_v4()) return {};
  const auto& b = ip->unmapped().bytes;
  return std::to_string(b[3]) + "." + std::to_string(b[2]) + "." + std::to_string(b[1]) + "." +
         std::to_string(b[0]) + "." + normalize_dns_name(zone);
}

bool exempt_recipient(const ClientCheckPolicy& policy, const std::string& local_part) {
  const std::string local = message::to_lower(local_part);
  return std::any_of(policy.exempt.begin(), policy.exempt.end(),
                     [&](const std::string& e) { return message::to_lower(e) == local; });
}

ClientCheckResult check_client(const ClientCheckPolicy& policy, const Resolver& resolver,
                               const std::string& address, const std::string& helo) {
  ClientCheckResult out;
  auto refuse = [&](protocol::SmtpError error) {
    if (!out.refusal) out.refusal = std::move(error);
  };
  // 1. Blocklists: an A record under the zone means "listed" (RFC 5782 §2.1); its value
  // (127.0.0.x) says why, the TXT record beside it explains in words (§2.2). Postfix
  // stops at the first zone that lists the client.
  for (const auto& zone : policy.dnsbl_zones) {
    const std::string name = dnsbl_query_name(address, zone);
    if (name.empty()) continue;
    const DnsAnswer listed = resolver.a(name);
    if (dns_temporary(listed.status)) {
      out.notes.push_back({"dnsbl", "temperror", zone + ": no answer for " + name});
      continue;
    }
    if (!listed.ok()) {
      out.notes.push_back({"dnsbl", "pass", address + " not listed in " + zone});
      continue;
    }
    const DnsAnswer why = resolver.txt(name);
    std::string argument = "[" + address + "] blocked using " + normalize_dns_name(zone);
    if (why.ok() && !why.records.empty()) argument += "; " + why.records.front();
    out.notes.push_back(
        {"dnsbl", "listed", address + " listed in " + zone + " (" + listed.records.front() + ")"});
    refuse(protocol::SmtpError::from(protocol::ReplyId::ClientBlocklisted, argument,
                                     "client listed in DNSBL " + zone));
    break;
  }
  // 2. Reverse DNS, confirmed forward: the PTR name must resolve back to the address.
  if (policy.reverse_dns) {
    const DnsAnswer ptr = resolver.ptr(address);
    std::string confirmed;
    for (const auto& name : ptr.ok() ? ptr.records : std::vector<std::string>{}) {
      if (has_address(resolver.a(name), address)) {
        confirmed = name;
        break;
      }
    }
    if (!confirmed.empty()) {
      out.notes.push_back({"reverse_dns", "pass", address + " is " + confirmed + " (FCrDNS)"});
    } else {
      const std::string why =
          !ptr.ok() ? "no PTR record for " + address
                    : "PTR " + ptr.records.front() + " does not resolve back to " + address;
      out.notes.push_back({"reverse_dns", "fail", why});
      refuse(protocol::SmtpError::from(protocol::ReplyId::ClientHostUnknown, "[" + address + "]",
                                       why));
    }
  }
  // 3. The HELO name: does it exist, and does it name this client?
  if (policy.helo_resolvable || policy.helo_match) {
    const std::string name = helo.size() > 2 && helo.front() == '[' ? "" : helo;  // [1.2.3.4]
    const DnsAnswer a = name.empty() ? DnsAnswer{DnsStatus::Answer, {}} : resolver.a(name);
    if (!name.empty() && !a.ok()) {
      out.notes.push_back({"helo", "fail", "HELO " + helo + " has no address"});
      if (policy.helo_resolvable)
        refuse(protocol::SmtpError::from(protocol::ReplyId::HeloHostUnknown, helo,
                                         "HELO name " + helo + " not found in the DNS"));
    } else if (!name.empty() && policy.helo_match && !has_address(a, address)) {
      // RFC 5321 §4.1.4: a server may check that the name is the client's, but must not
      // refuse mail because it is not. Only noted.
      out.notes.push_back({"helo", "mismatch",
                           "HELO " + helo + " does not name " + address + " (noted, not refused)"});
    } else {
      out.notes.push_back({"helo", "pass", "HELO " + helo + " accepted"});
    }
  }
  return out;
}

}  // namespace smtplab::agents
