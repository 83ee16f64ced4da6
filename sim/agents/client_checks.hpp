// What a receiving MTA checks about the connecting client before it accepts a recipient:
// a DNS blocklist lookup of its address (RFC 5782), its reverse DNS confirmed forward
// (FCrDNS), and whether its HELO/EHLO name exists. The answers come from the lab's
// simulated DNS; refusals are rows of the reply catalogue. Checked at RCPT, not at the
// greeting, as Postfix does by default (smtpd_delay_reject): the log then shows who was
// writing to whom, clients that ignore a 554 greeting do not hammer the server, and mail
// to postmaster/abuse can still get through (RFC 5321 §4.5.1, RFC 2142).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/agents/resolver.hpp"
#include "sim/protocol/smtp_error.hpp"

namespace smtplab::agents {

/// The checks a node applies to its SMTP clients (all off by default).
struct ClientCheckPolicy {
  std::vector<std::string> dnsbl_zones;  ///< DNSBL zones ("dnsbl.example"), asked in order
  bool reverse_dns = false;      ///< PTR + forward confirmation (reject_unknown_client_hostname)
  bool helo_resolvable = false;  ///< the HELO name must have an A record
  bool helo_match = false;  ///< note (never refuse, RFC 5321 §4.1.4) a HELO not naming the client
  std::vector<std::string> exempt{"postmaster", "abuse"};  ///< local parts never refused

  bool any() const { return !dnsbl_zones.empty() || reverse_dns || helo_resolvable || helo_match; }
};

/// One check's verdict, for the timeline.
struct ClientCheckNote {
  std::string check;   ///< "dnsbl", "reverse_dns", "helo"
  std::string result;  ///< "listed", "pass", "fail", "mismatch", "temperror"
  std::string text;    ///< one readable line
};

/// The outcome of the checks: the refusal (the first failed check), and every verdict.
struct ClientCheckResult {
  std::optional<protocol::SmtpError> refusal;
  std::vector<ClientCheckNote> notes;
};

/// The DNSBL query name of an IPv4 address in `zone`: 127.0.3.66 -> 66.3.0.127.zone
/// (RFC 5782 §2.1); empty for an address that is not IPv4.
std::string dnsbl_query_name(const std::string& address, const std::string& zone);

/// True when `local_part` is one the policy never refuses (postmaster, abuse).
bool exempt_recipient(const ClientCheckPolicy& policy, const std::string& local_part);

/// Runs the checks for a client at `address` that said `helo`, in the order Postfix's
/// restriction lists usually hold them: blocklists, reverse DNS, HELO name.
ClientCheckResult check_client(const ClientCheckPolicy& policy, const Resolver& resolver,
                               const std::string& address, const std::string& helo);

}  // namespace smtplab::agents
